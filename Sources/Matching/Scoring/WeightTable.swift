import Foundation

/// Per-level log2 Bayes factors of a model resolved against a table, plus per-value term-frequency weights,
/// so that scoring a pair is array indexing.
struct WeightTable: Sendable {
    struct TermFrequency: Sendable {
        let level: Int
        let slot: Int
        let m: Double
        let minimum: Double
        /// Frequency per value id of the slot, from the model's tables; `nil` to read the table's own counts
        /// (models stored before the tables carried their denominators).
        let frequencies: [Double]?
    }

    let prior: Double
    /// `base[c][level]` = log2(m/u); null levels weigh 0.
    let base: [[Double]]
    /// For TF-adjusted exact levels: (level, slot, m, floor, frequencies) per comparison.
    let termFrequency: [TermFrequency?]
    let table: RecordTable

    init(model: MatchModel, table: RecordTable, configuration: EntityConfiguration) {
        precondition(model.comparisons.count == configuration.comparisons.count, "model and configuration differ")
        self.table = table
        prior = model.log2PriorOdds
        base = model.comparisons.map { $0.levels.map(\.log2BayesFactor) }
        var resolved: [Int: [Double]] = [:]
        termFrequency = configuration.comparisons.enumerated().map { c, comparison in
            // Only the first TF-adjusted exact level of a comparison is adjusted (Splink's usual setup).
            guard let level = comparison.levels.firstIndex(where: { $0.termFrequencyAdjusted }),
                case .exact(let attribute) = comparison.levels[level].rule, let slot = table.slot(of: attribute)
            else { return nil }
            var frequencies: [Double]?
            if let denominator = model.termFrequencyDenominators?[attribute.rawValue], denominator > 0 {
                if let known = resolved[slot] {
                    frequencies = known
                } else {
                    let stored = model.termFrequencies[attribute.rawValue] ?? [:]
                    let unseen = 1 / Double(denominator)
                    let values = table.dictionaries[slot].strings.map { stored[$0] ?? unseen }
                    resolved[slot] = values
                    frequencies = values
                }
            }
            return TermFrequency(
                level: level, slot: slot, m: model.comparisons[c].levels[level].m,
                minimum: model.comparisons[c].termFrequencyMinimum, frequencies: frequencies)
        }
    }

    /// The frequency a TF-adjusted comparison uses for value `matched` of its slot.
    @inline(__always)
    func frequency(_ tf: TermFrequency, _ matched: Int32) -> Double {
        if let frequencies = tf.frequencies { return frequencies[Int(matched)] }
        return table.dictionaries[tf.slot].frequency(of: matched)
    }

    @inline(__always)
    func weight(_ c: Int, _ level: Int8, _ matched: Int32) -> Double {
        if level < 0 { return 0 }
        if let tf = termFrequency[c], tf.level == Int(level), matched >= 0 {
            return log2(tf.m / max(frequency(tf, matched), tf.minimum))
        }
        return base[c][Int(level)]
    }
}
