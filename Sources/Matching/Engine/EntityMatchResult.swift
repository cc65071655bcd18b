import GoldenCore

/// Everything one entity kind's match run produced, kept together so a pair can be explained and a record's
/// cluster looked up afterwards.
public struct EntityMatchResult: Sendable {
    public let table: RecordTable
    public let blocking: BlockingReport
    public let model: MatchModel
    public let scored: ScoredPairs
    public let clustering: Clustering
    let scorer: PairScorer
    let weights: WeightTable
    /// Wall seconds per stage in run order: `block`, `train`, `score`, `cluster`.
    public let timings: [(stage: String, seconds: Double)]
    /// Steward-approved pairs the model trained here learned m from (0 without learning, or with a stored model).
    public var approvedPairsLearned = 0

    /// Explanation of scored pair `index`.
    public func explain(pair index: Int) -> PairExplanation {
        scorer.explain(scored, index: index, model: model, weights: weights)
    }

    /// Explanation of the pair of two record ids, when it was scored.
    public func explain(_ leftID: String, _ rightID: String) -> PairExplanation? {
        guard let a = table.ids.firstIndex(of: leftID), let b = table.ids.firstIndex(of: rightID),
            let index = scored.index(of: Int32(a), Int32(b))
        else { return nil }
        return explain(pair: index)
    }

    /// Indices of pairs waiting for a steward.
    public var reviewPairs: [Int] { scored.decisions.indices.filter { scored.decisions[$0] == .review } }
}

/// Wall seconds per stage of a match, in run order (``EntityMatchResult/timings``).
struct StageClock {
    private let clock = ContinuousClock()
    private var start: ContinuousClock.Instant
    private(set) var timings: [(stage: String, seconds: Double)] = []

    init() { start = clock.now }

    /// Ends the stage that ran since the last lap.
    mutating func lap(_ stage: String) {
        let now = clock.now
        timings.append((stage, (now - start).secondsValue))
        start = now
    }
}
