import Testing

@testable import Matching

@Suite struct ComparatorTests {
    @Test(arguments: [
        ("MARTHA", "MARHTA", 0.961) as (String, String, Double),
        ("DIXON", "DICKSONX", 0.813), ("DWAYNE", "DUANE", 0.840),
        ("ИВАНОВ", "ИВАНОВ", 1.0), ("Иванов", "Иваонв", 0.961),
    ])
    func jaroWinklerKnownValues(a: String, b: String, expected: Double) {
        #expect(abs(JaroWinkler.similarity(a, b) - expected) < 0.001)
        #expect(abs(JaroWinkler.similarity(b, a) - expected) < 0.001)
    }

    @Test func jaroWinklerEdgeCases() {
        #expect(JaroWinkler.similarity("", "") == 1)
        #expect(JaroWinkler.similarity("", "abc") == 0)
        #expect(JaroWinkler.similarity("abc", "xyz") == 0)
        // Cyrillic letters are one scalar each: a UTF-8 byte comparison would see shared lead bytes.
        #expect(JaroWinkler.similarity("жук", "шум") < 0.6)
        let long = String(repeating: "компания ", count: 300)
        #expect(JaroWinkler.similarity(long, long + "x") > 0.99)
    }

    @Test(arguments: [
        ("kitten", "sitting", 3) as (String, String, Int), ("ca", "ac", 1), ("abcdef", "abcdfe", 1),
        ("Петров", "Петрвo", 2),
        ("Петров", "Петорв", 1), ("", "abc", 3), ("abc", "", 3), ("", "", 0), ("same", "same", 0),
    ])
    func damerauLevenshteinDistances(a: String, b: String, expected: Int) {
        #expect(DamerauLevenshtein.distance(a, b) == expected)
    }

    @Test func damerauLevenshteinBandedCap() {
        #expect(DamerauLevenshtein.distance("kitten", "sitting", limit: 1) == 2)
        #expect(DamerauLevenshtein.distance("abcdefgh", "abcdefgh", limit: 0) == 0)
        let a = String(repeating: "улица ленина ", count: 200)
        let b = String(repeating: "проспект мира ", count: 200)
        #expect(DamerauLevenshtein.distance(a, b, limit: 2) == 3)
        #expect(DamerauLevenshtein.distance(a, a + "д", limit: 2) == 1)
    }

    @Test func calendarDays() throws {
        let a = try #require(CalendarDay.dayNumber("2024-02-28"))
        let b = try #require(CalendarDay.dayNumber("2024-03-01"))
        #expect(b - a == 2)
        #expect(CalendarDay.dayNumber("2023-02-29") == nil)
        #expect(CalendarDay.dayNumber("2023-13-01") == nil)
        #expect(CalendarDay.isDayMonthSwap(19_800_304, 19_800_403))
        #expect(!CalendarDay.isDayMonthSwap(19_800_303, 19_800_303))
        #expect(!CalendarDay.isDayMonthSwap(19_800_304, 19_810_403))
    }

    /// One comparison per level kind on a two-record table; each row names the expected level label.
    @Test(arguments: Self.levelCases)
    func levelRules(rule: LevelRule, left: [String], right: [String], expected: Int8) {
        let comparison = Comparison("c", levels: [ComparisonLevel("hit", rule)], nullAttribute: "v")
        #expect(Self.level(comparison, left, right) == expected)
    }

    @Test func nullIsNoEvidence() {
        let comparison = Comparison("c", levels: [ComparisonLevel("exact", .exact("v"))])
        #expect(Self.level(comparison, [], ["a"]) == -1)
        #expect(Self.level(comparison, ["a"], [""]) == -1)
        #expect(Self.level(comparison, ["a"], ["a"]) == 0)
    }

    @Test func firstMatchingLevelWins() {
        let comparison = Comparison(
            "family",
            levels: [
                ComparisonLevel("exact", .exact("family")),
                ComparisonLevel("exact translit", .exact("translit")),
                ComparisonLevel("jw", .jaroWinkler("translit", atLeast: 0.9)),
            ], nullAttribute: "translit")
        let records = [
            MatchRecord(id: "1", source: "s", entity: .person, values: ["family": ["иванов"], "translit": ["ivanov"]]),
            MatchRecord(id: "2", source: "s", entity: .person, values: ["family": ["ivanov"], "translit": ["ivanov"]]),
            MatchRecord(id: "3", source: "s", entity: .person, values: ["family": ["ivanof"], "translit": ["ivanof"]]),
        ]
        let table = RecordTable(
            entity: .person, attributes: ["family", "translit"], fuzzyAttributes: ["translit"], records: records)
        let evaluator = ComparisonEvaluator(table: table, comparisons: [comparison])
        var matched: Int32 = -1
        var scratch = ComparisonEvaluator.Scratch()
        #expect(evaluator.level(0, 0, 1, matched: &matched, scratch: &scratch) == 1)
        #expect(evaluator.level(0, 1, 2, matched: &matched, scratch: &scratch) == 2)
        #expect(evaluator.level(0, 0, 0, matched: &matched, scratch: &scratch) == 0)
    }

    static let levelCases: [(LevelRule, [String], [String], Int8)] = [
        (LevelRule.exact("v"), ["+79001234567", "+79990000000"], ["+79990000000"], 0),
        (LevelRule.exact("v"), ["a"], ["b"], 1),
        (LevelRule.jaroWinkler("v", atLeast: 0.9), ["martha"], ["marhta"], 0),
        (LevelRule.jaroWinkler("v", atLeast: 0.97), ["martha"], ["marhta"], 1),
        (LevelRule.damerauLevenshtein("v", atMost: 1), ["101000"], ["110000"], 0),
        (LevelRule.tokenOverlap(MatchAttribute("v").tokens, atLeast: 0.6), ["ромашка торг"], ["торг ромашка плюс"], 0),
        (LevelRule.tokenOverlap(MatchAttribute("v").tokens, atLeast: 0.6), ["ромашка торг"], ["василек плюс"], 1),
        (LevelRule.initialOf("v"), ["m"], ["mark"], 0),
        (LevelRule.initialOf("v"), ["м"], ["mark"], 1),
        (LevelRule.dateWithin("v", days: 3), ["1980-01-30"], ["1980-02-01"], 0),
        (LevelRule.dateWithin("v", days: 1), ["1980-01-30"], ["1980-02-01"], 1),
        (LevelRule.dateSwappedDayMonth("v"), ["1980-03-04"], ["1980-04-03"], 0),
        (LevelRule.numericWithin("v", atMost: 2), ["41"], ["43"], 0),
        (LevelRule.numericWithin("v", atMost: 1), ["41"], ["43"], 1),
        (LevelRule.numericWithin("v", atMost: 0.5), ["1,5"], ["1.2"], 0),
        (LevelRule.numericWithin("v", atMost: 100), ["12a"], ["12"], 1),
        (LevelRule.numericWithin("v", atMost: 1), ["7", "300"], ["299.5"], 0),
    ]

    static func level(_ comparison: Comparison, _ left: [String], _ right: [String]) -> Int8 {
        let records = [
            MatchRecord(id: "a", source: "s", entity: .person, values: ["v": left]),
            MatchRecord(id: "b", source: "s", entity: .person, values: ["v": right]),
        ]
        let config = EntityConfiguration(
            entity: .person, blockingRules: [], comparisons: [comparison], trainingRules: [])
        let table = RecordTable(
            entity: .person, attributes: config.attributes, fuzzyAttributes: config.fuzzyAttributes,
            dateAttributes: config.dateAttributes, numericAttributes: config.numericAttributes, records: records)
        let evaluator = ComparisonEvaluator(table: table, comparisons: [comparison])
        var matched: Int32 = -1
        var scratch = ComparisonEvaluator.Scratch()
        return evaluator.level(0, 0, 1, matched: &matched, scratch: &scratch)
    }
}
