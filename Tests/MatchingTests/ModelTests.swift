import Foundation
import Testing

@testable import Matching

@Suite struct ModelTests {
    /// Comparison vectors drawn from known m/u: EM must recover both (u free here) within tolerance.
    @Test func expectationMaximisationRecoversKnownParameters() {
        let trueM: [[Double]] = [[0.8, 0.15, 0.05], [0.7, 0.3], [0.6, 0.3, 0.1], [0.9, 0.1]]
        let trueU: [[Double]] = [[0.02, 0.08, 0.9], [0.05, 0.95], [0.1, 0.2, 0.7], [0.15, 0.85]]
        let proportion = 0.3
        var random = SeededGenerator(seed: 5)
        func draw(_ distribution: [Double]) -> Int8 {
            var x = Double.random(in: 0..<1, using: &random)
            for (level, p) in distribution.enumerated() {
                if x < p { return Int8(level) }
                x -= p
            }
            return Int8(distribution.count - 1)
        }
        var levels: [Int8] = []
        for _ in 0..<60_000 {
            let match = Double.random(in: 0..<1, using: &random) < proportion
            for c in 0..<4 { levels.append(draw(match ? trueM[c] : trueU[c])) }
        }
        let (patterns, counts) = ExpectationMaximisation.patterns(levels: levels, width: 4)
        var em = ExpectationMaximisation(patterns: patterns, counts: counts, levelCounts: [3, 2, 3, 2])
        em.estimateU = true
        em.maxIterations = 500
        let startM = [[0.5, 0.3, 0.2], [0.6, 0.4], [0.5, 0.3, 0.2], [0.7, 0.3]]
        let startU = [[0.1, 0.2, 0.7], [0.2, 0.8], [0.2, 0.3, 0.5], [0.3, 0.7]]
        let result = em.run(m: startM, u: startU, matchProportion: 0.5, active: [true, true, true, true])
        #expect(abs(result.matchProportion - proportion) < 0.02)
        for c in 0..<4 {
            for level in trueM[c].indices {
                #expect(abs(result.m[c][level] - trueM[c][level]) < 0.03, "m[\(c)][\(level)]")
                #expect(abs(result.u[c][level] - trueU[c][level]) < 0.03, "u[\(c)][\(level)]")
            }
        }
    }

    @Test func fixedComparisonsKeepTheirParameters() {
        let em = ExpectationMaximisation(patterns: [[0, 0], [1, 1]], counts: [10, 90], levelCounts: [2, 2])
        let result = em.run(
            m: [[0.9, 0.1], [0.9, 0.1]], u: [[0.1, 0.9], [0.1, 0.9]], matchProportion: 0.5, active: [false, true])
        #expect(result.m[0] == [0.9, 0.1])
        #expect(result.m[1] != [0.9, 0.1])
    }

    /// A shared rare surname must weigh more than a shared common one.
    @Test func termFrequencyRareBeatsCommon() async throws {
        var records: [MatchRecord] = []
        for index in 0..<200 {
            let family = index < 100 ? "ivanov" : "family\(index)"
            records.append(MatchRecord(id: "\(index)", source: "s", entity: .person, values: ["family": [family]]))
        }
        records.append(MatchRecord(id: "rare", source: "s", entity: .person, values: ["family": ["family150"]]))
        let comparison = Comparison(
            "family", levels: [ComparisonLevel("exact", .exact("family"), termFrequencyAdjusted: true)])
        let config = EntityConfiguration(
            entity: .person, blockingRules: [BlockingRule(["family"])], comparisons: [comparison],
            trainingRules: [])
        let result = await MatchEngine(configuration: MatchConfiguration(person: config))
            .match(MatchEngine(configuration: MatchConfiguration(person: config)).table(for: .person, records: records))
        let common = try #require(result.explain("0", "1"))
        let rare = try #require(result.explain("150", "rare"))
        #expect(rare.log2Odds > common.log2Odds + 5)
        #expect(try #require(common.steps[0].termFrequency) > 0.4)
        #expect(common.steps[0].log2TermFrequencyAdjustment < 0)
        #expect(rare.steps[0].log2TermFrequencyAdjustment > 0)
    }

    @Test func modelIsCodable() async throws {
        let population = SyntheticPopulation(entities: 100, seed: 1)
        var config = EntityConfiguration.person
        config.uSamplePairs = 20_000
        let trainer = ModelTrainer(
            table: MatchEngine(configuration: MatchConfiguration(person: config)).table(
                for: .person, records: population.records), configuration: config)
        let model = await trainer.train(candidates: CandidatePairs(), workers: 2)
        let data = try JSONEncoder().encode(model)
        #expect(try JSONDecoder().decode(MatchModel.self, from: data) == model)
        // Learned m for an exact email match is high, u tiny: strong positive evidence.
        let email = try #require(model.comparisons.first { $0.name == "email" })
        #expect(email.levels[0].log2BayesFactor > 5)
        #expect(email.levels[1].log2BayesFactor < 0)
    }

    @Test("term frequencies are stored packed, round-trip exactly for any value, and a model stored as objects still reads")
    func termFrequenciesPacked() throws {
        var random = SeededGenerator(seed: 13)
        var table: [String: Double] = ["": 0.5, "a:b;c": 1e-7, "москва": 0.2847613167671911, "7:x;": 1.0 / 3.0]
        for index in 0..<500 {
            let length = Int(random.next() % 12)
            let alphabet = Array("ab:;1é€ \"\\\n")
            let value = String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            table[value + "\(index)"] = Double(random.next() % 1_000_000) / 997.0
        }
        let model = MatchModel(
            entity: .organization, lambda: 0.001, comparisons: [],
            termFrequencies: ["city": table, "name": [:]], termFrequencyDenominators: ["city": 40], training: [])
        let data = try JSONEncoder().encode(model)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let stored = try #require(object["termFrequencies"] as? [String: Any])
        #expect(stored["city"] is String)
        let decoded = try JSONDecoder().decode(MatchModel.self, from: data)
        #expect(decoded == model)
        #expect(decoded.termFrequencies["city"]?["москва"] == 0.2847613167671911)
        // The form models were stored in before: an object per attribute.
        let old = #"{"entity":"organization","lambda":0.5,"comparisons":[],"termFrequencies":{"city":{"ufa":0.25}},"training":[]}"#
        let oldModel = try JSONDecoder().decode(MatchModel.self, from: Data(old.utf8))
        #expect(oldModel.termFrequencies == ["city": ["ufa": 0.25]])
        #expect(oldModel.termFrequencyDenominators == nil)
        // A damaged packed table is an error, never a crash or a wrong table.
        for damaged in ["3:ufa", "x:ufa0.1;", "9:ufa0.1;", "3:ufa;", "3:ufa0.1"] {
            let text = #"{"entity":"organization","lambda":0.5,"comparisons":[],"termFrequencies":{"city":"\#(damaged)"},"training":[]}"#
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(MatchModel.self, from: Data(text.utf8)) }
        }
    }
}
