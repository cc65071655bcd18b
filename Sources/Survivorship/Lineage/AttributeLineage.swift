import Foundation

/// Why one golden attribute has its value: the winner, where it came from, the rule that decided and every
/// candidate it beat with the reason.
///
/// Stored as jsonb (`golden_attribute_lineage.value`) and read back by `golden explain`, so the JSON shape is part of
/// the contract: snake_case keys; times as ISO 8601 UTC strings (microseconds, PostgreSQL's precision, only when
/// not zero); absent optionals left out; `raw` only where it differs from `value`; `beaten` and `agreed` only when
/// not empty. Every source carries its record id: inside a ``LineageDocument`` a record is written once and named
/// by position, so the id costs nothing per mention. ``jsonText`` writes it without `JSONEncoder`; `Codable` reads
/// it back.
public struct AttributeLineage: Sendable, Hashable, Codable {
    public var attribute: GoldenAttribute
    /// The clean winning value; `nil` when no source offered a valid one.
    public var value: String?
    /// The winning value exactly as its source sent it.
    public var raw: String?
    /// The source record of the winning value; `nil` when a steward override or nothing decided.
    public var source: LineageSource?
    /// What decided: a rule name (``SurvivorshipRule/name``) or one of ``Decider``.
    public var rule: String
    /// Set when no rule separated the last values and a fixed order did (``TieBreak``).
    public var tieBrokenBy: String?
    /// The winner's measure under the deciding rule (trust after decay, votes, length), when it has one.
    public var score: Double?
    /// Who set the value and why, when a steward override decided.
    public var override: OverrideNote?
    /// `union` only: every kept value, the primary first; the others say why they are not primary.
    public var values: [LineageCandidate]?
    /// Every candidate that did not win, with the reason.
    public var beaten: [LineageCandidate]
    /// Other records that offered the winning value, in `source/id` order: support for the value, not losers.
    public var agreed: [LineageSource]

    public init(
        attribute: GoldenAttribute, value: String?, raw: String?, source: LineageSource?, rule: String,
        tieBrokenBy: String? = nil, score: Double? = nil, override: OverrideNote? = nil,
        values: [LineageCandidate]? = nil, beaten: [LineageCandidate] = [], agreed: [LineageSource] = []
    ) {
        self.attribute = attribute
        self.value = value
        self.raw = raw
        self.source = source
        self.rule = rule
        self.tieBrokenBy = tieBrokenBy
        self.score = score
        self.override = override
        self.values = values
        self.beaten = beaten
        self.agreed = agreed
    }

    /// Every kept value: all of a union's values, or the single winner.
    public var allValues: [String] {
        if let values { return values.compactMap(\.value) }
        return value.map { [$0] } ?? []
    }

    enum CodingKeys: String, CodingKey {
        case attribute, value, raw, source, rule, score, override, values, beaten, agreed
        case tieBrokenBy = "tie_broken_by"
    }

    // `raw` is left out when it equals `value` (most standardized values are their own raw form), which keeps the
    // rows of 600k golden records noticeably smaller; reading it back restores it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        attribute = try container.decode(GoldenAttribute.self, forKey: .attribute)
        value = try container.decodeIfPresent(String.self, forKey: .value)
        raw = try container.decodeIfPresent(String.self, forKey: .raw) ?? value
        source = try container.decodeIfPresent(LineageSource.self, forKey: .source)
        rule = try container.decode(String.self, forKey: .rule)
        tieBrokenBy = try container.decodeIfPresent(String.self, forKey: .tieBrokenBy)
        score = try container.decodeIfPresent(Double.self, forKey: .score)
        override = try container.decodeIfPresent(OverrideNote.self, forKey: .override)
        values = try container.decodeIfPresent([LineageCandidate].self, forKey: .values)
        beaten = try container.decodeIfPresent([LineageCandidate].self, forKey: .beaten) ?? []
        agreed = try container.decodeIfPresent([LineageSource].self, forKey: .agreed) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(attribute, forKey: .attribute)
        try container.encodeIfPresent(value, forKey: .value)
        if raw != value { try container.encodeIfPresent(raw, forKey: .raw) }
        try container.encodeIfPresent(source, forKey: .source)
        try container.encode(rule, forKey: .rule)
        try container.encodeIfPresent(tieBrokenBy, forKey: .tieBrokenBy)
        try container.encodeIfPresent(score, forKey: .score)
        try container.encodeIfPresent(override, forKey: .override)
        try container.encodeIfPresent(values, forKey: .values)
        if !beaten.isEmpty { try container.encode(beaten, forKey: .beaten) }
        if !agreed.isEmpty { try container.encode(agreed, forKey: .agreed) }
    }

    /// Deciders that are not rules of the rules file.
    public enum Decider {
        /// Every valid candidate had the same value: nothing to decide, so no rule is credited.
        public static let onlyValue = "only_value"
        /// No rule separated the values; ``TieBreak`` picked one.
        public static let tie = "tie"
        /// No source offered a valid value.
        public static let noValidValue = "no_valid_value"
        /// Finance confirmed the company; the value is locked (a differing winner became a proposal).
        public static let confirmedLock = "confirmed_lock"
        /// Finance accepted a proposal for a locked field: the value is locked to it.
        public static let proposalAccepted = "proposal_accepted"
    }

    /// The fixed orders that break ties no rule broke.
    public enum TieBreak {
        /// The smallest `source/id` wins: arbitrary but the same on every run and machine.
        public static let sourceRecordID = "source_record_id"
    }
}

/// The record a value came from.
public struct LineageSource: Sendable, Hashable, Codable {
    public var source: String
    public var key: String
    public var modifiedAt: Date
    public var recordID: UUID?

    public init(source: String, key: String, modifiedAt: Date, recordID: UUID? = nil) {
        self.source = source
        self.key = key
        self.modifiedAt = modifiedAt
        self.recordID = recordID
    }

    enum CodingKeys: String, CodingKey {
        case source, key
        case modifiedAt = "modified_at"
        case recordID = "record_id"
    }

    // The id first: lineage looks each source up among a golden record's members, which differ in their ids at
    // once and often share the source name. Every field still has to agree, as the synthesized one asks.
    public static func == (lhs: LineageSource, rhs: LineageSource) -> Bool {
        lhs.recordID == rhs.recordID && lhs.modifiedAt == rhs.modifiedAt && lhs.key == rhs.key
            && lhs.source == rhs.source
    }

    public init(from decoder: any Decoder) throws {
        if let indexed = try Self.indexed(decoder) {
            self = indexed
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(String.self, forKey: .source)
        key = try container.decode(String.self, forKey: .key)
        modifiedAt = try container.decodeTimestamp(forKey: .modifiedAt)
        recordID = try container.decodeIfPresent(UUID.self, forKey: .recordID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(key, forKey: .key)
        try container.encode(Timestamp.text(modifiedAt), forKey: .modifiedAt)
        try container.encodeIfPresent(recordID, forKey: .recordID)
    }
}

/// A candidate value in lineage: a beaten one (with why it lost) or, in a union, a kept one.
public struct LineageCandidate: Sendable, Hashable, Codable {
    /// The clean value; `nil` when it failed validation (then `raw` and `issues` say what the source sent).
    public var value: String?
    public var raw: String
    public var source: LineageSource?
    /// Why it did not win; `nil` for a union's primary.
    public var reason: LossReason?
    /// Its measure under the rule that eliminated it (trust after decay, votes, length), when it has one.
    public var score: Double?
    /// Issue codes, for values that failed validation.
    public var issues: [String]?

    public init(
        value: String?, raw: String, source: LineageSource?, reason: LossReason?, score: Double? = nil,
        issues: [String]? = nil
    ) {
        self.value = value
        self.raw = raw
        self.source = source
        self.reason = reason
        self.score = score
        self.issues = issues
    }

    enum CodingKeys: String, CodingKey { case value, raw, source, reason, score, issues }

    // Like ``AttributeLineage``: `raw` only when it differs from `value`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        value = try container.decodeIfPresent(String.self, forKey: .value)
        guard let raw = try container.decodeIfPresent(String.self, forKey: .raw) ?? value else {
            throw DecodingError.keyNotFound(
                CodingKeys.raw,
                .init(codingPath: container.codingPath, debugDescription: "a candidate needs a value or raw"))
        }
        self.raw = raw
        source = try container.decodeIfPresent(LineageSource.self, forKey: .source)
        reason = try container.decodeIfPresent(LossReason.self, forKey: .reason)
        score = try container.decodeIfPresent(Double.self, forKey: .score)
        issues = try container.decodeIfPresent([String].self, forKey: .issues)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(value, forKey: .value)
        if raw != value { try container.encode(raw, forKey: .raw) }
        try container.encodeIfPresent(source, forKey: .source)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(score, forKey: .score)
        try container.encodeIfPresent(issues, forKey: .issues)
    }
}

/// Why a candidate lost, in words a steward reads in `golden explain`.
public enum LossReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The value failed validation (quarantined): it never survives.
    case failedValidation = "failed_validation"
    /// The source record is deleted: kept, but no longer votes.
    case recordDeleted = "record_deleted"
    /// A steward override decided.
    case stewardOverride = "steward_override"
    /// Finance confirmed the company and this attribute is locked.
    case confirmedLock = "confirmed_lock"
    case notAccounting = "not_accounting"
    case lowerPriority = "lower_priority"
    /// Lower trust after decay.
    case lowerTrust = "lower_trust"
    case older
    case lessFrequent = "less_frequent"
    case lessComplete = "less_complete"
    case smaller
    case larger
    case lessRestrictive = "less_restrictive"
    /// No rule separated it from the winner; the tie break (smallest source record id) went the other way.
    case tieBroken = "tie_broken"

    /// The reason as a steward reads it, in `golden explain` and on the golden record page.
    public var words: String {
        switch self {
        case .failedValidation: "failed validation"
        case .recordDeleted: "its record is deleted"
        case .stewardOverride: "a steward override holds"
        case .confirmedLock: "finance confirmed the account"
        case .notAccounting: "not from the accounting system"
        case .lowerPriority: "lower source priority"
        case .lowerTrust: "lower trust after decay"
        case .older: "older"
        case .lessFrequent: "less frequent"
        case .lessComplete: "less complete"
        case .smaller: "smaller"
        case .larger: "larger"
        case .lessRestrictive: "less restrictive"
        case .tieBroken: "tie, broken by record id"
        }
    }
}

/// Who overrode a value, when and why.
public struct OverrideNote: Sendable, Hashable, Codable {
    public var by: String
    public var reason: String
    public var at: Date

    public init(by: String, reason: String, at: Date) {
        self.by = by
        self.reason = reason
        self.at = at
    }

    enum CodingKeys: String, CodingKey { case by, reason, at }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        by = try container.decode(String.self, forKey: .by)
        reason = try container.decode(String.self, forKey: .reason)
        at = try container.decodeTimestamp(forKey: .at)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(by, forKey: .by)
        try container.encode(reason, forKey: .reason)
        try container.encode(Timestamp.text(at), forKey: .at)
    }
}

extension KeyedDecodingContainer {
    func decodeTimestamp(forKey key: Key) throws -> Date {
        let text = try decode(String.self, forKey: key)
        guard let date = Timestamp.date(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "expected an ISO 8601 UTC time, got '\(text)'")
        }
        return date
    }
}
