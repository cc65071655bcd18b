import Foundation
import GoldenCore

/// Scores candidate pairs of one record table under a model: comparison levels, Fellegi-Sunter weight with
/// term-frequency adjustment, hard rules, the scope gate and the decision.
///
/// Work is split into contiguous chunks processed by a task group with at most `workers` chunks in flight; each
/// chunk's output lands at its own position, so the result is identical for any worker count.
public struct PairScorer: Sendable {
    public let table: RecordTable
    public let configuration: EntityConfiguration
    let evaluator: ComparisonEvaluator
    let mustLinkSlots: [[Int]]
    let cannotLinkSlots: [Int]
    let gateSlot: Int?
    /// The comparison whose "else" level gates the pair (``ScopeGate/comparison``), and that level.
    let gateComparison: (index: Int, elseLevel: Int8)?
    let strongComparisons: [Int]
    let distinctiveName: CompiledDistinctiveName?
    /// Cannot-link slots where a one-typo difference is no veto.
    let typoTolerantSlots: Set<Int>

    public init(table: RecordTable, configuration: EntityConfiguration) {
        self.table = table
        self.configuration = configuration
        evaluator = ComparisonEvaluator(table: table, comparisons: configuration.comparisons)
        var must: [[Int]] = []
        var cannot: [Int] = []
        for rule in configuration.hardRules {
            switch rule {
            case .mustLink(let attributes): must.append(attributes.compactMap { table.slot(of: $0) })
            case .cannotLinkWhenDifferent(let attribute):
                if let slot = table.slot(of: attribute) { cannot.append(slot) }
            }
        }
        mustLinkSlots = must
        cannotLinkSlots = cannot
        gateSlot = configuration.scopeGate?.attribute.flatMap { table.slot(of: $0) }
        gateComparison = configuration.scopeGate?.comparison.flatMap { name in
            configuration.comparisons.firstIndex { $0.name == name }.map {
                ($0, Int8(configuration.comparisons[$0].levels.count))
            }
        }
        let names = configuration.scopeGate?.strongEvidence ?? []
        strongComparisons = configuration.comparisons.indices.filter {
            names.contains(configuration.comparisons[$0].name)
        }
        typoTolerantSlots = Set(configuration.typoTolerantIdentifiers.compactMap { table.slot(of: $0) })
        distinctiveName = configuration.distinctiveName.flatMap {
            CompiledDistinctiveName($0, table: table, comparisons: configuration.comparisons)
        }
    }

    public var width: Int { configuration.comparisons.count }

    // MARK: Levels only (training)

    /// Comparison levels for the given pairs, row-major.
    func levels(left: [Int32], right: [Int32], workers: Int) async -> [Int8] {
        let width = self.width
        let chunks = await Self.parallelChunks(count: left.count, workers: workers) { range in
            var out = [Int8](repeating: 0, count: range.count * width)
            var scratch = ComparisonEvaluator.Scratch()
            var matched: Int32 = -1
            for (row, index) in range.enumerated() {
                for c in 0..<width {
                    out[row * width + c] = evaluator.level(
                        c, left[index], right[index], matched: &matched, scratch: &scratch)
                }
            }
            return out
        }
        return chunks.flatMap { $0 }
    }

    // MARK: Scoring

    /// Output buffers shared by scoring workers; each worker writes only its own index range, which is what
    /// makes the unchecked sendability sound.
    final class OutputBuffers: @unchecked Sendable {
        let levels: UnsafeMutableBufferPointer<Int8>
        let weights: UnsafeMutableBufferPointer<Float>
        let flags: UnsafeMutableBufferPointer<PairFlags>

        init(count: Int, width: Int) {
            levels = .allocate(capacity: count * width)
            levels.initialize(repeating: 0)
            weights = .allocate(capacity: count)
            weights.initialize(repeating: 0)
            flags = .allocate(capacity: count)
            flags.initialize(repeating: [])
        }

        deinit {
            levels.deallocate()
            weights.deallocate()
            flags.deallocate()
        }

        func takeLevels() -> [Int8] { Array(levels) }
        func takeWeights() -> [Float] { Array(weights) }
        func takeFlags() -> [PairFlags] { Array(flags) }
    }

    /// Scores every candidate pair; steward decisions become flags on the pairs they name (pairs a steward named
    /// that blocking missed are added first, so they can be explained too).
    public func score(
        _ candidates: CandidatePairs, model: MatchModel, decisions: [StewardDecision] = [],
        workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) async -> ScoredPairs {
        await score(
            candidates, weights: WeightTable(model: model, table: table, configuration: configuration),
            decisions: decisions, workers: workers)
    }

    func score(
        _ candidates: CandidatePairs, weights: WeightTable, decisions: [StewardDecision], workers: Int
    ) async -> ScoredPairs {
        let steward = stewardPairs(decisions)
        return await score(
            withStewardPairs(candidates, steward), weights: weights, steward: steward, ambiguous: nil,
            workers: workers)
    }

    /// The candidate pairs plus the pairs a steward named that blocking missed (rule `UInt8.max`), sorted.
    func withStewardPairs(_ candidates: CandidatePairs, _ steward: [UInt64: StewardDecision.Kind]) -> CandidatePairs {
        var pairs = candidates
        guard !steward.isEmpty else { return pairs }
        var existing = Set<UInt64>()
        for index in 0..<pairs.count {
            existing.insert(UInt64(pairs.left[index]) << 32 | UInt64(pairs.right[index]))
        }
        for (key, _) in steward.sorted(by: { $0.key < $1.key }) where !existing.contains(key) {
            pairs.append(Int32(key >> 32), Int32(truncatingIfNeeded: key), rule: UInt8.max)
        }
        pairs.sort()
        return pairs
    }

    /// Per record: whether the distinctive-name rule finds it close to two different names over `pairs` (all of the
    /// run's pairs, steward pairs included); empty without the rule. Only the name comparison's levels up to the
    /// rule's typo level are evaluated, which is what the rule reads.
    func ambiguity(_ pairs: CandidatePairs, workers: Int) async -> [Bool] {
        guard let distinctiveName, let typoLevel = distinctiveName.typoLevel else { return [] }
        let comparison = distinctiveName.comparison
        let left = pairs.left
        let right = pairs.right
        let evaluator = evaluator
        let chunks = await Self.parallelChunks(count: pairs.count, workers: workers) { range in
            var out = [Int8](repeating: 0, count: range.count)
            var scratch = ComparisonEvaluator.Scratch()
            var matched: Int32 = -1
            for (row, index) in range.enumerated() {
                out[row] = evaluator.level(
                    comparison, left[index], right[index], matched: &matched, scratch: &scratch, through: typoLevel)
            }
            return out
        }
        return distinctiveName.ambiguousRecords(
            pairs: pairs, levels: chunks.flatMap { $0 }, width: 1, offset: 0, table: table)
    }

    /// ``ambiguity(_:workers:)`` worked out again for `rows` only, from every pair with one of them; every other row
    /// keeps its flag in `kept` (an incremental run: ``RecordContext/neighborhoods(keys:base:)`` says which rows
    /// can have moved).
    func ambiguity(_ pairs: CandidatePairs, of rows: [Bool], keeping kept: [Bool], workers: Int) async -> [Bool] {
        let touching = (0..<pairs.count).filter { rows[Int(pairs.left[$0])] || rows[Int(pairs.right[$0])] }
        let fresh = await ambiguity(pairs.subset(touching), workers: workers)
        guard !fresh.isEmpty else { return [] }
        return (0..<table.count).map { rows[$0] ? fresh[$0] : kept[$0] }
    }

    /// Scores `pairs` (steward pairs already among them); `steward` flags the pairs a steward decided.
    ///
    /// - Parameter ambiguous: the distinctive-name rule's ambiguous records over *all* of the run's pairs
    ///   (``ambiguity(_:workers:)``), for a call that scores some of them; `nil` counts them over `pairs`.
    func score(
        _ pairs: CandidatePairs, weights: WeightTable, steward: [UInt64: StewardDecision.Kind], ambiguous: [Bool]?,
        workers: Int
    ) async -> ScoredPairs {
        let width = self.width
        let left = pairs.left
        let right = pairs.right
        // Workers write disjoint ranges of preallocated buffers: no per-chunk arrays to concatenate, so peak
        // memory is one copy of the output.
        let output = OutputBuffers(count: pairs.count, width: width)
        _ = await Self.parallelChunks(count: pairs.count, workers: workers) { range in
            let levelsOut = output.levels
            let weightsOut = output.weights
            let flagsOut = output.flags
            var scratch = ComparisonEvaluator.Scratch()
            var matched: Int32 = -1
            for index in range {
                let a = left[index]
                let b = right[index]
                var total = weights.prior
                var strong = false
                for c in 0..<width {
                    let level = evaluator.level(c, a, b, matched: &matched, scratch: &scratch)
                    levelsOut[index * width + c] = level
                    total += weights.weight(c, level, matched)
                    if level == 0 && strongComparisons.contains(c) { strong = true }
                }
                weightsOut[index] = Float(total)
                var flags = hardFlags(a, b, strongEvidence: strong)
                // A comparison-scoped gate: that comparison at its "else" level, and no strong evidence.
                if !strong, let gate = gateComparison, levelsOut[index * width + gate.index] == gate.elseLevel {
                    flags.insert(.scopeGated)
                }
                flagsOut[index] = flags
            }
            return true
        }
        let levels = output.takeLevels()
        let totals = output.takeWeights()
        var flags = output.takeFlags()
        for index in 0..<pairs.count {
            if let kind = steward[UInt64(pairs.left[index]) << 32 | UInt64(pairs.right[index])] {
                flags[index].insert(kind == .mustLink ? .stewardMustLink : .stewardCannotLink)
            }
        }
        let thresholds = configuration.thresholds
        var decisions = zip(totals, flags).map { Self.decide(weight: Double($0), flags: $1, thresholds: thresholds) }
        if let distinctiveName {
            let vetoes: PairFlags = [.cannotLink, .stewardCannotLink]
            let ambiguous = ambiguous
                ?? distinctiveName.ambiguousRecords(pairs: pairs, levels: levels, width: width, table: table)
            for index in 0..<pairs.count where decisions[index] != .link && flags[index].isDisjoint(with: vetoes) {
                let row = levels[(index * width)..<((index + 1) * width)]
                guard
                    var raised = distinctiveName.decision(
                        levels: row, a: pairs.left[index], b: pairs.right[index], table: table, ambiguous: ambiguous)
                else { continue }
                // A pair across scopes without strong evidence never links automatically.
                if raised == .link, !flags[index].isDisjoint(with: [.scopeGated, .identifierTypo]) { raised = .review }
                if raised == .link || decisions[index] == .noLink {
                    decisions[index] = raised
                    flags[index].insert(.distinctiveName)
                    if row[row.startIndex + distinctiveName.comparison] != 0 { flags[index].insert(.misspeltName) }
                }
            }
        }
        return ScoredPairs(
            pairs: pairs, width: width, levels: levels, weights: totals, flags: flags, decisions: decisions)
    }

    /// Decision for one pair: steward verdicts first, then hard rules, then thresholds (with the scope gate).
    static func decide(weight: Double, flags: PairFlags, thresholds: MatchThresholds) -> MatchDecision {
        if flags.contains(.stewardCannotLink) { return .noLink }
        if flags.contains(.stewardMustLink) { return .link }
        if flags.contains(.cannotLink) { return .noLink }
        if flags.contains(.identifierTypo) { return weight >= thresholds.lowerWeight ? .review : .noLink }
        if flags.contains(.mustLink) { return .link }
        if weight >= thresholds.upperWeight { return flags.contains(.scopeGated) ? .review : .link }
        if weight >= thresholds.lowerWeight { return .review }
        return .noLink
    }

    /// Steward decisions within this table, keyed by packed (low, high) record index.
    func stewardPairs(_ decisions: [StewardDecision]) -> [UInt64: StewardDecision.Kind] {
        guard !decisions.isEmpty else { return [:] }
        var indexOf: [String: Int32] = [:]
        for (index, id) in table.ids.enumerated() { indexOf[id] = Int32(index) }
        var result: [UInt64: StewardDecision.Kind] = [:]
        for decision in decisions {
            guard let a = indexOf[decision.left], let b = indexOf[decision.right], a != b else { continue }
            let (x, y) = a < b ? (a, b) : (b, a)
            result[UInt64(x) << 32 | UInt64(y)] = decision.kind
        }
        return result
    }

    func hardFlags(_ a: Int32, _ b: Int32, strongEvidence: Bool) -> PairFlags {
        var flags: PairFlags = []
        for slots in mustLinkSlots where !slots.isEmpty && slots.allSatisfy({ table.shares(a, b, $0) == true }) {
            flags.insert(.mustLink)
        }
        for slot in cannotLinkSlots where table.shares(a, b, slot) == false {
            flags.insert(typoTolerantSlots.contains(slot) && oneTypoApart(a, b, slot) ? .identifierTypo : .cannotLink)
        }
        if let slot = gateSlot, !strongEvidence, table.shares(a, b, slot) == false { flags.insert(.scopeGated) }
        return flags
    }

    /// Whether some value of `a` and some value of `b` differ by one typo: one character replaced, or two adjacent
    /// characters swapped (the typos that can keep a checksum valid).
    func oneTypoApart(_ a: Int32, _ b: Int32, _ slot: Int) -> Bool {
        let strings = table.dictionaries[slot].strings
        let ids = table.valueIDs[slot]
        for i in table.range(slot, a) {
            for j in table.range(slot, b) where Self.oneTypoApart(strings[Int(ids[i])], strings[Int(ids[j])]) {
                return true
            }
        }
        return false
    }

    /// Runs inside the parallel scoring loop for every pair whose identifiers differ, so it walks the two UTF-8
    /// views once, allocates nothing, and stops at the third difference.
    static func oneTypoApart(_ x: String, _ y: String) -> Bool {
        guard x.utf8.count == y.utf8.count else { return false }
        var first: (position: Int, left: UInt8, right: UInt8)?
        var second: (position: Int, left: UInt8, right: UInt8)?
        for (position, (left, right)) in zip(x.utf8, y.utf8).enumerated() where left != right {
            if first == nil {
                first = (position, left, right)
            } else if second == nil {
                second = (position, left, right)
            } else {
                return false
            }
        }
        guard let first else { return false }
        guard let second else { return true }
        return second.position == first.position + 1 && first.left == second.right && first.right == second.left
    }

    /// Runs `body` over contiguous chunks of `0..<count` with at most `workers` chunks in flight and returns the
    /// chunk results in chunk order. Chunks of 4,096–65,536 pairs (about eight per worker) keep the tasks few and
    /// their outputs small.
    static func parallelChunks<T: Sendable>(
        count: Int, workers: Int, body: @escaping @Sendable (Range<Int>) -> T
    ) async -> [T] {
        let chunkSize = max(4_096, min(65_536, count / max(1, workers * 8) + 1))
        return await OrderedParallelMap.chunks(count: count, chunkSize: chunkSize, workers: workers, body)
    }
}
