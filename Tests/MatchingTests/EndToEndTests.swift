import Foundation
import Testing

@testable import Matching

@Suite struct EndToEndTests {
    static var configuration: EntityConfiguration {
        var config = EntityConfiguration.person
        config.uSamplePairs = 40_000
        return config
    }

    static func run(_ population: SyntheticPopulation, workers: Int) async -> EntityMatchResult {
        let engine = MatchEngine(configuration: MatchConfiguration(person: configuration))
        let table = engine.table(for: .person, records: population.records)
        return await engine.match(table, workers: workers)
    }

    @Test func syntheticPersonsReachF1Floor() async throws {
        let population = SyntheticPopulation(entities: 1_200, seed: 7)
        let result = await Self.run(population, workers: 2)
        let evaluation = ClusterEvaluation.evaluate(predicted: result.clustering.clusterOf, truth: population.truth)
        let ceiling = result.blocking.withTruth(population.truth, pairs: result.scored.pairs).recallCeiling
        #expect(try #require(ceiling) > 0.9)
        #expect(evaluation.pairwiseF1 > 0.85, "\(evaluation)")
        #expect(evaluation.bCubedF1 > 0.9, "\(evaluation)")
        #expect(evaluation.largestCluster <= 8)
        #expect(result.model.lambda > 0 && result.model.lambda < 0.01)
        #expect(result.model.training.count == 2)
    }

    @Test func identicalAcrossWorkerCountsAndRuns() async {
        let population = SyntheticPopulation(entities: 300, seed: 11)
        let one = await Self.run(population, workers: 1)
        let two = await Self.run(population, workers: 2)
        let again = await Self.run(population, workers: 2)
        #expect(one.model == two.model)
        #expect(one.scored.weights == two.scored.weights)
        #expect(one.scored.decisions == two.scored.decisions)
        #expect(one.clustering == two.clustering)
        #expect(two.clustering == again.clustering)
        #expect(two.scored.pairs == again.scored.pairs)
    }

    @Test func explanationAddsUpToTheScore() async throws {
        let population = SyntheticPopulation(entities: 200, seed: 3)
        let result = await Self.run(population, workers: 2)
        let index = try #require(result.scored.decisions.firstIndex(of: .link))
        let explanation = result.explain(pair: index)
        let sum = explanation.log2PriorOdds + explanation.steps.map(\.log2Weight).reduce(0, +)
        #expect(abs(sum - Double(result.scored.weights[index])) < 0.01)
        #expect(explanation.steps.count == result.model.comparisons.count)
        #expect(explanation.steps.contains { $0.level == -1 ? $0.log2Weight == 0 : true })
        let data = try JSONEncoder().encode(explanation)
        #expect(try JSONDecoder().decode(PairExplanation.self, from: data) == explanation)
    }
}
