/// The legal form of an organization, normalized to a code that is the same in every language.
///
/// ООО, LLC, Ltd and GmbH are one code (`LLC`) because they are the same thing for matching: a private company
/// with limited liability. The written abbreviation is kept for display.
public struct LegalForm: Sendable, Codable, Hashable, MatchKeyed {
    public enum Code: String, Sendable, Codable, Hashable, CaseIterable {
        /// ООО, LLC, Ltd, GmbH, ТОВ, ТОО, Sp. z o.o.
        case llc = "LLC"
        /// АО, JSC, AG, SA.
        case jsc = "JSC"
        /// ПАО, PJSC, PLC.
        case pjsc = "PJSC"
        /// ЗАО (closed JSC, pre-2014 form).
        case cjsc = "CJSC"
        /// ОАО (open JSC, pre-2014 form).
        case ojsc = "OJSC"
        /// Inc, Corp, Corporation.
        case corporation = "CORP"
        /// LLP, LP.
        case partnership = "LLP"
        /// НКО, АНО, НП, non-profit.
        case nonprofit = "NONPROFIT"
        /// ГУП, МУП, ФГУП: state or municipal unitary enterprise.
        case stateEnterprise = "STATE_ENTERPRISE"
        /// ГБУ, МБУ, ФГБУ, ГКУ, МКУ: state or municipal institution.
        case stateInstitution = "STATE_INSTITUTION"
        /// ИП, индивидуальный предприниматель, sole trader / sole proprietor.
        case soleTrader = "SOLE_TRADER"
    }

    public var code: Code
    /// The abbreviation as displayed (ООО, LLC, GmbH).
    public var abbreviation: String

    public init(code: Code, abbreviation: String) {
        self.code = code
        self.abbreviation = abbreviation
    }

    public var canonical: String { code.rawValue }
    public var matchKeys: [String: String] { ["legal_form": code.rawValue] }
}

extension LegalForm {
    /// One spelling of a legal form, as lowercase word tokens.
    struct Variant: Sendable {
        /// Lowercase UTF-8 words (ё→е).
        var tokens: [[UInt8]]
        var form: LegalForm
        /// Written before the name (ООО «Ромашка»), as Russian forms are; otherwise after it (Romashka LLC).
        var leads: Bool
        /// Whether the name is quoted in display (not for ИП, whose name is a person's name).
        var quotesName: Bool
        /// A form only before a Russian person's name (`IP Ivanov Ivan Ivanovich`, `IP Ivanova A. S.`): as a word
        /// of its own it is too common (`IP Telecom`) to be read as a form anywhere else.
        var beforePersonNameOnly = false
    }

    /// Every known spelling, longest first so "публичное акционерное общество" wins over "акционерное общество".
    static let variants: [Variant] = {
        func ru(
            _ code: Code, _ abbreviation: String, _ spellings: [String], quotes: Bool = true,
            beforePersonNameOnly: Bool = false
        ) -> [Variant] {
            spellings.map {
                Variant(
                    tokens: $0.split(separator: " ").map(ScalarText.lookupBytes),
                    form: LegalForm(code: code, abbreviation: abbreviation), leads: true, quotesName: quotes,
                    beforePersonNameOnly: beforePersonNameOnly)
            }
        }
        func en(_ code: Code, _ abbreviation: String, _ spellings: [String]) -> [Variant] {
            spellings.map {
                Variant(
                    tokens: $0.split(separator: " ").map(ScalarText.lookupBytes),
                    form: LegalForm(code: code, abbreviation: abbreviation), leads: false, quotesName: false)
            }
        }
        var all: [Variant] = []
        all += ru(.llc, "ООО", ["ооо", "общество с ограниченной ответственностью"])
        all += ru(.llc, "OOO", ["ooo"])
        all += ru(.llc, "ТОВ", ["тов", "товариство з обмеженою відповідальністю"])
        all += ru(.llc, "ТОО", ["тоо", "товарищество с ограниченной ответственностью"])
        all += ru(.jsc, "АО", ["ао", "акционерное общество"])
        all += ru(.pjsc, "ПАО", ["пао", "публичное акционерное общество"])
        all += ru(.cjsc, "ЗАО", ["зао", "закрытое акционерное общество"])
        all += ru(.ojsc, "ОАО", ["оао", "открытое акционерное общество"])
        all += ru(.nonprofit, "НКО", ["нко", "некоммерческая организация"])
        all += ru(.nonprofit, "АНО", ["ано", "автономная некоммерческая организация"])
        all += ru(.nonprofit, "НП", ["нп", "некоммерческое партнерство"])
        all += ru(.stateEnterprise, "ФГУП", ["фгуп", "федеральное государственное унитарное предприятие"])
        all += ru(.stateEnterprise, "ГУП", ["гуп", "государственное унитарное предприятие"])
        all += ru(.stateEnterprise, "МУП", ["муп", "муниципальное унитарное предприятие"])
        all += ru(.stateInstitution, "ФГБУ", ["фгбу"])
        all += ru(.stateInstitution, "ГБУ", ["гбу", "государственное бюджетное учреждение"])
        all += ru(.stateInstitution, "МБУ", ["мбу", "муниципальное бюджетное учреждение"])
        all += ru(.stateInstitution, "ГКУ", ["гку"])
        all += ru(.stateInstitution, "МКУ", ["мку"])
        all += ru(.soleTrader, "ИП", ["ип", "индивидуальный предприниматель"], quotes: false)
        // A Latin-script CRM writes ИП as `IP`.
        all += ru(.soleTrader, "IP", ["ip"], quotes: false, beforePersonNameOnly: true)
        all += en(.llc, "LLC", ["llc", "l l c", "limited liability company"])
        all += en(.llc, "Ltd", ["ltd", "limited", "co ltd", "company limited", "pte ltd"])
        all += en(.llc, "GmbH", ["gmbh"])
        all += en(.llc, "Sp. z o.o.", ["sp z o o", "spolka z ograniczona odpowiedzialnoscia"])
        // "s à r l" is the display form itself, so a displayed name reads back with its form (found by fuzzing).
        all += en(.llc, "S.à r.l.", ["sarl", "s a r l", "s à r l", "s a rl", "srl", "s r l"])
        all += en(.jsc, "JSC", ["jsc", "joint stock company", "ao"])
        all += en(.jsc, "AG", ["ag", "aktiengesellschaft"])
        all += en(.jsc, "SA", ["sa", "s a"])
        all += en(.pjsc, "PJSC", ["pjsc", "public joint stock company", "pao"])
        all += en(.pjsc, "PLC", ["plc", "public limited company"])
        all += en(.cjsc, "CJSC", ["cjsc", "closed joint stock company", "zao"])
        all += en(.ojsc, "OJSC", ["ojsc", "open joint stock company", "oao"])
        all += en(.corporation, "Inc", ["inc", "incorporated"])
        all += en(.corporation, "Corp", ["corp", "corporation"])
        all += en(.partnership, "LLP", ["llp", "limited liability partnership"])
        all += en(.partnership, "LP", ["lp", "limited partnership"])
        all += en(.nonprofit, "NPO", ["npo", "non profit organization", "nonprofit"])
        all += en(.soleTrader, "Sole Trader", ["sole trader", "sole proprietor", "sole proprietorship"])
        return all.sorted { $0.tokens.count > $1.tokens.count }
    }()

    /// The form written as one word (`ООО`, `LLC`), for an explicit legal-form field.
    static let byWord: ByteTable<Variant> = ByteTable(
        variants.reversed().map { (Array($0.tokens.joined(separator: [32])), $0) })

    /// Indices into `variants` (in its order) of the variants starting with a word: a name is compared only with
    /// the few forms its first word can begin, not with all of them (the scan copied every variant it passed).
    static let byFirstWord: ByteTable<[Int]> = index { $0.tokens[0] }
    /// Indices into `variants` (in its order) of the variants ending with a word.
    static let byLastWord: ByteTable<[Int]> = index { $0.tokens[$0.tokens.count - 1] }

    private static func index(by word: (Variant) -> [UInt8]) -> ByteTable<[Int]> {
        var indices: [[UInt8]: [Int]] = [:]
        for (index, variant) in variants.enumerated() { indices[word(variant), default: []].append(index) }
        return ByteTable(indices)
    }
}
