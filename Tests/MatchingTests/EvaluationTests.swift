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

    @Test func scalesByContingencyNotPairs() {
        // 200k records in 1 predicted cluster would be 2·10^10 pairs if enumerated.
        let n = 200_000
        let result = ClusterEvaluation.evaluate(predicted: Array(repeating: 0, count: n), truth: Array(0..<n))
        #expect(result.predictedPairs == n * (n - 1) / 2 && result.correctPairs == 0)
    }
}
