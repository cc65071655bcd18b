import Testing

@testable import GoldenCore

@Suite struct JobTitleStandardizerTests {
    let titles = JobTitleStandardizer()

    @Test(arguments: [
        ("CEO", "CEO"), ("Генеральный директор", "CEO"), ("Founder/CEO", "CEO"), ("CEOn", "CEO"),
        ("Генеральный директр", "CEO"), ("ген. директор", "CEO"), ("ГЕНЕРАЛЬНЫЙ ДИРЕКТОР", "CEO"),
        ("Chief Executive Officer", "CEO"), ("Генеральный директор ООО «Ромашка»", "CEO"),
        ("CFO", "CFO"), ("Финансовый директор", "CFO"), ("CTO", "CTO"), ("Технический директор", "CTO"),
        ("Главный бухгалтер", "CHIEF_ACCOUNTANT"), ("Главбух", "CHIEF_ACCOUNTANT"),
        ("chief_accountant", "CHIEF_ACCOUNTANT"), ("Бухгалтер", "ACCOUNTANT"), ("Менеджер по продажам", "SALES_MANAGER"),
        ("Sales Manager", "SALES_MANAGER"), ("Sales Manger", "SALES_MANAGER"), ("Коммерческий директор", "SALES_DIRECTOR"),
        ("Head of Sales", "SALES_DIRECTOR"),
        ("Менеджер по закупкам", "PROCUREMENT_MANAGER"), ("Head of IT", "HEAD_OF_IT"), ("Юрист", "LAWYER"),
        ("Маркетолог", "MARKETING_MANAGER"), ("Владелец", "OWNER"), ("Owner & Founder", "OWNER"),
        ("Co-founder", "FOUNDER"), ("Учредитель и генеральный директор", "CEO"),
        ("Заместитель генерального директора", "DEPUTY_CEO"), ("Помощник генерального директора", "ASSISTANT"),
        ("Директор", "DIRECTOR"), ("Sales Director / Co-Founder", "FOUNDER"),
    ])
    func canonicalCode(_ raw: String, _ code: String) throws {
        let result = titles.standardize(raw)
        let title = try #require(result.value)
        #expect(title.code == code, "\(result.issues)")
        #expect(result.isValid)
        #expect(title.matchKeys == ["title_code": code])
        #expect(titles.standardize(title.canonical).value?.code == code, "the code reads back as itself")
    }

    @Test func typoIsAWarning() {
        let result = titles.standardize("CEOn")
        #expect(result.issues.map(\.code) == ["job_title.fuzzy"])
        #expect(result.issues.allSatisfy { !$0.isError })
        #expect(titles.standardize("CEO").issues.isEmpty)
    }

    @Test(arguments: ["Чемпион мира по шахматам", "Astronaut", "xyz"])
    func unknownTitleIsKeptAsText(_ raw: String) throws {
        let result = titles.standardize(raw)
        let title = try #require(result.value)
        #expect(title.code == nil)
        #expect(title.text == raw)
        #expect(title.matchKeys.isEmpty)
        #expect(result.issues.map(\.code) == ["job_title.unknown"])
    }

    @Test func shortWordsAreNotFuzzed() {
        #expect(titles.standardize("CEX").value?.code == nil)
    }

    @Test func customDictionary() {
        let dictionary = JobTitleDictionary(titles: [.init(code: "PILOT", rank: 1, labels: ["Пилот", "Pilot"])])
        let custom = JobTitleStandardizer(dictionary: dictionary)
        #expect(custom.standardize("пилот").value?.code == "PILOT")
        #expect(custom.standardize("CEO").value?.code == nil)
    }

    @Test func damerauLevenshtein() {
        func d(_ a: String, _ b: String, _ limit: Int = 5) -> Int? {
            EditDistance.distance(Array(a.unicodeScalars), Array(b.unicodeScalars), limit: limit)
        }
        #expect(d("ceo", "ceo") == 0)
        #expect(d("ceon", "ceo") == 1)
        #expect(d("dierctor", "director") == 1)
        #expect(d("kitten", "sitting") == 3)
        #expect(d("kitten", "sitting", 2) == nil)
        #expect(d("", "abc") == 3)
    }
}
