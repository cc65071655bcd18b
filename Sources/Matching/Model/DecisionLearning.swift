import Foundation

/// Learning from stewards: pairs a steward approved are labelled matches, and their comparison levels say directly
/// how often each level occurs among true matches, which is what m is.
///
/// The labels are few and not a random sample of matches (stewards see the uncertain ones), so they do not replace
/// EM's estimate; they move it. Per comparison, the refined m is a weighted mean:
///
///     m[level] = (approved pairs at level + strength × m_EM[level]) / (approved pairs with a value + strength)
///
/// A pair with no value on a comparison (level −1, no evidence) says nothing about that comparison's m. `strength`
/// is how many labelled pairs EM's estimate is worth: with a handful of decisions the model moves a little, with
/// hundreds the labels dominate. u stays as estimated from random pairs: rejected pairs are hard negatives chosen
/// because they look alike, not a sample of non-matches, and they already hold as cannot-link rules.
extension ModelTrainer {
    /// `model` with its m re-estimated from the approved pairs (table rows), mixed with the model's own m.
    public func refine(
        _ model: MatchModel, approved pairs: [(Int32, Int32)], strength: Double = 20,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) async -> MatchModel {
        guard !pairs.isEmpty else { return model }
        let levels = await scorer.levels(left: pairs.map(\.0), right: pairs.map(\.1), workers: workers)
        return Self.refine(model, levels: levels, pairs: pairs.count, strength: strength,
                           minimumDisagreementM: configuration.minimumDisagreementM)
    }

    /// The arithmetic of ``refine(_:approved:strength:workers:)`` over computed levels (`pairs` rows of one level
    /// per comparison), separate so it can be checked by hand.
    static func refine(
        _ model: MatchModel, levels: [Int8], pairs: Int, strength: Double, minimumDisagreementM: Double
    ) -> MatchModel {
        var refined = model
        let width = model.comparisons.count
        for c in 0..<width {
            let levelCount = model.comparisons[c].levels.count
            var counts = [Double](repeating: 0, count: levelCount)
            for row in 0..<pairs {
                let level = Int(levels[row * width + c])
                if level >= 0, level < levelCount { counts[level] += 1 }
            }
            let labelled = counts.reduce(0, +)
            guard labelled > 0 else { continue }
            let m = (0..<levelCount).map { level in
                (counts[level] + strength * model.comparisons[c].levels[level].m) / (labelled + strength)
            }
            let floored = floorDisagreement(m, minimum: minimumDisagreementM)
            for level in 0..<levelCount { refined.comparisons[c].levels[level].m = floored[level] }
        }
        return refined
    }
}
