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
}
