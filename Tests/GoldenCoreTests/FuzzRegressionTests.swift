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
}
