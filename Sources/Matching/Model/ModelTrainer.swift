import Foundation

/// Estimates a `MatchModel` from unlabeled data the way Splink does:
/// 1. u from comparison vectors of random record pairs (seeded, so training is reproducible);
/// 2. m by EM, one session per training blocking rule with the comparisons that read the rule's attributes held
///    fixed (within such a block they agree by construction and say nothing about m), then averaged per
///    comparison over the sessions where it was free;
/// 3. λ from the expected number of matches among all blocked pairs (EM over the match proportion only, m and u
///    fixed), divided by the number of possible pairs.
public struct ModelTrainer: Sendable {
    public let configuration: EntityConfiguration
    public let table: RecordTable
    let scorer: PairScorer

    public init(table: RecordTable, configuration: EntityConfiguration) {
        self.init(scorer: PairScorer(table: table, configuration: configuration))
    }

    /// A trainer sharing a scorer already built for the table: the scorer holds a copy of the compared values
    /// (``ComparisonEvaluator``), tens of megabytes at 1M records, that one match run need not hold twice.
    init(scorer: PairScorer) {
        configuration = scorer.configuration
        table = scorer.table
        self.scorer = scorer
    }

    /// Trains a model; `candidates` are the blocked pairs used for λ.
    public func train(
        candidates: CandidatePairs, workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) async -> MatchModel {
        let comparisons = configuration.comparisons
        let levelCounts = comparisons.map(\.levelCount)
        let u = await estimateU(workers: workers)
        let initialM = levelCounts.map(Self.initialM)
        var mSums = levelCounts.map { Array(repeating: 0.0, count: $0) }
        var mSessions = Array(repeating: 0, count: comparisons.count)
        var sessions: [MatchModel.TrainingSession] = []
        for rule in configuration.trainingRules {
            let ruleAttributes = Set(rule.attributes)
            let active = comparisons.map { $0.attributes.isDisjoint(with: ruleAttributes) }
            let (pairs, _) = Blocker(rules: [rule]).pairs(in: table)
            let (left, right) = Self.strideSample(pairs, limit: configuration.maxTrainingPairs)
            let levels = await scorer.levels(left: left, right: right, workers: workers)
            let (patterns, counts) = ExpectationMaximisation.patterns(levels: levels, width: comparisons.count)
            let em = ExpectationMaximisation(patterns: patterns, counts: counts, levelCounts: levelCounts)
            let result = em.run(m: initialM, u: u, matchProportion: 0.5, active: active)
            for c in comparisons.indices where active[c] && left.count > 0 {
                for level in 0..<levelCounts[c] { mSums[c][level] += result.m[c][level] }
                mSessions[c] += 1
            }
            sessions.append(
                .init(
                    rule: rule.name, pairs: left.count, iterations: result.iterations, converged: result.converged,
                    fixedComparisons: comparisons.indices.filter { !active[$0] }.map { comparisons[$0].name },
                    matchProportion: result.matchProportion))
        }
        let m = comparisons.indices.map { c in
            Self.floorDisagreement(
                mSessions[c] == 0 ? initialM[c] : mSums[c].map { $0 / Double(mSessions[c]) },
                minimum: configuration.minimumDisagreementM)
        }
        var model = MatchModel(
            entity: configuration.entity, lambda: 1e-4,
            comparisons: comparisons.indices.map { c in
                MatchModel.ComparisonParameters(
                    name: comparisons[c].name,
                    levels: (0..<levelCounts[c]).map { level in
                        MatchModel.Level(
                            label: comparisons[c].label(ofLevel: level), m: m[c][level], u: u[c][level],
                            termFrequencyAdjusted: level < comparisons[c].levels.count
                                && comparisons[c].levels[level].termFrequencyAdjusted)
                    }, termFrequencyMinimum: comparisons[c].termFrequencyMinimum)
            }, termFrequencies: termFrequencyTables(), termFrequencyDenominators: termFrequencyDenominators(),
            training: sessions)
        model.lambda = await estimateLambda(candidates: candidates, m: m, u: u, workers: workers)
        return model
    }

    /// Raises the last ("else") level to `minimum`, scaling the others down so the levels still sum to 1.
    static func floorDisagreement(_ m: [Double], minimum: Double) -> [Double] {
        guard let last = m.last, last < minimum, m.count > 1 else { return m }
        let rest = m.dropLast().reduce(0, +)
        guard rest > 0 else { return m }
        let scale = (1 - minimum) / rest
        return m.dropLast().map { $0 * scale } + [minimum]
    }

    /// Starting m: most mass on the strongest level, a little on the rest.
    static func initialM(levelCount: Int) -> [Double] {
        if levelCount == 2 { return [0.9, 0.1] }
        let middle = 0.2 / Double(levelCount - 2)
        return [0.7] + Array(repeating: middle, count: levelCount - 2) + [0.1]
    }

    /// u per level from random pairs; a half-count of smoothing keeps unseen levels (exact INN among random
    /// pairs) finite without inventing evidence.
    func estimateU(workers: Int) async -> [[Double]] {
        let n = table.count
        let levelCounts = configuration.comparisons.map(\.levelCount)
        guard n >= 2 else { return levelCounts.map { Array(repeating: 1 / Double($0), count: $0) } }
        let possible = n * (n - 1) / 2
        var left: [Int32] = []
        var right: [Int32] = []
        if possible <= configuration.uSamplePairs {
            for a in 0..<n { for b in (a + 1)..<n { left.append(Int32(a)); right.append(Int32(b)) } }
        } else {
            var generator = SeededGenerator(seed: configuration.seed)
            left.reserveCapacity(configuration.uSamplePairs)
            right.reserveCapacity(configuration.uSamplePairs)
            while left.count < configuration.uSamplePairs {
                let a = Int32(Int.random(in: 0..<n, using: &generator))
                let b = Int32(Int.random(in: 0..<n, using: &generator))
                if a == b { continue }
                left.append(min(a, b))
                right.append(max(a, b))
            }
        }
        let levels = await scorer.levels(left: left, right: right, workers: workers)
        let width = levelCounts.count
        var counts = levelCounts.map { Array(repeating: 0.0, count: $0) }
        for pair in 0..<left.count {
            for c in 0..<width {
                let level = levels[pair * width + c]
                if level >= 0 { counts[c][Int(level)] += 1 }
            }
        }
        return counts.map { row in
            let total = row.reduce(0, +) + 0.5 * Double(row.count)
            return row.map { ($0 + 0.5) / total }
        }
    }

    /// λ from the blocked pairs: EM over the match proportion with m and u fixed gives the expected matches among
    /// them; blocking is assumed to miss few true pairs, so that count over all possible pairs is λ.
    func estimateLambda(candidates: CandidatePairs, m: [[Double]], u: [[Double]], workers: Int) async -> Double {
        let n = Double(table.count)
        let possible = n * (n - 1) / 2
        guard candidates.count > 0, possible > 0 else { return 1e-6 }
        let (left, right) = Self.strideSample(candidates, limit: configuration.maxTrainingPairs)
        let levels = await scorer.levels(left: left, right: right, workers: workers)
        let (patterns, counts) = ExpectationMaximisation.patterns(levels: levels, width: m.count)
        // Only the proportion moves: every comparison's m and u stay fixed but remain in the likelihood.
        let result = Self.proportionOnly(patterns: patterns, counts: counts, m: m, u: u)
        let expected = result * Double(candidates.count)
        return min(max(expected / possible, 1e-12), 0.5)
    }

    /// EM on the match proportion alone.
    static func proportionOnly(patterns: [[Int8]], counts: [Double], m: [[Double]], u: [[Double]]) -> Double {
        var p = 0.1
        for _ in 0..<200 {
            var mass = 0.0
            var total = 0.0
            for (index, pattern) in patterns.enumerated() {
                var logM = log(p)
                var logU = log(1 - p)
                for (c, level) in pattern.enumerated() where level >= 0 {
                    logM += log(max(m[c][Int(level)], 1e-12))
                    logU += log(max(u[c][Int(level)], 1e-12))
                }
                let posterior = 1 / (1 + exp(logU - logM))
                mass += posterior * counts[index]
                total += counts[index]
            }
            let next = min(max(mass / max(total, 1), 1e-9), 1 - 1e-9)
            if abs(next - p) < 1e-9 { return next }
            p = next
        }
        return p
    }

    /// A deterministic every-k-th sample of at most `limit` pairs.
    static func strideSample(_ pairs: CandidatePairs, limit: Int) -> ([Int32], [Int32]) {
        guard pairs.count > limit, limit > 0 else { return (pairs.left, pairs.right) }
        let step = Double(pairs.count) / Double(limit)
        var left: [Int32] = []
        var right: [Int32] = []
        left.reserveCapacity(limit)
        right.reserveCapacity(limit)
        for k in 0..<limit {
            let index = Int(Double(k) * step)
            left.append(pairs.left[index])
            right.append(pairs.right[index])
        }
        return (left, right)
    }

    /// Records with a value, per TF-adjusted attribute: the denominator of every frequency in the tables.
    func termFrequencyDenominators() -> [String: Int] {
        var denominators: [String: Int] = [:]
        for comparison in configuration.comparisons {
            for level in comparison.levels where level.termFrequencyAdjusted {
                guard case .exact(let attribute) = level.rule, let slot = table.slot(of: attribute) else { continue }
                denominators[attribute.rawValue] = table.dictionaries[slot].recordsWithValue
            }
        }
        return denominators
    }

    /// TF tables of TF-adjusted attributes, values seen at least twice.
    func termFrequencyTables() -> [String: [String: Double]] {
        var tables: [String: [String: Double]] = [:]
        for comparison in configuration.comparisons {
            for level in comparison.levels where level.termFrequencyAdjusted {
                guard case .exact(let attribute) = level.rule, let slot = table.slot(of: attribute) else { continue }
                let dictionary = table.dictionaries[slot]
                var values: [String: Double] = [:]
                for id in 0..<dictionary.count where dictionary.counts[id] >= 2 {
                    values[dictionary.strings[id]] = dictionary.frequency(of: Int32(id))
                }
                tables[attribute.rawValue] = values
            }
        }
        return tables
    }
}
