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
    /// The same weights flat, for ``weight(_:_:_:)``: scoring asks for one per comparison of millions of pairs, and
    /// reaching into `base[c]` or a `TermFrequency`'s array retained and released an array on every call.
    private let levelStart: [Int]
    private let flatBase: [Double]
    /// Per comparison: its TF-adjusted level (or -1), m, floor, and where its per-value frequencies start in
    /// `flatFrequencies` (-1: the table's own counts).
    private let adjustedLevel: [Int]
    private let adjustedM: [Double]
    private let adjustedMinimum: [Double]
    private let frequencyStart: [Int]
    private let flatFrequencies: [Double]

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
        var starts: [Int] = []
        var flat: [Double] = []
        for levels in base {
            starts.append(flat.count)
            flat.append(contentsOf: levels)
        }
        levelStart = starts
        flatBase = flat
        adjustedLevel = termFrequency.map { $0?.level ?? -1 }
        adjustedM = termFrequency.map { $0?.m ?? 0 }
        adjustedMinimum = termFrequency.map { $0?.minimum ?? 0 }
        var frequencyStarts: [Int] = []
        var frequencies: [Double] = []
        var startOfSlot: [Int: Int] = [:]
        for tf in termFrequency {
            guard let tf, let values = tf.frequencies else {
                frequencyStarts.append(-1)
                continue
            }
            if let start = startOfSlot[tf.slot] {
                frequencyStarts.append(start)
            } else {
                startOfSlot[tf.slot] = frequencies.count
                frequencyStarts.append(frequencies.count)
                frequencies.append(contentsOf: values)
            }
        }
        frequencyStart = frequencyStarts
        flatFrequencies = frequencies
    }

    /// The slots whose weights read the table's own value counts (a model stored before its tables carried their
    /// denominators, or one that saw no value of the attribute): such a weight moves with the number of records
    /// carrying the value, so an incremental run counts those numbers into each record's context.
    var slotsReadingTableCounts: [Int] {
        Set(termFrequency.compactMap { $0?.frequencies == nil ? $0?.slot : nil }).sorted()
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
        if adjustedLevel[c] == Int(level), matched >= 0 {
            let start = frequencyStart[c]
            let frequency = start >= 0
                ? flatFrequencies[start + Int(matched)] : frequency(termFrequency[c]!, matched)
            return log2(adjustedM[c] / max(frequency, adjustedMinimum[c]))
        }
        return flatBase[levelStart[c] + Int(level)]
    }
}
