import Foundation

/// Every scored candidate pair, struct-of-arrays: record indices, the comparison level hit per comparison,
/// the total log2 weight (prior + Bayes factors + term-frequency adjustments), hard-rule flags and the decision.
///
/// The level vector is what each pair "carries"; values, m/u and TF adjustments are reconstructed on demand by
/// `PairScorer.explain`, so millions of pairs do not each hold an explanation object.
public struct ScoredPairs: Sendable {
    public internal(set) var pairs: CandidatePairs
    /// Comparisons per pair (row width of `levels`).
    public let width: Int
    /// Row-major levels; −1 is null (no evidence).
    public internal(set) var levels: [Int8]
    /// Total log2 odds of a match.
    public internal(set) var weights: [Float]
    public internal(set) var flags: [PairFlags]
    public internal(set) var decisions: [MatchDecision]

    public var count: Int { pairs.count }

    /// Match probability of pair `index`.
    public func probability(_ index: Int) -> Double {
        let odds = exp2(Double(weights[index]))
        return odds.isInfinite ? 1 : odds / (1 + odds)
    }

    /// Index of the pair (a, b) in either order, by binary search over the sorted pairs.
    public func index(of a: Int32, _ b: Int32) -> Int? {
        let (x, y) = a < b ? (a, b) : (b, a)
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if pairs.left[mid] < x || (pairs.left[mid] == x && pairs.right[mid] < y) {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return low < count && pairs.left[low] == x && pairs.right[low] == y ? low : nil
    }
}
