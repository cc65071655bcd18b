/// A comparison: ordered levels from strongest to weakest agreement, plus an implicit final "else" level.
///
/// The first level whose rule holds is the pair's level. When either record has no value for the comparison's
/// `nullAttribute` the pair is "null" for this comparison: no evidence, weight 0 — never counted as disagreement.
public struct Comparison: Codable, Sendable, Hashable {
    public var name: String
    public var levels: [ComparisonLevel]
    /// Attribute whose absence makes the comparison null (defaults to the first level's attribute).
    public var nullAttribute: MatchAttribute
    /// Further attributes that are functions of the same field (e.g. `given_initial` for a given-name
    /// comparison); an EM training rule blocking on any of them holds this comparison fixed.
    public var relatedAttributes: [MatchAttribute]
    /// Lower bound for a term frequency used as u, so one unique value cannot produce an unbounded weight.
    public var termFrequencyMinimum: Double

    public init(
        _ name: String, levels: [ComparisonLevel], nullAttribute: MatchAttribute? = nil,
        relatedAttributes: [MatchAttribute] = [], termFrequencyMinimum: Double = 1e-5
    ) {
        precondition(!levels.isEmpty && levels.count < 14, "a comparison needs 1...13 levels")
        self.name = name
        self.levels = levels
        self.nullAttribute = nullAttribute ?? levels[0].rule.attribute
        self.relatedAttributes = relatedAttributes
        self.termFrequencyMinimum = termFrequencyMinimum
    }

    /// Number of levels including the final "else".
    public var levelCount: Int { levels.count + 1 }

    /// Label of a level index (the last one is "else").
    public func label(ofLevel index: Int) -> String { index < levels.count ? levels[index].label : "else" }

    /// Every attribute the comparison reads or is derived from.
    public var attributes: Set<MatchAttribute> {
        var set = Set(levels.map(\.rule.attribute))
        set.insert(nullAttribute)
        set.formUnion(relatedAttributes)
        for attribute in set { if let base = attribute.tokenBase { set.insert(base) } }
        return set
    }
}
