/// What blocking produced: pairs per rule (each pair counted under the first rule that produced it), skipped
/// oversized blocks, and — given a truth mapping — the recall ceiling, i.e. the share of true pairs that reached
/// scoring at all. No threshold or model can recover a pair blocking never produced.
public struct BlockingReport: Codable, Sendable, Hashable {
    public struct RuleReport: Codable, Sendable, Hashable {
        public var rule: String
        public var pairs: Int
        public var blocks: Int
        public var largestBlock: Int
        public var oversizedBlocks: Int
        /// Oversized blocks regrouped by the rule's `splitBy` attribute instead of skipped (`nil`: none).
        public var splitBlocks: Int?
        /// True pairs first produced by this rule (filled by `withTruth`).
        public var truePairs: Int?
    }

    public var rules: [RuleReport]
    /// The largest skipped blocks (at most 100, largest first).
    public var warnings: [BlockingWarning]
    public var totalPairs: Int
    public var recallCeiling: Double?

    /// Fills `truePairs` and `recallCeiling` from a truth mapping (record index → entity id).
    public func withTruth(_ truth: [Int], pairs: CandidatePairs) -> BlockingReport {
        var copy = self
        var perRule = Array(repeating: 0, count: rules.count)
        // Pairs added for steward decisions carry rule index 255 and are not blocking's merit.
        for index in 0..<pairs.count where truth[Int(pairs.left[index])] == truth[Int(pairs.right[index])] {
            let rule = Int(pairs.rule[index])
            if rule < perRule.count { perRule[rule] += 1 }
        }
        for index in copy.rules.indices { copy.rules[index].truePairs = perRule[index] }
        let possible = ClusterEvaluation.pairCount(groupSizes: ClusterEvaluation.groupSizes(truth))
        copy.recallCeiling = possible == 0 ? 1 : Double(perRule.reduce(0, +)) / Double(possible)
        return copy
    }
}
