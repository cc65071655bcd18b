import Testing

@testable import Matching

@Suite struct EvaluationTests {
    @Test func handComputedExample() {
        let result = ClusterEvaluation.evaluate(predicted: [0, 0, 0, 1, 1], truth: [7, 7, 9, 9, 9])
        #expect(result.predictedPairs == 4 && result.truePairs == 4 && result.correctPairs == 2)
        #expect(abs(result.pairwisePrecision - 0.5) < 1e-12)
        #expect(abs(result.pairwiseRecall - 0.5) < 1e-12)
        #expect(abs(result.pairwiseF1 - 0.5) < 1e-12)
        #expect(abs(result.bCubedPrecision - 11.0 / 15.0) < 1e-12)
        #expect(abs(result.bCubedRecall - 11.0 / 15.0) < 1e-12)
        #expect(result.largestCluster == 3)
    }

    @Test func perfectAndSingletonClusterings() {
        let truth = [1, 1, 2, 2, 2, 3]
        let perfect = ClusterEvaluation.evaluate(predicted: [5, 5, 6, 6, 6, 8], truth: truth)
        #expect(perfect.pairwiseF1 == 1 && perfect.bCubedF1 == 1)
        let singletons = ClusterEvaluation.evaluate(predicted: [0, 1, 2, 3, 4, 5], truth: truth)
        #expect(singletons.pairwisePrecision == 1 && singletons.pairwiseRecall == 0)
        #expect(abs(singletons.bCubedRecall - (2 * 0.5 + 3 * (1.0 / 3) + 1) / 6) < 1e-12)
        let oneBlob = ClusterEvaluation.evaluate(predicted: [0, 0, 0, 0, 0, 0], truth: truth)
        #expect(oneBlob.pairwiseRecall == 1 && abs(oneBlob.pairwisePrecision - 4.0 / 15.0) < 1e-12)
        #expect(oneBlob.largestCluster == 6)
    }

    /// Tags: bit 0 on record 2 (its entity 9 has pairs 2–3, 2–4; only 2–3 is clustered together, and 2 sits in a
    /// cluster with entity 7's records 0 and 1: two false pairs); bit 1 on no pair of any kind (record 5 alone).
    @Test func tagFiguresCountTruePairsFoundPairsAndFalsePairsWithATaggedRecord() {
        let predicted: [Int32] = [0, 0, 0, 1, 1, 2]
        let truth: [Int32] = [7, 7, 9, 9, 9, 4]
        let tags: [UInt32] = [0, 0, 1, 0, 0, 2]
        let figures = ClusterEvaluation.byTag(predicted: predicted, truth: truth, tags: tags)
        #expect(Set(figures.keys) == [0, 1])
        #expect(figures[0] == ClusterEvaluation.TagFigures(records: 1, truePairs: 2, foundPairs: 0, falsePairs: 2))
        #expect(figures[1] == ClusterEvaluation.TagFigures(records: 1, truePairs: 0, foundPairs: 0, falsePairs: 0))
        #expect(figures[1]?.recall == 1)
        #expect(ClusterEvaluation.byTag(predicted: predicted, truth: truth, tags: [0, 0, 0, 0, 0, 0]).isEmpty)
    }

    @Test func scalesByContingencyNotPairs() {
        // 200k records in 1 predicted cluster would be 2·10^10 pairs if enumerated.
        let n = 200_000
        let result = ClusterEvaluation.evaluate(predicted: Array(repeating: 0, count: n), truth: Array(0..<n))
        #expect(result.predictedPairs == n * (n - 1) / 2 && result.correctPairs == 0)
    }
}
