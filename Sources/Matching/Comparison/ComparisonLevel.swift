/// One level of a comparison: a rule, a label for explanations, and whether an exact hit is adjusted by the
/// frequency of the shared value.
public struct ComparisonLevel: Codable, Sendable, Hashable {
    public var label: String
    public var rule: LevelRule
    /// Term-frequency adjustment (exact levels only): the u probability of a hit on value v is replaced by the
    /// frequency of v, so a shared rare surname weighs more than a shared common one.
    public var termFrequencyAdjusted: Bool

    public init(_ label: String, _ rule: LevelRule, termFrequencyAdjusted: Bool = false) {
        self.label = label
        self.rule = rule
        self.termFrequencyAdjusted = termFrequencyAdjusted
    }

    /// A level labelled with its rule's ``LevelRule/defaultLabel``.
    public init(_ rule: LevelRule, termFrequencyAdjusted: Bool = false) {
        self.init(rule.defaultLabel, rule, termFrequencyAdjusted: termFrequencyAdjusted)
    }
}
