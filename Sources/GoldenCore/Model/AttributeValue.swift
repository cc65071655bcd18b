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
    /// The source record and its modified-at time, shared by every attribute of one standardized record.
    public var provenance: Provenance
    /// Problems found while standardizing (warnings keep the value, errors drop it).
    public var issues: [StandardizationIssue]

    /// The source record the value came from.
    public var source: SourceRecordRef {
        get { provenance.ref }
        set { provenance = Provenance(ref: newValue, modifiedAt: provenance.modifiedAt) }
    }

    /// When the source last modified the record (the source's clock), used by "most recent" survivorship.
    public var modifiedAt: Date {
        get { provenance.modifiedAt }
        set { provenance = Provenance(ref: provenance.ref, modifiedAt: newValue) }
    }

    public init(
        raw: String,
        value: Value?,
        source: SourceRecordRef,
        modifiedAt: Date,
        issues: [StandardizationIssue] = []
    ) {
        self.init(raw: raw, value: value, provenance: Provenance(ref: source, modifiedAt: modifiedAt), issues: issues)
    }

    public init(raw: String, value: Value?, provenance: Provenance, issues: [StandardizationIssue] = []) {
        self.raw = raw
        self.value = value
        self.provenance = provenance
        self.issues = issues
    }

    /// `true` when a clean value exists; such a value may be offered to matching and survivorship.
    public var isValid: Bool { value != nil }

    // Encoded with the source and time inline, the shape stored and exchanged before `Provenance` existed.
    private enum CodingKeys: String, CodingKey {
        case raw, value, source, modifiedAt, issues
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            raw: try container.decode(String.self, forKey: .raw),
            value: try container.decodeIfPresent(Value.self, forKey: .value),
            source: try container.decode(SourceRecordRef.self, forKey: .source),
            modifiedAt: try container.decode(Date.self, forKey: .modifiedAt),
            issues: try container.decode([StandardizationIssue].self, forKey: .issues))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(raw, forKey: .raw)
        try container.encodeIfPresent(value, forKey: .value)
        try container.encode(provenance.ref, forKey: .source)
        try container.encode(provenance.modifiedAt, forKey: .modifiedAt)
        try container.encode(issues, forKey: .issues)
    }
}

/// Where the values of one standardized record came from: the source record and the source's modified-at time.
///
/// One immutable instance per record, shared by all its attributes: every attribute keeps its provenance (the
/// input to survivorship) for one reference count instead of a copy of two strings and a date. Compared and
/// hashed by value.
public final class Provenance: Sendable, Hashable {
    public let ref: SourceRecordRef
    public let modifiedAt: Date

    public init(ref: SourceRecordRef, modifiedAt: Date) {
        self.ref = ref
        self.modifiedAt = modifiedAt
    }

    public static func == (lhs: Provenance, rhs: Provenance) -> Bool {
        lhs === rhs || (lhs.ref == rhs.ref && lhs.modifiedAt == rhs.modifiedAt)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ref)
        hasher.combine(modifiedAt)
    }
}
