import Testing

@testable import GoldenCore

@Suite struct PersonNameStandardizerTests {
    let names = PersonNameStandardizer()

    struct Case: Sendable, CustomTestStringConvertible {
        var raw: String
        var given: String?
        var middle: String?
        var family: String?
        var initial: String?
        var display: String
        var testDescription: String { raw }
    }

    @Test(arguments: [
        Case(raw: "jane", given: "Jane", display: "Jane"),
        Case(raw: "ИВАНОВ", family: "Иванов", display: "Иванов"),
        Case(raw: "Иванов Иван Иванович", given: "Иван", middle: "Иванович", family: "Иванов",
            display: "Иванов Иван Иванович"),
        Case(raw: "ИВАНОВ ИВАН ИВАНОВИЧ", given: "Иван", middle: "Иванович", family: "Иванов",
            display: "Иванов Иван Иванович"),
        Case(raw: "Иван Иванович Иванов", given: "Иван", middle: "Иванович", family: "Иванов",
            display: "Иванов Иван Иванович"),
        Case(raw: "Смирнова Мария Сергеевна", given: "Мария", middle: "Сергеевна", family: "Смирнова",
            display: "Смирнова Мария Сергеевна"),
        Case(raw: "Абрамович Роман Аркадьевич", given: "Роман", middle: "Аркадьевич", family: "Абрамович",
            display: "Абрамович Роман Аркадьевич"),
        Case(raw: "Ильин Владимир Ильич", given: "Владимир", middle: "Ильич", family: "Ильин",
            display: "Ильин Владимир Ильич"),
        Case(raw: "Иван Петров", given: "Иван", family: "Петров", display: "Иван Петров"),
        Case(raw: "Петров Иван", given: "Иван", family: "Петров", display: "Иван Петров"),
        Case(raw: "Jane Smith", given: "Jane", family: "Smith", display: "Jane Smith"),
        Case(raw: "Smith, Jane", given: "Jane", family: "Smith", display: "Jane Smith"),
        Case(raw: "smith, jane ann", given: "Jane", middle: "Ann", family: "Smith", display: "Jane Ann Smith"),
        Case(raw: "М. Смирнов", family: "Смирнов", initial: "М", display: "М. Смирнов"),
        Case(raw: "Smirnov M.", family: "Smirnov", initial: "M", display: "M. Smirnov"),
        Case(raw: "М.А. Смирнов", family: "Смирнов", initial: "М", display: "М. А. Смирнов"),
        Case(raw: "Смирнов М.А.", family: "Смирнов", initial: "М", display: "М. А. Смирнов"),
        Case(raw: "Mark J. Smith", given: "Mark", family: "Smith", initial: "M", display: "Mark J. Smith"),
        Case(raw: "mary-jane o'brien", given: "Mary-Jane", family: "O'Brien", display: "Mary-Jane O'Brien"),
        Case(raw: "ANNA-MARIA MCDONALD", given: "Anna-Maria", family: "McDonald", display: "Anna-Maria McDonald"),
        Case(raw: "Leonardo DiCaprio", given: "Leonardo", family: "DiCaprio", display: "Leonardo DiCaprio"),
        Case(raw: "ludwig van beethoven", given: "Ludwig", family: "van Beethoven", display: "Ludwig van Beethoven"),
        Case(raw: "Dr. John Watson", given: "John", family: "Watson", display: "John Watson"),
        Case(raw: "Алиев Рашид Гейдар оглы", given: "Рашид", middle: "Гейдар оглы", family: "Алиев",
            display: "Алиев Рашид Гейдар оглы"),
        Case(raw: "Абрамович, Саша", given: "Саша", family: "Абрамович", display: "Абрамович, Саша"),
        Case(raw: "  Мария   Ивановна ", given: "Мария", middle: "Ивановна", display: "Мария Ивановна"),
    ])
    func parsed(_ c: Case) throws {
        let result = names.standardize(c.raw)
        let name = try #require(result.value, "\(result.issues)")
        if let given = c.given { #expect(name.given == given) }
        #expect(name.middle == c.middle || c.middle == nil)
        #expect(name.family == c.family)
        if let initial = c.initial { #expect(name.givenInitial == initial) }
        #expect(name.display == c.display)
        #expect(names.standardize(name.display).value?.display == name.display, "display reads back the same")
    }

    @Test(arguments: [("Саша", "Александр"), ("Sasha", "Alexander"), ("Bob", "Robert"), ("Bill", "William"),
        ("Маша", "Мария"), ("ЖЕНЯ", "Евгений"), ("Alex", "Alexander"), ("Ivan", "Ivan"), ("Зоригто", "Зоригто")])
    func diminutives(_ given: String, _ canonical: String) throws {
        let name = try #require(names.standardize("\(given) Петров").value)
        #expect(name.givenCanonical == canonical)
    }

    @Test func crossScriptKeysMeet() throws {
        let cyrillic = try #require(names.standardize("Саша Иванов").value)
        let latin = try #require(names.standardize("Alexander Ivanoff").value)
        #expect(cyrillic.familyTranslit == latin.familyTranslit)
        #expect(cyrillic.familyPhonetic == latin.familyPhonetic)
        #expect(cyrillic.givenGroup == latin.givenGroup)
        #expect(cyrillic.givenInitialKey == latin.givenInitialKey)
        #expect(cyrillic.givenTranslit != latin.givenTranslit)
    }

    @Test func initialMeetsFullName() throws {
        let initial = try #require(names.standardize("M. Smith").value)
        let full = try #require(names.standardize("Mark Smith").value)
        #expect(initial.givenInitialKey == full.givenInitialKey)
        #expect(initial.familyTranslit == full.familyTranslit)
        #expect(initial.given == nil)
        let cyrillic = try #require(names.standardize("М. Смирнов").value)
        #expect(cyrillic.matchKeys["given_initial"] == "m")
    }

    @Test func keys() throws {
        let name = try #require(names.standardize("Иванов Саша").value)
        #expect(name.matchKeys == [
            "given_translit": "sasha", "family_translit": "ivanov", "family_phonetic": "afnf",
            "given_canonical": "Александр", "given_group": "aleksander", "given_initial": "a",
        ])
    }

    @Test func separateFieldsDetectSwap() throws {
        let result = names.standardize(given: "Иванов", middle: nil, family: "Иван")
        let name = try #require(result.value)
        #expect(name.given == "Иван")
        #expect(name.family == "Иванов")
        #expect(result.issues.map(\.code) == ["person_name.swapped"])
        let fine = names.standardize(given: "иван", middle: "петрович", family: "сидоров")
        #expect(fine.value?.display == "Сидоров Иван Петрович")
        #expect(fine.issues.isEmpty)
    }

    @Test(arguments: ["", "  ", "Client 123", "ivan@x.ru"])
    func rejected(_ raw: String) {
        let result = names.standardize(raw)
        #expect(result.value == nil)
        #expect(!result.isValid)
    }
}
