import Foundation
import Testing

@testable import Matching

@Suite struct DecisionLearningTests {
    static func model(_ m: [[Double]]) -> MatchModel {
        MatchModel(
            entity: .person, lambda: 1e-3,
            comparisons: m.enumerated().map { c, levels in
                MatchModel.ComparisonParameters(
                    name: "c\(c)",
                    levels: levels.enumerated().map { MatchModel.Level(label: "l\($0.offset)", m: $0.element, u: 0.1, termFrequencyAdjusted: false) },
                    termFrequencyMinimum: 0)
            }, termFrequencies: [:], termFrequencyDenominators: nil, training: [])
    }

    @Test("m moves toward the labels by their weight against EM's; a missing value says nothing")
    func arithmetic() {
        let poor = Self.model([[0.1, 0.1, 0.8], [0.5, 0.5]])
        // Four approved pairs: comparison 0 at level 0 every time; comparison 1 has no value (−1) in three.
        let levels: [Int8] = [0, 0, 0, -1, 0, -1, 0, -1]
        let refined = ModelTrainer.refine(poor, levels: levels, pairs: 4, strength: 20, minimumDisagreementM: 0)
        let m0 = refined.comparisons[0].levels.map(\.m)
        #expect(abs(m0[0] - (4 + 20 * 0.1) / 24) < 1e-12)
        #expect(abs(m0[2] - (20 * 0.8) / 24) < 1e-12)
        #expect(abs(m0.reduce(0, +) - 1) < 1e-12)
        let m1 = refined.comparisons[1].levels.map(\.m)
        #expect(abs(m1[0] - (1 + 20 * 0.5) / 21) < 1e-12, "only the one pair with a value counts")
        #expect(refined.comparisons[0].levels.map(\.u) == poor.comparisons[0].levels.map(\.u), "u is untouched")
        #expect(ModelTrainer.refine(poor, levels: [], pairs: 0, strength: 20, minimumDisagreementM: 0) == poor)
    }

    @Test("a handful of approved pairs repairs a deliberately poor model")
    func repairsAPoorModel() async throws {
        let population = SyntheticPopulation(entities: 500, seed: 21)
        var config = EntityConfiguration.person
        config.uSamplePairs = 30_000
        let engine = MatchEngine(configuration: MatchConfiguration(person: config))
        let table = engine.table(for: .person, records: population.records)
        let trained = await engine.match(table, workers: 2).model
        // Poor: m believes matches mostly disagree (90% on each comparison's "else" level), as a badly converged
        // EM can.
        var poor = trained
        for c in poor.comparisons.indices {
            let count = poor.comparisons[c].levels.count
            for level in 0..<count {
                poor.comparisons[c].levels[level].m = level == count - 1 ? 0.9 : 0.1 / Double(count - 1)
            }
        }
        let before = ClusterEvaluation.evaluate(
            predicted: await engine.match(table, model: poor, workers: 2).clustering.clusterOf, truth: population.truth)
        // Fifteen approved pairs, drawn with a seeded generator from the true duplicates.
        var byEntity: [Int: [Int32]] = [:]
        for (row, entity) in population.truth.enumerated() { byEntity[entity, default: []].append(Int32(row)) }
        var duplicates = byEntity.keys.sorted().compactMap { key -> (Int32, Int32)? in
            let rows = byEntity[key]!
            return rows.count > 1 ? (rows[0], rows[1]) : nil
        }
        var random = SeededGenerator(seed: 4)
        duplicates.shuffle(using: &random)
        let approved = Array(duplicates.prefix(15))
        let refined = await ModelTrainer(table: table, configuration: config).refine(poor, approved: approved, workers: 2)
        let after = ClusterEvaluation.evaluate(
            predicted: await engine.match(table, model: refined, workers: 2).clustering.clusterOf,
            truth: population.truth)
        #expect(after.pairwiseF1 > before.pairwiseF1 + 0.05, "before \(before), after \(after)")
    }
}
