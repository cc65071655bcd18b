/// Minimal ISO date arithmetic for date comparison levels, so that "within N days" is an integer subtraction
/// per pair and the module needs no `Calendar` (slow, locale-laden) in the hot path.
enum CalendarDay {
    /// Parses `YYYY-MM-DD` into a day number; `nil` when the value is not a valid date.
    static func dayNumber(_ text: String) -> Int32? {
        guard let (year, month, day) = components(text) else { return nil }
        return dayNumber(year: year, month: month, day: day)
    }

    static func components(_ text: String) -> (Int, Int, Int)? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        return (year, month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 0000-03-01 (Howard Hinnant's days-from-civil, shifted); monotonic, so differences are exact.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int32 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Int32(era * 146_097 + dayOfEra)
    }

    /// True when two packed `yyyymmdd` dates are the same date with day and month swapped (03-04 vs 04-03),
    /// a classic keying error between day-first and month-first systems.
    static func isDayMonthSwap(_ a: Int32, _ b: Int32) -> Bool {
        guard a != Int32.min, b != Int32.min else { return false }
        let (y1, m1, d1) = (a / 10_000, a / 100 % 100, a % 100)
        let (y2, m2, d2) = (b / 10_000, b / 100 % 100, b % 100)
        return y1 == y2 && m1 == d2 && d1 == m2 && m1 != d1
    }
}
