import Foundation

/// Per-level log2 Bayes factors of a model resolved against a table, plus per-value term-frequency weights,
/// so that scoring a pair is array indexing.
struct WeightTable: Sendable {
    let prior: Double
    /// `base[c][level]` = log2(m/u); null levels weigh 0.
    let base: [[Double]]
    /// For TF-adjusted exact levels: (level, slot, m, floor) per comparison.
    let termFrequency: [(level: Int, slot: Int, m: Double, minimum: Double)?]
    let table: RecordTable

    init(model: MatchModel, table: RecordTable, configuration: EntityConfiguration) {
        precondition(model.comparisons.count == configuration.comparisons.count, "model and configuration differ")
        self.table = table
        prior = model.log2PriorOdds
        base = model.comparisons.map { $0.levels.map(\.log2BayesFactor) }
        termFrequency = configuration.comparisons.enumerated().map { c, comparison in
            // Only the first TF-adjusted exact level of a comparison is adjusted (Splink's usual setup).
            guard let level = comparison.levels.firstIndex(where: { $0.termFrequencyAdjusted }),
                case .exact(let attribute) = comparison.levels[level].rule, let slot = table.slot(of: attribute)
            else { return nil }
            return (level, slot, model.comparisons[c].levels[level].m, model.comparisons[c].termFrequencyMinimum)
        }
    }

    @inline(__always)
    func weight(_ c: Int, _ level: Int8, _ matched: Int32) -> Double {
        if level < 0 { return 0 }
        if let tf = termFrequency[c], tf.level == Int(level), matched >= 0 {
            return log2(tf.m / max(table.dictionaries[tf.slot].frequency(of: matched), tf.minimum))
        }
        return base[c][Int(level)]
    }
}
