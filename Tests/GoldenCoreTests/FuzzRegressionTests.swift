import Testing

@testable import GoldenCore

/// Inputs found by the libFuzzer targets in `Fuzz/` (see README, "Fuzzing"), kept as tests so they stay fixed.
@Suite struct FuzzRegressionTests {
    let standardizers = Standardizers()

    /// A quote between two words split the keys there but vanished from the display, so the display standardized
    /// to other keys (`rogakopita`): standardizing a value again must not change it.
    @Test(arguments: ["ООО Рога`Копыта", "iП`Иванов И.И.", "ООО «Рога»«Копыта»", "Альфа\"Бета\" Ltd"])
    func quoteBetweenWordsKeepsTheWordsApart(_ input: String) throws {
        let first = standardizers.standardize(.companyName, input)
        let value = try #require(first.value)
        let second = standardizers.standardize(.companyName, value)
        #expect(second.value == value)
        #expect(second.keys == first.keys)
    }

    /// Every legal form's display abbreviation reads back as that form: "Rossi SRL" was displayed as
    /// "Rossi S.à r.l.", whose `à` matched no spelling, so standardizing the display lost the form and changed the
    /// keys.
    @Test(arguments: ["Rossi SRL", "SRL Rossi", "Rossi S.à r.l.", "Rossi Sp. z o.o.", "Rossi Sole Trader"])
    func displayedLegalFormReadsBack(_ input: String) throws {
        let first = standardizers.standardize(.companyName, input)
        let value = try #require(first.value)
        let second = standardizers.standardize(.companyName, value)
        #expect(second.value == value)
        #expect(second.keys == first.keys)
        #expect(first.keys["legal_form"] == "LLC" || input.hasSuffix("Trader"))
    }

    @Test func everyAbbreviationIsASpellingOfItsForm() {
        let standardizer = CompanyNameStandardizer()
        for variant in LegalForm.variants {
            let abbreviation = variant.form.abbreviation
            #expect(standardizer.legalForm(abbreviation).value?.code == variant.form.code, "\(abbreviation)")
        }
    }

    /// Titlecase digraphs are not uppercase, so the "already lowercase" shortcut kept them.
    @Test(arguments: ["ǋt", "ǅ", "Ǉubljana", "ǲ"])
    func lowercasingMapsTitlecaseLetters(_ input: String) {
        let expected = String(String.UnicodeScalarView(input.unicodeScalars.map(ScalarText.lower)))
        #expect(ScalarText.lowercased(input) == expected)
        #expect(ScalarText.lowercased(input) != input)
    }

    // MARK: Idempotence on hostile text (standardizing the standardized value gives the same value)

    /// Standardizes `input`, then its value, and returns both results.
    func twice(
        _ field: StandardField, _ input: String
    ) throws -> (first: StandardizationResult, second: StandardizationResult) {
        let first = standardizers.standardize(field, input)
        let value = try #require(first.value, "\(input) is invalid: \(first.issues)")
        return (first, standardizers.standardize(field, value))
    }

    /// A family name of several words given with a comma (or in its own field) was displayed without the comma when
    /// there was a patronymic ("Smith A Ivan Petrovich"), so the display read back with other parts and keys.
    @Test(arguments: [
        "Smith A, Ivan Petrovich", "Petrovich Smith, Ivan Ivanovich", "Ivanov, Ivan", "Ivanov A, Ivan",
        "Петров Водкин, Кузьма Сергеевич", "Абрамович, Роман Аркадьевич",
    ])
    func commaOrderReadsBack(_ input: String) throws {
        let (first, second) = try twice(.personName, input)
        #expect(second.value == first.value, "\(input)")
        #expect(second.keys == first.keys, "\(input)")
    }

    @Test func severalFamilyWordsFromFieldsReadBack() throws {
        let name = try #require(
            PersonNameStandardizer().standardize(given: "Ivan", middle: "Petrovich", family: "Smith A").value)
        #expect(name.family == "Smith A")
        let again = try #require(PersonNameStandardizer().standardize(name.display).value)
        #expect(again.family == name.family, "\(name.display)")
        #expect(again.given == name.given && again.middle == name.middle, "\(name.display)")
        #expect(again.display == name.display)
    }

    /// A quote that starts the local part inside `<…>` (or after `mailto:`) was kept, and the bare address it gave
    /// lost it when standardized again (quotes around a bare address are trimmed).
    @Test(arguments: [
        ("<`a@b.ru>", "a@b.ru"), ("Ivan <'ivan@romashka.ru'>", "ivan@romashka.ru"), ("mailto:`x@y.ru", "x@y.ru"),
        ("< \"q@w.org\" >", "q@w.org"), ("<a`b@c.ru>", "a`b@c.ru"),
    ])
    func quoteInsideAngleBracketsIsTrimmed(_ input: String, _ expected: String) throws {
        let (first, second) = try twice(.email, input)
        #expect(first.value == expected)
        #expect(second.value == first.value)
        #expect(second.keys == first.keys)
    }

    /// Only the first `www.` was dropped, so `www.www.romashka.ru` gave `www.romashka.ru`, which gave `romashka.ru`.
    /// The byte path and the `Character` path (taken for text with combining marks) agree.
    @Test(arguments: [
        ("www.www.romashka.ru", "romashka.ru"), ("https://WWW.www.Romashka.ru/contacts", "romashka.ru"),
        ("www.www.www.example.com.", "example.com"), ("www.www.example.com/e\u{301}", "example.com"),
        ("wwww.example.com", "wwww.example.com"),
    ])
    func everyLeadingWWWIsDropped(_ input: String, _ expected: String) throws {
        let (first, second) = try twice(.website, input)
        #expect(first.value == expected)
        #expect(second.value == first.value)
        #expect(second.keys == first.keys)
    }

    /// `shch` followed by `ch`s loses one `ch` per folding pass, and folding stopped after four passes, so a long
    /// chain's key folded again to a shorter key.
    @Test(arguments: 1...12)
    func longChChainsFoldToAFixpoint(_ links: Int) {
        let chain = String(repeating: "ch", count: links)
        for text in ["Sch" + chain, "Щ" + String(repeating: "ч", count: links), "Ivan Shch\(chain)ov", "T" + chain] {
            let key = Transliteration.latinKey(text)
            #expect(Transliteration.latinKey(key) == key, "\(text) → \(key)")
            #expect(ReferenceTransliteration.latinKey(text) == key, "\(text)")
        }
        #expect(Transliteration.latinKey("Sch" + chain) == "sh")
    }
}
