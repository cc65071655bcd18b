import Testing

@testable import GoldenCore

@Suite struct CompanyNameStandardizerTests {
    let companies = CompanyNameStandardizer()

    @Test(arguments: [
        ("ООО «Ромашка»", "ООО «Ромашка»", "Ромашка", "LLC"),
        ("ООО \"Ромашка\"", "ООО «Ромашка»", "Ромашка", "LLC"),
        ("ООО Ромашка", "ООО «Ромашка»", "Ромашка", "LLC"),
        ("\"Ромашка\" ООО", "ООО «Ромашка»", "Ромашка", "LLC"),
        ("Общество с ограниченной ответственностью „Ромашка“", "ООО «Ромашка»", "Ромашка", "LLC"),
        ("Romashka LLC", "Romashka LLC", "Romashka", "LLC"),
        ("Romashka, Ltd.", "Romashka Ltd", "Romashka", "LLC"),
        ("‹Romashka› GmbH", "Romashka GmbH", "Romashka", "LLC"),
        ("ПАО «Сбербанк России»", "ПАО «Сбербанк России»", "Сбербанк России", "PJSC"),
        ("Публичное акционерное общество 'Газпром'", "ПАО «Газпром»", "Газпром", "PJSC"),
        ("АО «Тинькофф Банк»", "АО «Тинькофф Банк»", "Тинькофф Банк", "JSC"),
        ("ЗАО Рога и Копыта", "ЗАО «Рога и Копыта»", "Рога и Копыта", "CJSC"),
        ("ОАО «РЖД»", "ОАО «РЖД»", "РЖД", "OJSC"),
        ("ИП Иванов И.И.", "ИП Иванов И.И.", "Иванов И.И.", "SOLE_TRADER"),
        ("Индивидуальный предприниматель Петров Пётр Петрович", "ИП Петров Пётр Петрович", "Петров Пётр Петрович",
            "SOLE_TRADER"),
        ("Acme Inc.", "Acme Inc", "Acme", "CORP"),
        ("Acme Corporation", "Acme Corp", "Acme", "CORP"),
        ("Gazprom PJSC", "Gazprom PJSC", "Gazprom", "PJSC"),
        ("Siemens AG", "Siemens AG", "Siemens", "JSC"),
        ("Smith & Sons LLP", "Smith & Sons LLP", "Smith & Sons", "LLP"),
        ("НКО Фонд помощи", "НКО «Фонд помощи»", "Фонд помощи", "NONPROFIT"),
    ])
    func legalFormSplit(_ raw: String, _ display: String, _ name: String, _ form: String) throws {
        let result = companies.standardize(raw)
        let company = try #require(result.value, "\(result.issues)")
        #expect(company.display == display)
        #expect(company.name == name)
        #expect(company.legalForm?.code.rawValue == form)
        #expect(companies.standardize(company.display).value == company, "display reads back the same")
    }

    @Test func spellingsShareOneNameKey() throws {
        let keys = try ["ООО «Ромашка»", "Romashka LLC", "ООО Ромашка", "romashka ltd", "Компания Ромашка"].map {
            try #require(companies.standardize($0).value).nameKey
        }
        #expect(Set(keys) == ["romashka"])
    }

    @Test func noiseWordsAndAmpersand() throws {
        let a = try #require(companies.standardize("ГК «Рога & Копыта»").value)
        let b = try #require(companies.standardize("Группа компаний Рога и Копыта").value)
        let c = try #require(companies.standardize("The Roga and Kopyta Company").value)
        #expect(a.nameKey == "roga and kopita")
        #expect(b.nameKey == a.nameKey)
        #expect(c.nameKey == a.nameKey)
        #expect(a.tokens == ["and", "kopita", "roga"])
    }

    /// `И.` is an initial, not "and": a sole trader's initials must meet the full name's.
    @Test func soleTraderInitialsAreNoConjunction() throws {
        let initials = try #require(companies.standardize("ИП Иванов И. И.").value)
        let bare = try #require(companies.standardize("ИП Иванов И И").value)
        let full = try #require(companies.standardize("ИП Иванов Иван Иванович").value)
        #expect(initials.nameKey == "ivanov i i")
        #expect(bare.nameKey == initials.nameKey)
        #expect(full.nameKey == "ivanov ivan ivanovich")
        // Anywhere else a bare `и` still joins two names.
        #expect(try #require(companies.standardize("ООО Иванов и Партнеры").value).nameKey == "ivanov and partneri")
    }

    /// A Latin-script CRM writes `IP` for ИП: a sole trader before a person's name, a plain word otherwise.
    @Test func latinSoleTraderBeforeAPersonsName() throws {
        for raw in ["IP Ivanov Ivan Ivanovich", "IP Zakharova Zh. M.", "ip Petrova Anna Sergeevna"] {
            let company = try #require(companies.standardize(raw).value)
            #expect(company.legalForm?.code == .soleTrader, "\(raw)")
            #expect(!company.nameKey.hasPrefix("ip "), "\(raw)")
        }
        #expect(try #require(companies.standardize("IP Ivanov Ivan Ivanovich").value).nameKey
            == (try #require(companies.standardize("ИП Иванов Иван Иванович").value)).nameKey)
        for raw in ["IP", "IP Telecom", "IP Telecom Solutions", "IP Global Networks Group", "Telecom IP"] {
            let company = try #require(companies.standardize(raw).value)
            #expect(company.legalForm == nil, "\(raw)")
            #expect(company.nameKey.split(separator: " ").contains("ip"), "\(raw)")
        }
    }

    @Test func keys() throws {
        let company = try #require(companies.standardize("ООО «Север Сталь»").value)
        #expect(company.matchKeys == ["name_key": "sever stal", "legal_form": "LLC", "tokens": "sever stal"])
    }

    @Test func noFormIsFine() throws {
        let company = try #require(companies.standardize("  Яндекс  ").value)
        #expect(company.display == "Яндекс")
        #expect(company.legalForm == nil)
        #expect(company.matchKeys["legal_form"] == nil)
    }

    @Test(arguments: ["", "  «» ", "ООО"])
    func rejected(_ raw: String) {
        #expect(companies.standardize(raw).value == nil)
    }

    @Test(arguments: [("ООО", "LLC"), ("Общество с ограниченной ответственностью", "LLC"), ("pjsc", "PJSC"),
        ("ИП", "SOLE_TRADER")])
    func explicitLegalForm(_ raw: String, _ code: String) {
        #expect(companies.legalForm(raw).value?.code.rawValue == code)
    }
}
