/// Why a pair scored what it did, comparison by comparison: enough for a waterfall chart that starts at the
/// prior and adds each comparison's log2 Bayes factor (with its term-frequency adjustment).
public struct PairExplanation: Codable, Sendable, Hashable {
    public struct Step: Codable, Sendable, Hashable {
        public var comparison: String
        /// Level index, or −1 when either side had no value (no evidence).
        public var level: Int
        public var levelLabel: String
        public var leftValues: [String]
        public var rightValues: [String]
        public var m: Double?
        public var u: Double?
        /// log2(m/u) of the level before any term-frequency adjustment (0 when null).
        public var log2BayesFactor: Double
        /// The shared value whose frequency adjusted the weight, and that frequency.
        public var termFrequencyValue: String?
        public var termFrequency: Double?
        /// log2 of the TF adjustment (u / max(tf, floor)); 0 without adjustment.
        public var log2TermFrequencyAdjustment: Double
        /// The step's total contribution.
        public var log2Weight: Double { log2BayesFactor + log2TermFrequencyAdjustment }
    }

    public var leftID: String
    public var rightID: String
    public var leftSource: String
    public var rightSource: String
    public var log2PriorOdds: Double
    public var steps: [Step]
    /// Prior plus every step.
    public var log2Odds: Double
    public var probability: Double
    public var decision: MatchDecision
    /// Hard rules and steward decisions that hold for the pair (they override the score).
    public var hardRules: [String]
}
