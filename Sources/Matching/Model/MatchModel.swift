import Foundation

/// Fellegi-Sunter parameters for one entity kind: the prior λ and m/u per comparison level, plus the term
/// frequency tables used in training. `Codable` so the store can persist and version each trained model.
public struct MatchModel: Codable, Sendable, Hashable {
    public struct Level: Codable, Sendable, Hashable {
        public var label: String
        /// P(level | match).
        public var m: Double
        /// P(level | non-match).
        public var u: Double
        public var termFrequencyAdjusted: Bool

        /// log2 of the Bayes factor m/u.
        public var log2BayesFactor: Double { log2(m / u) }
    }

    public struct ComparisonParameters: Codable, Sendable, Hashable {
        public var name: String
        /// Levels in order; the last one is "else".
        public var levels: [Level]
        public var termFrequencyMinimum: Double
    }

    public var entity: MatchEntity
    /// Probability that two records drawn at random are the same entity.
    public var lambda: Double
    public var comparisons: [ComparisonParameters]
    /// Term frequency tables (attribute → value → frequency) of the training data, for audit; only values seen in
    /// at least two records are kept (a singleton's frequency is 1 / records).
    public var termFrequencies: [String: [String: Double]]
    /// Records carrying each TF-adjusted attribute at training: a value absent from ``termFrequencies`` had
    /// frequency `1 / termFrequencyDenominators[attribute]` (it was seen once, or not at all).
    ///
    /// With it, scoring takes term frequencies from the model, not from the data being scored, so a pair's score
    /// is a function of the pair and the model alone: an incremental run scores a pair exactly as a full run would,
    /// and a stored explanation stays true. `nil` for models stored before it existed, which score with the
    /// frequencies of the data at hand.
    public var termFrequencyDenominators: [String: Int]?
    /// Diagnostics of the EM sessions (one per training rule).
    public var training: [TrainingSession]

    public struct TrainingSession: Codable, Sendable, Hashable {
        public var rule: String
        public var pairs: Int
        public var iterations: Int
        public var converged: Bool
        public var fixedComparisons: [String]
        /// Share of the session's blocked pairs EM considered matches.
        public var matchProportion: Double
    }

    /// log2 of the prior odds λ / (1 − λ), the starting point of every waterfall.
    public var log2PriorOdds: Double { log2(lambda / (1 - lambda)) }
}

extension MatchModel {
    /// Whether the model was trained for exactly these comparisons and levels (names and labels, in order).
    ///
    /// A model stored by an earlier version, or before `match.yaml`'s comparisons changed, has other levels; scoring
    /// with it would index weights that do not exist. Such a model is retrained, never used.
    public func fits(_ configuration: EntityConfiguration) -> Bool {
        guard comparisons.count == configuration.comparisons.count else { return false }
        return zip(comparisons, configuration.comparisons).allSatisfy { stored, comparison in
            stored.name == comparison.name && stored.levels.count == comparison.levelCount
                && zip(stored.levels, comparison.levels).allSatisfy { $0.label == $1.label }
        }
    }
}

