import Foundation

/// One attribute value as a source gave it, with the standardized value and where it came from.
///
/// The raw string is kept verbatim because it is what the steward sees and what is written back when the source's
/// own value must not change. `value` is `nil` when standardization failed: the failure is in `issues` (and in
/// quarantine), and the record is still kept.
public struct AttributeValue<Value: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    /// The value exactly as the source sent it.
    public var raw: String
    /// The standardized value, or `nil` when the raw value failed validation.
    public var value: Value?
    /// The source record the value came from.
    public var source: SourceRecordRef
    /// When the source last modified the record (the source's clock), used by "most recent" survivorship.
    public var modifiedAt: Date
    /// Problems found while standardizing (warnings keep the value, errors drop it).
    public var issues: [StandardizationIssue]

    public init(
        raw: String,
        value: Value?,
        source: SourceRecordRef,
        modifiedAt: Date,
        issues: [StandardizationIssue] = []
    ) {
        self.raw = raw
        self.value = value
        self.source = source
        self.modifiedAt = modifiedAt
        self.issues = issues
    }

    /// `true` when a clean value exists; such a value may be offered to matching and survivorship.
    public var isValid: Bool { value != nil }
}
