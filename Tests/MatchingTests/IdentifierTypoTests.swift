import Testing

@testable import Matching

/// An INN with one mistyped digit that still passes its checksum: evidence for review, not a veto (issue 17).
@Suite struct IdentifierTypoTests {
    @Test(arguments: [
        ("7707083893", "7707083898", true), ("7707083893", "7707038893", true), ("7707083893", "770708389", false),
        ("7707083893", "5003052454", false), ("7707083893", "7707803389", false), ("7707083893", "7707083839", true),
    ])
    func oneTypoApart(_ x: String, _ y: String, _ expected: Bool) {
        #expect(PairScorer.oneTypoApart(x, y) == expected)
    }

    @Test func aOneTypoINNDifferenceGoesToReviewAndAWiderOneIsStillAVeto() async throws {
        var records = NameOnlyEvidenceTests.population(seed: 3).records
        func add(_ id: String, _ name: String, inn: String) {
            var record = NameOnlyEvidenceTests.record(id, name)
            record.values[.inn] = [inn]
            record.values[.kpp] = ["770701001"]
            record.values[.city] = ["moskva"]
            records.append(record)
        }
        add("t1", "quorvanta trade", inn: "7707083893")
        add("t2", "quorvanta trade", inn: "7707083898")
        add("w1", "zelmiroxa", inn: "7707083893")
        add("w2", "zelmiroxa", inn: "7707803389")
        var configuration = EntityConfiguration.organization
        configuration.uSamplePairs = 40_000
        let engine = MatchEngine(configuration: MatchConfiguration(organization: configuration))
        let result = await engine.match(engine.table(for: .organization, records: records), workers: 2)
        let n = Int32(records.count)

        let typo = try #require(result.scored.index(of: n - 4, n - 3))
        #expect(result.scored.flags[typo].contains(.identifierTypo))
        #expect(!result.scored.flags[typo].contains(.cannotLink))
        #expect(result.scored.decisions[typo] == .review)
        #expect(result.explain(pair: typo).hardRules.contains { $0.hasPrefix("identifier typo") })
        #expect(result.clustering.clusterOf[Int(n - 4)] != result.clustering.clusterOf[Int(n - 3)])

        let wide = try #require(result.scored.index(of: n - 2, n - 1))
        #expect(result.scored.flags[wide].contains(.cannotLink))
        #expect(result.scored.decisions[wide] == .noLink)
    }
}
