import Foundation

/// One golden record's survived values, encoded for the store: what ``GoldenRecordRepository/apply(_:entity:cause:survived:)``
/// writes to `golden_records` and a `golden_versions` row (with its lineage).
///
/// The store does not read the JSON it is handed; the Survivorship module owns that format. The one thing the store
/// knows of the lineage document is its outer shape (`records` and `attributes`, each attribute naming itself under
/// `attribute`), so that finance's accepted proposal can replace one attribute's lineage in place.
public struct SurvivedValues: Sendable, Hashable {
    /// A value that would replace a locked legal field of a confirmed company.
    public struct Proposal: Sendable, Hashable {
        public var attribute: String
        public var current: String?
        public var proposed: String
        public var proposedRaw: String?
        public var sourceRecordID: UUID?
        public var rule: String

        public init(
            attribute: String, current: String?, proposed: String, proposedRaw: String?, sourceRecordID: UUID?,
            rule: String
        ) {
            self.attribute = attribute
            self.current = current
            self.proposed = proposed
            self.proposedRaw = proposedRaw
            self.sourceRecordID = sourceRecordID
            self.rule = rule
        }
    }

    /// What one member source record should receive: the outbox row written with this version.
    public struct Delta: Sendable, Hashable {
        public var sourceRecordID: UUID
        public var source: String
        /// `{"entity": …, "fields": {"<mapping path>": value}}`, what the source's connector pushes.
        public var json: String
        /// The version of the source record the delta was computed from: the push compares the source's stamp with
        /// that version's, to find records changed at the source since (conflicts).
        public var sourceVersion: Int?

        public init(sourceRecordID: UUID, source: String, json: String, sourceVersion: Int? = nil) {
            self.sourceRecordID = sourceRecordID
            self.source = source
            self.json = json
            self.sourceVersion = sourceVersion
        }
    }

    public var goldenID: UUID
    /// `provisional`, `matched` or `confirmed` (organizations); persons stay `provisional`.
    public var status: String
    /// `live`, `prospect` or `dead`.
    public var lifecycle: String
    public var deadReason: String?
    /// The golden document (`golden_records.attributes`).
    public var attributesJSON: String
    /// Search keys of the document (``GoldenSearchKeys``), written beside it.
    public var searchKeys: [String]
    /// Digest of everything survivorship read; an unchanged digest lets the next run skip the record.
    public var input: Int64
    /// Digest of ``attributesJSON``, compared by the next run that recomputes the record.
    public var valuesDigest: Int64
    /// The members the values were computed from (written on a version that changes values only).
    public var members: [UUID]
    /// "Why each value won", one document for the version (`golden_versions.lineage`), as the UTF-8 bytes its
    /// writer made: the largest text of a run (about 1.6 KB a record) goes to COPY without becoming a `String`,
    /// which would check every byte again and allocate it once more.
    public var lineageUTF8: [UInt8]
    public var proposals: [Proposal]
    /// Outbox rows for members whose source should show the golden values (same transaction as the version).
    public var deltas: [Delta]

    public init(
        goldenID: UUID, status: String, lifecycle: String, deadReason: String?, attributesJSON: String, searchKeys: [String], input: Int64,
        valuesDigest: Int64, members: [UUID], lineageUTF8: [UInt8], proposals: [Proposal] = [], deltas: [Delta] = []
    ) {
        self.deltas = deltas
        self.goldenID = goldenID
        self.status = status
        self.lifecycle = lifecycle
        self.deadReason = deadReason
        self.attributesJSON = attributesJSON
        self.searchKeys = searchKeys
        self.input = input
        self.valuesDigest = valuesDigest
        self.members = members
        self.lineageUTF8 = lineageUTF8
        self.proposals = proposals
    }
}
