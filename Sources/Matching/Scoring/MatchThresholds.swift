import Foundation

/// Match probability thresholds: at or above `upper` a pair links, at or above `lower` it goes to the steward
/// queue, below it is not linked. See docs/decisions-matching.md for how the defaults were chosen.
public struct MatchThresholds: Codable, Sendable, Hashable {
    public var upper: Double
    public var lower: Double

    public init(upper: Double = 0.92, lower: Double = 0.4) {
        precondition(lower <= upper, "lower threshold above upper")
        self.upper = upper
        self.lower = lower
    }

    /// The thresholds as log2 odds, compared against pair weights without computing probabilities.
    var upperWeight: Double { log2(upper / (1 - upper)) }
    var lowerWeight: Double { log2(lower / (1 - lower)) }
}
