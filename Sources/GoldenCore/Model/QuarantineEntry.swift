/// A value that failed standardization, kept with its reason so a steward can fix it at the source.
///
/// The record it belongs to is still stored, with that field empty: nothing is dropped silently.
public struct QuarantineEntry: Sendable, Codable, Hashable {
    public var record: SourceRecordRef
    /// The field path inside the record, for example `inn` or `phones[1]`.
    public var field: String
    /// The value as the source sent it.
    public var rawValue: String
    public var reason: QuarantineReason

    public init(record: SourceRecordRef, field: String, rawValue: String, reason: QuarantineReason) {
        self.record = record
        self.field = field
        self.rawValue = rawValue
        self.reason = reason
    }
}

/// Why a value was quarantined: a stable code for filtering and a message for people.
public struct QuarantineReason: Sendable, Codable, Hashable {
    /// The stable issue code, such as `inn.bad_checksum`.
    public var code: StandardizationIssue.Code
    public var message: String

    public init(code: StandardizationIssue.Code, message: String) {
        self.code = code
        self.message = message
    }

    public init(_ issue: StandardizationIssue) {
        self.init(code: issue.code, message: issue.message)
    }
}
