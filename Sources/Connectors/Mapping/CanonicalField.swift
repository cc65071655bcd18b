/// The canonical attributes a mapping can fill, per entity type.
///
/// Names are the `snake_case` keys admins write in `mappings/*.yaml` and that deltas carry back to sources.
public enum CanonicalField: String, Sendable, Hashable, CaseIterable, Codable {
    // Organization
    case legalName = "legal_name"
    case shortName = "short_name"
    case legalForm = "legal_form"
    case inn
    case kpp
    case ogrn
    case website
    case receivablesBalance = "receivables_balance"
    case lastInvoiceDate = "last_invoice_date"
    case lastPaymentDate = "last_payment_date"
    case contractNumber = "contract_number"
    // Person
    case fullName = "full_name"
    case givenName = "given_name"
    case familyName = "family_name"
    case middleName = "middle_name"
    case birthDate = "birth_date"
    case nationalID = "national_id"
    case jobTitle = "job_title"
    case employer
    case emailOptOut = "email_opt_out"
    case phoneOptOut = "phone_opt_out"
    // Both
    case phone
    case email
    case address
    case status
    case owner

    public enum Entity: String, Sendable, Hashable, CaseIterable, Codable {
        case organization, person
    }

    /// Which entity types the field belongs to.
    public var entities: Set<Entity> {
        switch self {
        case .legalName, .shortName, .legalForm, .inn, .kpp, .ogrn, .website, .receivablesBalance, .lastInvoiceDate,
            .lastPaymentDate, .contractNumber:
            return [.organization]
        case .fullName, .givenName, .familyName, .middleName, .birthDate, .nationalID, .jobTitle, .employer,
            .emailOptOut, .phoneOptOut:
            return [.person]
        case .phone, .email, .address, .status, .owner:
            return [.organization, .person]
        }
    }

    /// Fields that hold several values (a record can have many phones); the others keep the first non-empty value.
    public var isRepeated: Bool {
        switch self {
        case .phone, .email, .address: return true
        default: return false
        }
    }
}
