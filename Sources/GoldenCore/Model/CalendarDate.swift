/// A date without time or time zone, such as a birth date.
///
/// A `Date` would drift by a day across time zones; a birth date is a calendar fact. Encodes as `YYYY-MM-DD`.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Creates a date, or `nil` when the day does not exist in the proleptic Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= CalendarDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (ISO 8601, also with a time part) and `DD.MM.YYYY` (the Russian convention).
    public init?(parsing text: String) {
        // Parts and separators in locals rather than two arrays (two allocations per birth date); only the
        // first ten bytes are read, as before.
        var parts = (0, 0, 0)
        var partCount = 0
        var separators: (UInt8, UInt8) = (0, 0)
        var separatorCount = 0
        var current = 0
        var length = 0
        func endPart() {
            switch partCount {
            case 0: parts.0 = current
            case 1: parts.1 = current
            case 2: parts.2 = current
            default: break
            }
            partCount += 1
        }
        let wellFormed = ScalarText.withUTF8(text) { bytes -> Bool in
            for byte in bytes.prefix(10) {
                if byte >= 48 && byte <= 57 {
                    current = current * 10 + Int(byte - 48)
                    length += 1
                } else {
                    guard length > 0 else { return false }
                    endPart()
                    if separatorCount == 0 { separators.0 = byte } else if separatorCount == 1 { separators.1 = byte }
                    separatorCount += 1
                    current = 0
                    length = 0
                }
            }
            if length > 0 { endPart() }
            return true
        }
        guard wellFormed, partCount == 3, separatorCount == 2, separators.0 == separators.1 else { return nil }
        switch separators.0 {
        case UInt8(ascii: "-"): self.init(year: parts.0, month: parts.1, day: parts.2)
        case UInt8(ascii: "."): self.init(year: parts.2, month: parts.1, day: parts.0)
        default: return nil
        }
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a calendar date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
