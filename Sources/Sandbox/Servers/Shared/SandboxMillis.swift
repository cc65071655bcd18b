import Foundation

/// Millisecond stamps printed as ISO-8601 text, exactly.
///
/// `Date(timeIntervalSince1970: Double(millis) / 1000)` is not exact (…237 ms becomes …236.99…), and the
/// formatter truncates, so a record stored at …237 printed as …236: a connector that restarts a search at the
/// last printed stamp then saw that record twice. The fraction is therefore written from the integer.
enum SandboxMillis {
    /// `2024-05-20T20:49:32.117Z`.
    static func iso8601(_ millis: Int64) -> String {
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let fraction = Int(millis - seconds * 1000)
        let whole = Date(timeIntervalSince1970: Double(seconds)).formatted(Date.ISO8601FormatStyle())
        let digits = String(fraction)
        return String(whole.dropLast()) + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }
}
