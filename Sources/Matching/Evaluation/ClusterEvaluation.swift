/// Quality of a clustering against ground truth: pairwise and B-cubed precision/recall/F1 and the largest
/// cluster.
///
/// Everything is computed from the contingency table of (predicted cluster, true entity) counts, so 1M records
/// cost one sort, never an enumeration of pairs: true-positive pairs are Σ C(n_ij, 2), predicted pairs
/// Σ C(a_i, 2), true pairs Σ C(b_j, 2); B-cubed precision is (1/N) Σ n_ij² / a_i, recall (1/N) Σ n_ij² / b_j.
public struct ClusterEvaluation: Codable, Sendable, Hashable {
    public var records: Int
    public var pairwisePrecision: Double
    public var pairwiseRecall: Double
    public var pairwiseF1: Double
    public var bCubedPrecision: Double
    public var bCubedRecall: Double
    public var bCubedF1: Double
    public var largestCluster: Int
    public var predictedPairs: Int
    public var truePairs: Int
    public var correctPairs: Int

    /// Evaluates `predicted` (cluster label per record) against `truth` (entity label per record).
    public static func evaluate<P: BinaryInteger, T: BinaryInteger>(predicted: [P], truth: [T]) -> ClusterEvaluation {
        precondition(predicted.count == truth.count, "predicted and truth differ in length")
        let n = predicted.count
        let predictedIDs = denseLabels(predicted)
        let truthIDs = denseLabels(truth)
        var cells = (0..<n).map { UInt64(predictedIDs[$0]) << 32 | UInt64(truthIDs[$0]) }
        cells.sort()
        var clusterSize = Array(repeating: 0, count: (predictedIDs.max() ?? -1) + 1)
        var entitySize = Array(repeating: 0, count: (truthIDs.max() ?? -1) + 1)
        for index in 0..<n {
            clusterSize[predictedIDs[index]] += 1
            entitySize[truthIDs[index]] += 1
        }
        var correct = 0
        var bPrecision = 0.0
        var bRecall = 0.0
        var start = 0
        while start < cells.count {
            var end = start + 1
            while end < cells.count && cells[end] == cells[start] { end += 1 }
            let cell = end - start
            let cluster = Int(cells[start] >> 32)
            let entity = Int(cells[start] & 0xFFFF_FFFF)
            correct += cell * (cell - 1) / 2
            bPrecision += Double(cell * cell) / Double(clusterSize[cluster])
            bRecall += Double(cell * cell) / Double(entitySize[entity])
            start = end
        }
        let predictedPairs = pairCount(groupSizes: clusterSize)
        let truePairs = pairCount(groupSizes: entitySize)
        let precision = predictedPairs == 0 ? 1 : Double(correct) / Double(predictedPairs)
        let recall = truePairs == 0 ? 1 : Double(correct) / Double(truePairs)
        let bp = n == 0 ? 1 : bPrecision / Double(n)
        let br = n == 0 ? 1 : bRecall / Double(n)
        return ClusterEvaluation(
            records: n, pairwisePrecision: precision, pairwiseRecall: recall, pairwiseF1: f1(precision, recall),
            bCubedPrecision: bp, bCubedRecall: br, bCubedF1: f1(bp, br), largestCluster: clusterSize.max() ?? 0,
            predictedPairs: predictedPairs, truePairs: truePairs, correctPairs: correct)
    }

    static func f1(_ precision: Double, _ recall: Double) -> Double {
        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }

    /// Number of unordered pairs inside groups of the given sizes.
    static func pairCount(groupSizes: [Int]) -> Int { groupSizes.reduce(0) { $0 + $1 * ($1 - 1) / 2 } }

    /// Sizes of the groups of a labelling.
    static func groupSizes<T: BinaryInteger>(_ labels: [T]) -> [Int] {
        var sizes: [T: Int] = [:]
        for label in labels { sizes[label, default: 0] += 1 }
        return Array(sizes.values)
    }

    /// Labels renumbered densely from 0 in first-seen order.
    static func denseLabels<T: BinaryInteger>(_ labels: [T]) -> [Int] {
        var ids: [T: Int] = [:]
        return labels.map { label in
            if let id = ids[label] { return id }
            let id = ids.count
            ids[label] = id
            return id
        }
    }
}
