import Foundation

/// Reads the date forms file sources write: `2024-05-01`, `2024-05-01T12:00:00`, with optional fraction and zone
/// (`Z`, `+03:00`, `+0300` as Salesforce exports it, or `+03`).
///
/// 1C writes local time without a zone, so the zone to assume is a parameter. `ISO8601DateFormatter` and
/// `Calendar` are avoided: the first refuses a date-time without a zone, and both cost microseconds per call on
/// a path that runs once per CSV row.
enum FileDateParser {
    static func date(from text: String, timeZone: TimeZone) -> Date? {
        var bytes = Array(text.utf8)
        while bytes.last == UInt8(ascii: " ") { bytes.removeLast() }
        if bytes.first == UInt8(ascii: " ") { bytes.removeFirst(bytes.prefix { $0 == UInt8(ascii: " ") }.count) }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        // `+03:00`, `+0300` (Salesforce's own export form) or `+03`, to the end of the text.
        func offset(from start: Int) -> (Int, Int)? {
            switch bytes.count - start {
            case 5 where bytes[start + 2] == UInt8(ascii: ":"):
                guard let hours = number(start..<start + 2), let minutes = number(start + 3..<start + 5) else { return nil }
                return (hours, minutes)
            case 4:
                guard let hours = number(start..<start + 2), let minutes = number(start + 2..<start + 4) else { return nil }
                return (hours, minutes)
            case 2:
                return number(start..<start + 2).map { ($0, 0) }
            default:
                return nil
            }
        }
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var secondsOfDay = 0
        var zone: TimeZone? = timeZone
        if bytes.count > 10 {
            guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
                let hour = number(11..<13), bytes.count >= 19, bytes[13] == UInt8(ascii: ":"),
                let minute = number(14..<16), bytes[16] == UInt8(ascii: ":"), let second = number(17..<19),
                hour < 24, minute < 60, second < 61
            else { return nil }
            secondsOfDay = hour * 3600 + minute * 60 + second
            var index = 19
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            }
            if index < bytes.count {
                if bytes[index] == UInt8(ascii: "Z"), index + 1 == bytes.count {
                    zone = nil
                } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
                    let (hours, minutes) = offset(from: index + 1)
                {
                    let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                    zone = nil
                    secondsOfDay -= sign * (hours * 3600 + minutes * 60)
                } else {
                    return nil
                }
            }
        }
        let local = Double(daysSince1970(year: year, month: month, day: day) * 86_400 + secondsOfDay)
        guard let zone, zone != .gmt else { return Date(timeIntervalSince1970: local) }
        let guess = local - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: local)))
        return Date(timeIntervalSince1970: local - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))))
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let year = month <= 2 ? year - 1 : year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
