import Foundation

/// A source's answer that is not a transient failure: a 2xx with its JSON body, or a 4xx for the connector to read
/// in its vendor's terms (Salesforce's error arrays, HubSpot's 207 and its search window).
public struct SourceHTTPResponse: Sendable {
    public let status: Int
    /// Header names are lower-cased.
    public let headers: [String: String]
    /// The body as JSON; `.null` when empty, `.string` with the text when an error body is not JSON.
    public let body: JSONValue
    /// The request, as `GET <url>`, for messages.
    public let request: String

    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The first error code and message in either vendor's shape: Salesforce's array of
    /// `{errorCode, message}` or HubSpot's `{category, message}`.
    public var errorSummary: (code: String, message: String) {
        let first: JSONValue
        if case .array(let items) = body, let head = items.first { first = head } else { first = body }
        let code = first["errorCode"]?.stringText ?? first["category"]?.stringText ?? first["errorType"]?.stringText
        let message = first["message"]?.stringText ?? (body.stringText.map { String($0.prefix(300)) } ?? "")
        return (code ?? "HTTP_\(status)", message)
    }
}

extension JSONValue {
    /// The text of a string value; `nil` for anything else.
    public var stringText: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
