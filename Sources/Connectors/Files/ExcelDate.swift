/// Excel's serial day numbers as ISO 8601 text.
///
/// Excel stores dates as days since an epoch with the time as the fraction. In the 1900 system day 1 is
/// 1900-01-01 and Lotus 1-2-3's bug survives: day 60 is the non-existent 1900-02-29, so every later serial is one
/// day ahead of the calendar. In the 1904 system (old Mac workbooks, `date1904="1"`) day 0 is 1904-01-01.
/// Day 60 is rendered as the text `1900-02-29`, which is what Excel shows, rather than silently moved.
public enum ExcelDate {
    /// What a cell's number format shows: a date, a time of day, or both.
    public enum Kind: Sendable, Hashable {
        case date, time, dateTime
    }

    /// ISO text (`2024-05-01`, `12:30:00`, `2024-05-01T12:30:00`) of `serial`, or `nil` when it is out of range.
    public static func isoText(serial: Double, kind: Kind, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        let time = pad(seconds / 3600) + ":" + pad(seconds / 60 % 60) + ":" + pad(seconds % 60)
        if kind == .time { return time }
        let date: String
        if !date1904, days == 60 {
            date = "1900-02-29"
        } else {
            let epoch = date1904 ? -24_107 : (days < 60 ? -25_568 : -25_569)
            let (year, month, day) = civil(daysSince1970: epoch + days)
            date = String(year) + "-" + pad(month) + "-" + pad(day)
        }
        return kind == .date ? date : date + "T" + time
    }

    /// Year, month and day of a day count from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(daysSince1970: Int) -> (Int, Int, Int) {
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }
}
