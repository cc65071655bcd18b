import Foundation

/// `application/x-www-form-urlencoded` text (a query string or a form body) as name/value pairs.
///
/// Vendors' clients encode spaces as `+` (HTML forms, Python's `requests`, Salesforce's own examples) or as
/// `%20`; both mean a space. Hummingbird's `queryParameters` decodes `%xx` only and leaves names encoded, so the
/// sandboxes read query strings through this instead.
enum SandboxForm {
    static func pairs(_ text: some StringProtocol) -> [(name: String, value: String)] {
        text.split(separator: "&").compactMap { item in
            guard !item.isEmpty else { return nil }
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// The first value of `name`, decoded; `nil` when absent.
    static func value(_ name: String, in query: String?) -> String? {
        guard let query else { return nil }
        return pairs(query).first { $0.name == name }?.value
    }

    static func decode(_ text: some StringProtocol) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
