import GoldenCore

/// How one source's payloads become canonical records: loaded from `mappings/<source>.yaml`.
public struct SourceMapping: Sendable, Hashable {
    /// The connector kind this mapping is written for (`salesforce`, `hubspot`, `bitrix24`, `elma365`, `1c-xml`,
    /// `csv`, `xlsx`).
    public let kind: String
    /// Region for phone numbers without a country code (ISO 3166 alpha-2), unless an entity overrides it.
    public let defaultRegion: String
    public let entities: [CanonicalField.Entity: EntityMapping]
    /// The file it was read from, for messages.
    public let file: String
}

/// The mapping of one entity type (organization or person) of a source.
public struct EntityMapping: Sendable, Hashable {
    public let entity: CanonicalField.Entity
    /// The source's own object name (`Account`, `companies`, `crm.company`, `Контрагент`), used by connectors.
    public let object: String
    /// Where the record's id, modification time and deletion flag sit in the payload.
    public let idPath: FieldPath
    public let modifiedAtPath: FieldPath?
    public let deletedPath: FieldPath?
    public let defaultRegion: String
    public let fields: [FieldMapping]
    /// Canonical fields this source receives back in sync deltas. Empty for read-only sources (accounting).
    public let receivesBack: Set<CanonicalField>
    /// Trust in this source per attribute, 0…1, for survivorship (`default` applies to the rest).
    public let trust: [CanonicalField: Double]
    public let defaultTrust: Double
    /// Source-specific settings a connector reads (`namespace`, `code` for ELMA365, `inn_field` for Salesforce).
    public let options: [String: String]

    public func trust(for field: CanonicalField) -> Double { trust[field] ?? defaultTrust }
}

/// One canonical field: the paths to read (in order) and the transforms to apply.
public struct FieldMapping: Sendable, Hashable {
    public let field: CanonicalField
    public let paths: [FieldPath]
    public let transforms: [FieldTransform]
    /// Required fields missing from a record are reported by `golden import --check` and quarantined on landing.
    public let required: Bool
    /// For `national_id`: the identifier's kind as stored (`snils`, `inn_person`, or an opaque kind such as
    /// `other`); `nil` means SNILS, the default of Russian sources.
    public let idKind: NationalID.Kind?

    public init(
        field: CanonicalField, paths: [FieldPath], transforms: [FieldTransform], required: Bool,
        idKind: NationalID.Kind? = nil
    ) {
        self.field = field
        self.paths = paths
        self.transforms = transforms
        self.required = required
        self.idKind = idKind
    }
}
