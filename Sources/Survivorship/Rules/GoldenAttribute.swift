import GoldenCore

/// One attribute of a golden record: the unit survivorship decides and lineage explains.
///
/// The raw values are the names `mappings/survivorship.yaml` and the lineage use. Multi-valued attributes (phones,
/// e-mails, addresses) are singular here because a rule decides *the* value, or with `union` keeps several.
public enum GoldenAttribute: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    // Organization
    case legalName = "legal_name"
    case shortName = "short_name"
    case legalForm = "legal_form"
    case inn
    case kpp
    case ogrn
    case website
    // Person
    case name
    case birthDate = "birth_date"
    case nationalID = "national_id"
    case jobTitle = "job_title"
    /// The employer's golden organization (the caller resolves the source-side employer reference).
    case employer
    case emailOptOut = "email_opt_out"
    case phoneOptOut = "phone_opt_out"
    // Both
    case address
    case phone
    case email
    /// The lifecycle status (`live`, `prospect`, `dead`).
    case status
    /// The lead owner: `source/owner id`, because an owner id only means something inside its source.
    case owner

    /// Dense index for per-attribute tables (trust rows, candidate buckets) without hashing.
    @inlinable public var ordinal: Int {
        switch self {
        case .legalName: 0
        case .shortName: 1
        case .legalForm: 2
        case .inn: 3
        case .kpp: 4
        case .ogrn: 5
        case .website: 6
        case .name: 7
        case .birthDate: 8
        case .nationalID: 9
        case .jobTitle: 10
        case .employer: 11
        case .emailOptOut: 12
        case .phoneOptOut: 13
        case .address: 14
        case .phone: 15
        case .email: 16
        case .status: 17
        case .owner: 18
        }
    }

    public static let count = 19

    public static func < (lhs: GoldenAttribute, rhs: GoldenAttribute) -> Bool { lhs.ordinal < rhs.ordinal }

    /// The attributes a golden record of `kind` has, in display order.
    public static func attributes(of kind: PartyKind) -> [GoldenAttribute] {
        switch kind {
        case .organization: organizationAttributes
        case .person: personAttributes
        }
    }

    static let organizationAttributes: [GoldenAttribute] = [
        .legalName, .shortName, .legalForm, .inn, .kpp, .ogrn, .address, .phone, .email, .website, .status, .owner,
    ]
    static let personAttributes: [GoldenAttribute] = [
        .name, .birthDate, .nationalID, .jobTitle, .employer, .address, .phone, .email, .emailOptOut, .phoneOptOut,
        .status, .owner,
    ]

    /// The attribute a key of the stored attributes JSON (`Party.storedJSON`, `source_records.attributes`) feeds:
    /// lists are plural there (`phones`), consent is nested (`consent.email_opt_out`), the rest are the same words.
    /// Lets the store build ``SurvivorshipMember`` values from stored records without standardizing again.
    public init?(storedKey: String) {
        switch storedKey {
        case "phones": self = .phone
        case "emails": self = .email
        case "addresses": self = .address
        case "kind", "name_parts", "facts", "consent": return nil
        default: self.init(rawValue: storedKey)
        }
    }

    /// Sources may offer several values of these, so `union` may keep several.
    public var isMultiValued: Bool { self == .phone || self == .email || self == .address }

    /// The legal identity of a company: accounting decides it, and finance confirmation locks it.
    public var isLegal: Bool { self == .legalName || self == .inn || self == .kpp }
}
