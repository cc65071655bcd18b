import Foundation

/// Date arithmetic and the per-source timestamp spellings, without `DateFormatter`.
///
/// `DateFormatter` depends on locale and time-zone data and is slow at a million records; the civil-date
/// algorithm below (H. Hinnant's `civil_from_days`) is exact and identical everywhere.
enum SourceTimestamp {
    /// 2021-01-01T00:00:00Z: the start of the window in which generated records were last modified.
    static let windowStart: Int64 = 1_609_459_200
    /// Five years of seconds.
    static let windowLength = 157_766_400

    static func civil(_ epochSeconds: Int64) -> (year: Int, month: Int, day: Int, seconds: Int) {
        let days = Int(epochSeconds.quotientAndRemainder(dividingBy: 86_400).quotient)
        let seconds = Int(epochSeconds - Int64(days) * 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day, seconds)
    }

    /// "2024-05-20"
    static func date(_ epochSeconds: Int64) -> String {
        let c = civil(epochSeconds)
        return date(year: c.year, month: c.month, day: c.day)
    }

    static func date(year: Int, month: Int, day: Int) -> String {
        MasterOrganization.pad(year, 4) + "-" + MasterOrganization.pad(month, 2) + "-" + MasterOrganization.pad(day, 2)
    }

    /// "2024-05-20T20:49:32"
    static func dateTime(_ epochSeconds: Int64) -> String {
        let c = civil(epochSeconds)
        let time = MasterOrganization.pad(c.seconds / 3600, 2) + ":" + MasterOrganization.pad(c.seconds / 60 % 60, 2)
            + ":" + MasterOrganization.pad(c.seconds % 60, 2)
        return date(year: c.year, month: c.month, day: c.day) + "T" + time
    }

    /// Salesforce: "2024-05-20T20:49:32.000+0000".
    static func salesforce(_ epochSeconds: Int64) -> String {
        dateTime(epochSeconds) + ".000+0000"
    }

    /// HubSpot and ELMA365: "2024-05-20T20:49:32.117Z".
    static func isoMillis(_ epochSeconds: Int64, millis: Int) -> String {
        dateTime(epochSeconds) + "." + MasterOrganization.pad(millis, 3) + "Z"
    }

    /// Bitrix24 portal in Moscow time: "2025-03-04T12:11:55+03:00".
    static func bitrix(_ epochSeconds: Int64) -> String {
        dateTime(epochSeconds + 10_800) + "+03:00"
    }

    static func toDate(_ epochSeconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(epochSeconds))
    }
}
