import Foundation

/// Bitrix24 datetimes: records carry the portal's local time with its offset (`2025-03-04T12:11:55+03:00`, whole
/// seconds); filters take ISO 8601 (we send UTC, `2025-03-04T09:11:55Z`).
enum Bitrix24Timestamp {
    static func parse(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle()))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }

    /// A filter value at or before `date` (whole seconds, floored).
    static func literal(_ date: Date) -> String {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)).formatted(Date.ISO8601FormatStyle())
    }
}
