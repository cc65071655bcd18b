import GoldenCore

/// How a source writes the dates of one field, declared in its mapping: `{ date: "yyyyMMdd" }`,
/// `{ date: "MM/dd/yyyy" }`, `{ date: excel }`.
///
/// `03/04/1990` is the 3rd of April in one country and the 4th of March in another, and nothing in the value says
/// which; only the person who knows the source can. The mapping says it once per field, and the transform rewrites
/// each value to ISO `YYYY-MM-DD`, the form standardization reads. A value that does not fit the layout passes
/// through unchanged, so the standardizer quarantines it with its record and field instead of it vanishing.
public struct DateLayout: Sendable, Hashable, CustomStringConvertible {
    enum Part: Sendable, Hashable {
        /// Four-digit year.
        case year
        /// Month or day: exactly two digits when `padded`, else one or two.
        case month(padded: Bool)
        case day(padded: Bool)
        /// A separator character that must appear as written.
        case literal(UInt8)
    }

    enum Form: Sendable, Hashable {
        case pattern([Part])
        /// Excel's serial day number (1900 system, as Excel and most exports write it).
        case excelSerial
    }

    let form: Form
    public let description: String

    /// A layout from its pattern: `yyyy`, `MM`/`M`, `dd`/`d` and separator characters, or `excel`.
    ///
    /// `nil` for anything else: two-digit years (`yy`) are refused on purpose, since a birth year `56` could be
    /// 1956 or 2056 and guessing would corrupt dates silently.
    public init?(_ pattern: String) {
        description = pattern
        if pattern == "excel" {
            form = .excelSerial
            return
        }
        var parts: [Part] = []
        let bytes = Array(pattern.utf8)
        var index = 0
        var seen = (year: false, month: false, day: false)
        while index < bytes.count {
            let byte = bytes[index]
            var run = 1
            while index + run < bytes.count, bytes[index + run] == byte { run += 1 }
            switch (byte, run) {
            case (UInt8(ascii: "y"), 4) where !seen.year:
                parts.append(.year)
                seen.year = true
            case (UInt8(ascii: "M"), 1...2) where !seen.month:
                parts.append(.month(padded: run == 2))
                seen.month = true
            case (UInt8(ascii: "d"), 1...2) where !seen.day:
                parts.append(.day(padded: run == 2))
                seen.day = true
            case _ where byte >= 0x80 || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
                || (byte >= 0x30 && byte <= 0x39):
                return nil
            default:
                parts.append(contentsOf: repeatElement(.literal(byte), count: run))
            }
            index += run
        }
        guard seen.year, seen.month, seen.day else { return nil }
        form = .pattern(parts)
    }

    /// `YYYY-MM-DD` of `text`, or `nil` when it does not fit the layout or is not a calendar date.
    public func isoText(_ text: String) -> String? {
        let bytes = Array(text.utf8.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed())
        switch form {
        case .excelSerial:
            guard let serial = Double(String(decoding: bytes, as: UTF8.self)), serial >= 1 else { return nil }
            return ExcelDate.isoText(serial: serial, kind: .date, date1904: false)
        case .pattern(let parts):
            return Self.parse(bytes, parts)
        }
    }

    private static func parse(_ bytes: [UInt8], _ parts: [Part]) -> String? {
        var index = 0
        var year = 0
        var month = 0
        var day = 0
        func digits(_ minimum: Int, _ maximum: Int) -> Int? {
            var value = 0
            var count = 0
            while count < maximum, index < bytes.count, bytes[index] &- 0x30 < 10 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                count += 1
            }
            return count >= minimum ? value : nil
        }
        for part in parts {
            switch part {
            case .year:
                guard let value = digits(4, 4) else { return nil }
                year = value
            case .month(let padded):
                guard let value = digits(padded ? 2 : 1, 2) else { return nil }
                month = value
            case .day(let padded):
                guard let value = digits(padded ? 2 : 1, 2) else { return nil }
                day = value
            case .literal(let byte):
                guard index < bytes.count, bytes[index] == byte else { return nil }
                index += 1
            }
        }
        guard index == bytes.count else { return nil }
        // GoldenCore's calendar date checks the day against the month (and leap years) and writes YYYY-MM-DD.
        return CalendarDate(year: year, month: month, day: day)?.description
    }
}
