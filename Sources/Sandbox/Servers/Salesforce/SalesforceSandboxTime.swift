import Foundation

/// Salesforce datetimes on the sandbox side: records print `2024-05-20T20:49:32.000+0000`; SOQL literals come
/// as `2024-05-20T20:49:32Z` or with an `+hh:mm` offset.
enum SalesforceSandboxTime {
    static func format(_ millis: Int64) -> String {
        String(SandboxMillis.iso8601(millis).dropLast()) + "+0000"
    }

    static func millis(_ text: String) -> Int64? {
        var normalized = text
        let tail = normalized.suffix(5)
        if tail.count == 5, let sign = tail.first, sign == "+" || sign == "-", tail.dropFirst().allSatisfy(\.isNumber) {
            normalized = String(normalized.dropLast(5)) + String(tail.prefix(3)) + ":" + String(tail.suffix(2))
        }
        let date =
            (try? Date(normalized, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(normalized, strategy: Date.ISO8601FormatStyle()))
        return date.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
    }
}
