/// A problem found while standardizing one value: the one issue type of `GoldenCore`.
///
/// The code is stable (filters, dashboards and tests depend on it); the message is for people and names the field.
/// Errors mean the value is unusable and goes to quarantine; warnings keep the value (a role mailbox, a number
/// with two phones in one field) but are worth a steward's glance.
public struct StandardizationIssue: Error, Sendable, Codable, Hashable, CustomStringConvertible {
    /// A stable, dotted issue code: `<field>.<problem>`.
    public struct Code: RawRepresentable, Sendable, Codable, Hashable, ExpressibleByStringLiteral,
        CustomStringConvertible
    {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    public enum Severity: String, Sendable, Codable, Hashable {
        /// The value is kept; the issue is informational.
        case warning
        /// The value is unusable: it is dropped from the clean record and quarantined.
        case error
    }

    public var code: Code
    public var message: String
    public var severity: Severity

    public init(_ code: Code, _ message: String, severity: Severity = .error) {
        self.code = code
        self.message = message
        self.severity = severity
    }

    public var isError: Bool { severity == .error }

    public var description: String { "\(code): \(message)" }

    private enum CodingKeys: String, CodingKey {
        case code, message, severity
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(Code.self, forKey: .code)
        message = try container.decode(String.self, forKey: .message)
        severity = try container.decodeIfPresent(Severity.self, forKey: .severity) ?? .error
    }

    /// Encodes `code` and `message` only: the CLI's JSON shape is `{"code":…,"message":…}` and must stay stable.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
    }
}
