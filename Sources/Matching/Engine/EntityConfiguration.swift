/// Everything the engine needs to match one entity kind: blocking, comparisons, training, hard rules,
/// thresholds and clustering limits.
public struct EntityConfiguration: Codable, Sendable, Hashable {
    public var entity: MatchEntity
    /// Candidate-pair rules (their union is scored).
    public var blockingRules: [BlockingRule]
    public var comparisons: [Comparison]
    /// EM sessions: one per rule; comparisons reading the rule's attributes are held fixed in that session.
    public var trainingRules: [BlockingRule]
    public var hardRules: [HardRule]
    public var scopeGate: ScopeGate?
    public var thresholds: MatchThresholds
    public var clustering: ClusteringOptions
    /// Random pairs sampled to estimate u.
    public var uSamplePairs: Int
    /// Upper bound on pairs per EM session and for the λ estimate (a deterministic stride sample beyond it).
    public var maxTrainingPairs: Int
    public var seed: UInt64
    /// Lower bound of m for each comparison's "else" level (mass taken from the other levels in proportion).
    /// Without it, a field that never disagrees among the training matches (synthetic data, a clean source)
    /// gets m ≈ 0 there and one typo becomes a veto of −30 bits; with 0.01 one disagreement costs at most
    /// about log2(0.01 / u_else) ≈ −6.6 bits. Vetoes are what hard rules are for.
    public var minimumDisagreementM: Double
    /// Name-only evidence: an exact distinctive name with nothing disagreeing links (or goes to review).
    public var distinctiveName: DistinctiveNameRule?
    /// Cannot-link attributes whose values one typo apart are no veto (an INN with a mistyped digit that still passes
    /// its checksum): such a pair may reach the steward queue, never link automatically.
    public var typoTolerantIdentifiers: [MatchAttribute]

    public init(
        entity: MatchEntity, blockingRules: [BlockingRule], comparisons: [Comparison],
        trainingRules: [BlockingRule], hardRules: [HardRule] = [], scopeGate: ScopeGate? = nil,
        thresholds: MatchThresholds = MatchThresholds(), clustering: ClusteringOptions = ClusteringOptions(),
        uSamplePairs: Int = 1_000_000, maxTrainingPairs: Int = 1_000_000, seed: UInt64 = 42,
        minimumDisagreementM: Double = 0.01, distinctiveName: DistinctiveNameRule? = nil,
        typoTolerantIdentifiers: [MatchAttribute] = []
    ) {
        self.entity = entity
        self.blockingRules = blockingRules
        self.comparisons = comparisons
        self.trainingRules = trainingRules
        self.hardRules = hardRules
        self.scopeGate = scopeGate
        self.thresholds = thresholds
        self.clustering = clustering
        self.uSamplePairs = uSamplePairs
        self.maxTrainingPairs = maxTrainingPairs
        self.seed = seed
        self.minimumDisagreementM = minimumDisagreementM
        self.distinctiveName = distinctiveName
        self.typoTolerantIdentifiers = typoTolerantIdentifiers
    }

    /// The hard rules' attributes as the clusterer takes them: must-link groups and cannot-link attributes.
    var hardRuleAttributes: (mustLink: [[MatchAttribute]], conflicts: [MatchAttribute]) {
        var groups: [[MatchAttribute]] = []
        var conflicts: [MatchAttribute] = []
        for rule in hardRules {
            switch rule {
            case .mustLink(let attributes): groups.append(attributes)
            case .cannotLinkWhenDifferent(let attribute): conflicts.append(attribute)
            }
        }
        return (groups, conflicts)
    }

    /// Every attribute the configuration reads, in a stable order.
    public var attributes: [MatchAttribute] {
        var set = Set<MatchAttribute>()
        for rule in blockingRules + trainingRules { set.formUnion(rule.allAttributes) }
        for comparison in comparisons { set.formUnion(comparison.attributes) }
        for rule in hardRules { set.formUnion(rule.attributes) }
        if let attribute = scopeGate?.attribute { set.insert(attribute) }
        if let rule = distinctiveName { set.insert(rule.attribute) }
        return set.sorted()
    }

    var fuzzyAttributes: Set<MatchAttribute> {
        Set(comparisons.flatMap(\.levels).filter(\.rule.needsScalars).map(\.rule.attribute))
    }

    var dateAttributes: Set<MatchAttribute> {
        Set(comparisons.flatMap(\.levels).filter(\.rule.needsDates).map(\.rule.attribute))
    }

    var numericAttributes: Set<MatchAttribute> {
        Set(comparisons.flatMap(\.levels).filter(\.rule.needsNumbers).map(\.rule.attribute))
    }
}
