import Foundation

/// ISO 8601 UTC times (`2026-12-02T21:31:00Z`, with `.ffffff` microseconds only when there are any), written and
/// read by hand.
///
/// Lineage is written for every golden attribute of every changed record; `ISO8601DateFormatter` costs microseconds
/// a call and is not `Sendable`. Microseconds are PostgreSQL's precision, so a stored time reads back equal.
public enum Timestamp {
    public static func text(_ date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func append(_ date: Date, to bytes: inout [UInt8]) {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        if rest < 0 {
            rest += 86_400_000_000
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        digits(year, 4, &bytes)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2, &bytes)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2, &bytes)
        bytes.append(UInt8(ascii: "T"))
        digits(rest / 3_600_000_000, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        digits(rest / 60_000_000 % 60, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        digits(rest / 1_000_000 % 60, 2, &bytes)
        if rest % 1_000_000 != 0 {
            bytes.append(UInt8(ascii: "."))
            digits(rest % 1_000_000, 6, &bytes)
        }
        bytes.append(UInt8(ascii: "Z"))
    }

    /// Reads what ``text(_:)`` writes (fraction optional, 1 to 6 digits); anything else is `nil`.
    static func date(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return nil }
        func number(_ start: Int, _ length: Int) -> Int64? {
            var value: Int64 = 0
            for index in start..<(start + length) {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var micros: Int64 = 0
        if bytes.count > 20 {
            let digitsCount = bytes.count - 21
            guard bytes[19] == UInt8(ascii: "."), (1...6).contains(digitsCount),
                let fraction = number(20, digitsCount)
            else { return nil }
            micros = fraction
            for _ in digitsCount..<6 { micros *= 10 }
        } else if bytes.count != 20 {
            return nil
        }
        let days = daysFromCivil(year, month, day)
        let total = ((days * 24 + hour) * 60 + minute) * 60 + second
        return Date(timeIntervalSince1970: Double(total * 1_000_000 + micros) / 1_000_000)
    }

    private static func digits(_ value: Int64, _ width: Int, _ bytes: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var value = value
        while divisor > 0 {
            bytes.append(UInt8(48 + value / divisor % 10))
            value %= divisor
            divisor /= 10
        }
    }

    /// Howard Hinnant's days-from-civil and its inverse (proleptic Gregorian, days since 1970-01-01).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let year = month <= 2 ? year - 1 : year
        let era = (year >= 0 ? year : year - 399) / 400
        let yoe = year - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
