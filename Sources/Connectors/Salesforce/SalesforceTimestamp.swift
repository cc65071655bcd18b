import Foundation

/// Salesforce's datetime shapes: records carry `2024-05-20T20:49:32.000+0000`; SOQL literals are unquoted
/// `2024-05-20T20:49:32Z` (whole seconds).
enum SalesforceTimestamp {
    /// Parses a record's datetime (`+0000`, `Z` or `+hh:mm` offsets, with or without milliseconds).
    static func parse(_ text: String) -> Date? {
        var normalized = text
        if normalized.count >= 5 {
            let tail = normalized.suffix(5)
            if let sign = tail.first, sign == "+" || sign == "-", tail.dropFirst().allSatisfy(\.isNumber) {
                normalized = String(normalized.dropLast(5)) + String(tail.prefix(3)) + ":" + String(tail.suffix(2))
            }
        }
        if let date = try? Date(normalized, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        return try? Date(normalized, strategy: Date.ISO8601FormatStyle())
    }

    /// A SOQL datetime literal at or before `date` (SOQL literals have no fraction, so this floors).
    static func literal(_ date: Date) -> String {
        let floored = Date(timeIntervalSince1970: (date.timeIntervalSince1970).rounded(.down))
        return floored.formatted(Date.ISO8601FormatStyle())
    }
}
