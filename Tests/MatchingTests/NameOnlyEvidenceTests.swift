import Testing

@testable import Matching

/// Organizations known by their name alone (a CRM account with a name and nothing else, patent applicants).
///
/// Issue 17 measured F1 0.000 on such data: identical names scored below the link threshold. The population here has
/// the shape of real company names: most carry a word of their own ("gist brocades"), some are made only of words
/// many companies use ("alliance group"), and several different companies share such a common name.
@Suite struct NameOnlyEvidenceTests {
    static let common = ["alliance", "group", "trade", "holding", "systems", "service"]
    static let syllables = ["gist", "bro", "ca", "des", "vol", "ta", "mer", "kon", "lin", "dex", "sor", "ven", "tra"]

    static func record(_ id: String, _ name: String) -> MatchRecord {
        MatchRecord(
            id: id, source: "crm", entity: .organization,
            values: [
                .nameKey: [name], .translitKey: [name.split(separator: " ").joined()],
                .nameInitials: [MatchRecord.initialsKey(name)].compactMap { $0 },
            ])
    }

    /// Distinctive companies (1…6 records each) and common-name companies (1…2 records, names shared across them).
    static func population(seed: UInt64) -> (records: [MatchRecord], truth: [Int], commonNames: Set<String>) {
        var random = SeededGenerator(seed: seed)
        var records: [MatchRecord] = []
        var truth: [Int] = []
        var used: Set<String> = []
        var company = 0
        for _ in 0..<500 {
            var word = ""
            repeat {
                word = (0..<3).map { _ in syllables[Int.random(in: 0..<syllables.count, using: &random)] }.joined()
            } while !used.insert(word).inserted
            let name = Int.random(in: 0..<2, using: &random) == 0
                ? word : word + " " + common[Int.random(in: 0..<common.count, using: &random)]
            for copy in 0..<Int.random(in: 1...6, using: &random) {
                records.append(record("o\(company)-\(copy)", name))
                truth.append(company)
            }
            company += 1
        }
        let commonNames: Set<String> = ["alliance group", "trade group", "alliance"]
        for _ in 0..<40 {
            let name = commonNames.sorted()[Int.random(in: 0..<commonNames.count, using: &random)]
            for copy in 0..<Int.random(in: 1...2, using: &random) {
                records.append(record("o\(company)-\(copy)", name))
                truth.append(company)
            }
            company += 1
        }
        return (records, truth, commonNames)
    }

    static func run(_ records: [MatchRecord], rule: DistinctiveNameRule?) async -> EntityMatchResult {
        var configuration = EntityConfiguration.organization
        configuration.uSamplePairs = 40_000
        configuration.distinctiveName = rule
        let engine = MatchEngine(configuration: MatchConfiguration(organization: configuration))
        return await engine.match(engine.table(for: .organization, records: records), workers: 2)
    }

    @Test func theSameDistinctiveNameLinksACommonOneGoesToReview() async throws {
        let population = Self.population(seed: 5)
        let result = await Self.run(population.records, rule: EntityConfiguration.organization.distinctiveName)
        let evaluation = ClusterEvaluation.evaluate(predicted: result.clustering.clusterOf, truth: population.truth)
        #expect(evaluation.pairwiseRecall > 0.95, "\(evaluation)")
        #expect(evaluation.pairwisePrecision > 0.99, "\(evaluation)")
        #expect(evaluation.largestCluster <= 6)
        // Pairs under a common name: never linked by the rule, and in the steward queue rather than dropped.
        var commonPairs = 0
        for index in 0..<result.scored.count {
            let name = population.records[Int(result.scored.pairs.left[index])].values[.nameKey]![0]
            guard population.commonNames.contains(name),
                population.records[Int(result.scored.pairs.right[index])].values[.nameKey]![0] == name
            else { continue }
            commonPairs += 1
            #expect(result.scored.decisions[index] == .review, "\(name)")
        }
        #expect(commonPairs > 20)
        let explanation = try #require(
            (0..<result.scored.count).first { result.scored.flags[$0].contains(.distinctiveName) }
                .map { result.explain(pair: $0) })
        #expect(explanation.hardRules.contains { $0.hasPrefix("distinctive name") })
    }

    @Test func withoutTheRuleIdenticalNamesDoNotLink() async {
        // The gap the rule closes (issue 17: F1 0.000): Fellegi-Sunter alone leaves identical names unlinked.
        let population = Self.population(seed: 5)
        let result = await Self.run(population.records, rule: nil)
        let evaluation = ClusterEvaluation.evaluate(predicted: result.clustering.clusterOf, truth: population.truth)
        #expect(evaluation.pairwiseRecall < 0.5, "\(evaluation)")
    }

    @Test func aDisagreeingCityOrADifferentINNKeepsTheRuleOut() async throws {
        var records = Self.population(seed: 9).records
        records.append(Self.record("x1", "zorbanix"))
        records[records.count - 1].values[.city] = ["perth"]
        records.append(Self.record("x2", "zorbanix"))
        records[records.count - 1].values[.city] = ["darwin"]
        records.append(Self.record("y1", "quellomat"))
        records[records.count - 1].values[.inn] = ["7707083893"]
        records.append(Self.record("y2", "quellomat"))
        records[records.count - 1].values[.inn] = ["5003052454"]
        let result = await Self.run(records, rule: EntityConfiguration.organization.distinctiveName)
        for (left, right) in [(records.count - 4, records.count - 3), (records.count - 2, records.count - 1)] {
            let index = try #require(result.scored.index(of: Int32(left), Int32(right)))
            #expect(!result.scored.flags[index].contains(.distinctiveName))
            #expect(result.scored.decisions[index] != .link)
        }
    }
}
