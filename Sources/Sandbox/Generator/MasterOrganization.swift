/// The true, clean facts about one organization; source records are noisy renderings of it.
struct MasterOrganization: Sendable {
    enum LegalForm: String, Sendable, CaseIterable {
        case ooo, ao, pao, zao, ip, llc, ltd, gmbh, inc

        var isRussian: Bool {
            switch self {
            case .ooo, .ao, .pao, .zao, .ip: return true
            case .llc, .ltd, .gmbh, .inc: return false
            }
        }

        /// Short form as written before or after the name ("ООО", "LLC").
        var abbreviation: String {
            switch self {
            case .ooo: return "ООО"
            case .ao: return "АО"
            case .pao: return "ПАО"
            case .zao: return "ЗАО"
            case .ip: return "ИП"
            case .llc: return "LLC"
            case .ltd: return "Ltd"
            case .gmbh: return "GmbH"
            case .inc: return "Inc."
            }
        }

        /// Latin equivalent used when a Russian company is entered in English ("Romashka LLC").
        var latinAbbreviation: String {
            switch self {
            case .ooo: return "LLC"
            case .ao, .zao: return "JSC"
            case .pao: return "PJSC"
            case .ip: return "IP"
            default: return abbreviation
            }
        }

        /// Spelled-out form that accounting uses in the full legal name.
        var fullRussian: String {
            switch self {
            case .ooo: return "Общество с ограниченной ответственностью"
            case .ao: return "Акционерное общество"
            case .pao: return "Публичное акционерное общество"
            case .zao: return "Закрытое акционерное общество"
            case .ip: return "Индивидуальный предприниматель"
            default: return abbreviation
            }
        }
    }

    /// How this organization relates to another one; both cases are *different* entities in the truth.
    enum Role: Sendable, Equatable {
        case plain
        /// Near-identical name ("Ромашка-М"), other city, other valid INN.
        case twin(of: Int)
        /// Same INN and OGRN as the parent, its own KPP (reason code 43) and city: a separate counterparty.
        case branch(of: Int)
        /// A group company (held-out class): the parent's domain and switchboard, often its address, its own name
        /// and INN.
        case group(of: Int)
        /// The parent's name under another legal form (held-out class), with its own domain, INN and phone.
        case namesake(of: Int)
    }

    /// How one source record spells this organization where a held-out error class touches it
    /// (`GeneratedErrorClass`); the master value keeps the defaults, which change nothing.
    struct RecordStyle: Sendable {
        /// The INN a CRM record gives instead of the true one (a one-digit typo that passes the checksum).
        var mistypedINN: String?
        /// The street and city written in Latin.
        var latinAddress = false
        /// A sole trader's name with initials ("ИП Иванов И. И.").
        var soleTraderInitials = false
    }

    let index: Int
    let legalForm: LegalForm
    let role: Role
    /// Name without the legal form: "Ромашка", "Альфа-Строй 2", "Иванов Иван Иванович" (ИП),
    /// "Northwind Logistics" (international).
    var coreCyrillic: String
    var coreLatin: String
    let inn: String
    let kpp: String?
    let ogrn: String?
    var city: GeographyVocabulary.City
    var street: String
    var streetType: Int
    var house: Int
    var office: Int?
    var postcode: String
    /// Ten-digit national number (area code + subscriber), without the country code.
    var phone: String
    /// Company web domain; nil for most sole traders.
    var domain: String?
    let mailbox: String
    /// Free-mail address used by organizations without a domain.
    let fallbackEmail: String
    /// Contract year and number seed for the accounting record.
    let registrationYear: Int
    /// One of the few common names several distinct companies carry (held-out class `commonName`).
    var isCommonName = false
    /// Set on the copy a record is rendered from; see `RecordStyle`.
    var recordStyle = RecordStyle()

    var entityId: String {
        "O" + MasterOrganization.pad(index, 7)
    }

    var isInternational: Bool {
        !legalForm.isRussian
    }

    var email: String {
        domain.map { mailbox + "@" + $0 } ?? fallbackEmail
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
