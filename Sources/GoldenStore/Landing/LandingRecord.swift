import Foundation
import GoldenCore

/// One source record ready to land: the raw payload, its standardized attributes, the columns blocking reads,
/// and the values that failed validation.
///
/// Built by the sync engine from a connector's raw record, the source's mapping and the standardizers; the store
/// only persists it, so it holds plain values and knows nothing of mappings.
public struct LandingRecord: Sendable, Hashable {
    public var source: String
    public var sourceKey: String
    public var entity: Entity
    public var modifiedAt: Date?
    public var deleted: Bool
    public var mergedIntoKey: String?
    /// The payload exactly as the source sent it, as JSON text.
    public var payloadJSON: String
    /// SHA-256 of the canonical payload: an unchanged record is a no-op.
    public var contentHash: [UInt8]
    /// The standardized canonical attributes with raw values and provenance, as JSON text.
    public var attributesJSON: String
    public var blocking: BlockingColumns
    /// What matching reads (the `Matching` module's `StoredMatchValues` text), computed once here so a match run
    /// never standardizes again; `nil` only for callers that land without matching in mind.
    public var matchValues: String?
    public var quarantine: [QuarantinedValue]
    /// The digest of the file row the record was built from, stored with its version (`nil` for API records).
    public var rowDigest: RowDigest?

    public enum Entity: String, Sendable, Hashable, Codable {
        case organization, person
    }

    public init(
        source: String, sourceKey: String, entity: Entity, modifiedAt: Date?, deleted: Bool = false,
        mergedIntoKey: String? = nil, payloadJSON: String, contentHash: [UInt8], attributesJSON: String = "{}",
        blocking: BlockingColumns = BlockingColumns(), matchValues: String? = nil, quarantine: [QuarantinedValue] = [],
        rowDigest: RowDigest? = nil
    ) {
        self.source = source
        self.sourceKey = sourceKey
        self.entity = entity
        self.modifiedAt = modifiedAt
        self.deleted = deleted
        self.mergedIntoKey = mergedIntoKey
        self.payloadJSON = payloadJSON
        self.contentHash = contentHash
        self.attributesJSON = attributesJSON
        self.blocking = blocking
        self.matchValues = matchValues
        self.quarantine = quarantine
        self.rowDigest = rowDigest
    }

    public var sourceRecordID: UUID { GoldenIdentifiers.sourceRecordID(source: source, key: sourceKey) }
}

/// Normalized match keys stored in their own columns so blocking can use indexes without opening the jsonb.
public struct BlockingColumns: Sendable, Hashable {
    public var inn: String?
    public var kpp: String?
    public var ogrn: String?
    public var nationalID: String?
    public var nameKey: String?
    public var familyKey: String?
    public var givenInitial: String?
    public var emailKeys: [String]
    public var phoneKeys: [String]
    public var postcode: String?
    public var cityKey: String?
    public var employerKey: String?

    public init(
        inn: String? = nil, kpp: String? = nil, ogrn: String? = nil, nationalID: String? = nil,
        nameKey: String? = nil, familyKey: String? = nil, givenInitial: String? = nil, emailKeys: [String] = [],
        phoneKeys: [String] = [], postcode: String? = nil, cityKey: String? = nil, employerKey: String? = nil
    ) {
        self.inn = inn
        self.kpp = kpp
        self.ogrn = ogrn
        self.nationalID = nationalID
        self.nameKey = nameKey
        self.familyKey = familyKey
        self.givenInitial = givenInitial
        self.emailKeys = emailKeys
        self.phoneKeys = phoneKeys
        self.postcode = postcode
        self.cityKey = cityKey
        self.employerKey = employerKey
    }
}

/// A value that failed validation: kept with its reason, while the record lands with the field empty.
public struct QuarantinedValue: Sendable, Hashable, Codable {
    /// The canonical field, with an index for repeated fields (`phone[1]`).
    public var field: String
    public var rawValue: String?
    public var reasonCode: String
    public var reason: String

    public init(field: String, rawValue: String?, reasonCode: String, reason: String) {
        self.field = field
        self.rawValue = rawValue
        self.reasonCode = reasonCode
        self.reason = reason
    }
}

/// What landing one batch changed.
public struct LandingCounts: Sendable, Hashable, Codable {
    public var received = 0
    public var newVersions = 0
    public var quarantined = 0
    public var deleted = 0
    /// Rows that never became records, kept whole in `rejected_rows`.
    public var rejected = 0
    /// Versions that differ from the one before only by values we pushed (our own echo): stored like any version,
    /// but not counted in ``newVersions``, because nobody at the source changed anything.
    public var echoes = 0

    public init(
        received: Int = 0, newVersions: Int = 0, quarantined: Int = 0, deleted: Int = 0, rejected: Int = 0,
        echoes: Int = 0
    ) {
        self.received = received
        self.newVersions = newVersions
        self.quarantined = quarantined
        self.deleted = deleted
        self.rejected = rejected
        self.echoes = echoes
    }

    public static func + (lhs: LandingCounts, rhs: LandingCounts) -> LandingCounts {
        LandingCounts(
            received: lhs.received + rhs.received, newVersions: lhs.newVersions + rhs.newVersions,
            quarantined: lhs.quarantined + rhs.quarantined, deleted: lhs.deleted + rhs.deleted,
            rejected: lhs.rejected + rhs.rejected, echoes: lhs.echoes + rhs.echoes)
    }
}
