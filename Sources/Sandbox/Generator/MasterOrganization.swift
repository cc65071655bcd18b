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
    }

    let index: Int
    let legalForm: LegalForm
    let role: Role
    /// Name without the legal form: "Ромашка", "Альфа-Строй 2", "Иванов Иван Иванович" (ИП),
    /// "Northwind Logistics" (international).
    let coreCyrillic: String
    let coreLatin: String
    let inn: String
    let kpp: String?
    let ogrn: String?
    let city: GeographyVocabulary.City
    let street: String
    let streetType: Int
    let house: Int
    let office: Int?
    let postcode: String
    /// Ten-digit national number (area code + subscriber), without the country code.
    let phone: String
    /// Company web domain; nil for most sole traders.
    let domain: String?
    let mailbox: String
    /// Free-mail address used by organizations without a domain.
    let fallbackEmail: String
    /// Contract year and number seed for the accounting record.
    let registrationYear: Int

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
