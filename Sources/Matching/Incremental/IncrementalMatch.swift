import Foundation
import GoldenCore

extension MatchEngine {
    /// A match that may have started from the last run's state.
    public struct IncrementalOutcome: Sendable {
        /// The run's result. Its clustering covers every record. After an incremental run its scored pairs are those
        /// of the region only (every pair with a record in it), so its review pairs are the region's.
        public let result: EntityMatchResult
        /// What the next run starts from; `nil` when it could not be made (two record ids hashing alike).
        public let state: MatchState?
        /// The rows matched again (sorted); `nil` when the whole table was, for ``fullReason``.
        public let region: [Int32]?
        /// Why the whole table was matched (`no previous state`, `model or configuration changed`, …); `nil` after
        /// an incremental run.
        public let fullReason: String?
        /// The model was trained here (``EntityMatchResult/model``): the caller stores it and stamps the state.
        public let trained: Bool
    }

    /// Matches a table with a stored model, starting from `previous` (the state the last run left) when it fits,
    /// and returns the state for the next run.
    ///
    /// An incremental run re-scores and re-clusters only the link components that can have changed: those of
    /// records whose context digest moved (``RecordContext``: new and changed records, and records whose blocks,
    /// rare names, ambiguity or steward decisions moved), and those that held a record since deleted, grown by every
    /// link and must-link group they now have. Every other record keeps its previous cluster. Clustering is exact
    /// per link component (steps and ties follow record order, which a component's rows keep), so the result is the
    /// clustering a full run gives, record for record; `IncrementalMatchTests` check that over seeded edit rounds.
    ///
    /// Blocking still keys the whole table: the digests need each record's usable keys. Only a full run emits every
    /// pair; an incremental one finds the pairs of the records it looks at from their keys (``Blocker/PairFinder``).
    ///
    /// - Parameters:
    ///   - model: the stored model; `nil` (or one trained for other comparisons) trains one here, and the whole
    ///     table is matched (``IncrementalOutcome/trained``).
    ///   - fingerprint: names the model and configuration (the caller's stored model version and configuration
    ///     digest); a previous state with another fingerprint is not used. After training, the caller stamps the
    ///     state with the new model's (``MatchState/stamped(_:)``).
    ///   - revisions: per row, a value whose change brings the record into the region although its match values did
    ///     not change (the golden run passes each record's stored version).
    public func match(
        _ table: RecordTable, model stored: MatchModel?, decisions: [StewardDecision] = [], previous: MatchState?,
        fingerprint: UInt64, revisions: [UInt64]? = nil, workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) async -> IncrementalOutcome {
        let config = configuration[table.entity]
        var stages = StageClock()
        async let preparedScorer = PairScorer(table: table, configuration: config)
        let blocker = Blocker(rules: config.blockingRules)
        let keys = blocker.ruleKeys(in: table)
        // Every pair of the table is emitted, beside the scorer's preparation, only where the run needs most of
        // them: a model trained here, the whole table matched, or the distinctive-name rule's ambiguity worked out
        // (after even a few changes, every member of a block a changed record is in can move, and that is most of
        // the table's pairs). Otherwise the run finds the few records' pairs it scores from their keys
        // (`PairFinder`).
        let everyPairNeeded = stored?.fits(config) != true || previous?.fingerprint != fingerprint
            || config.distinctiveName.map { !$0.typoLevels.isEmpty } == true
        async let emittedEarly = everyPairNeeded ? blocker.emit(keys: keys, table: table) : nil
        let scorer = await preparedScorer
        var emitted = await emittedEarly
        stages.lap("block")
        func emitAll() -> (pairs: CandidatePairs, report: BlockingReport) {
            if let emitted { return emitted }
            let all = blocker.emit(keys: keys, table: table)
            emitted = all
            return all
        }
        var trained = false
        let model: MatchModel
        if let stored, stored.fits(config) {
            model = stored
        } else {
            model = await ModelTrainer(scorer: scorer).train(candidates: emitAll().pairs, workers: workers)
            trained = true
            stages.lap("train")
        }
        let weights = WeightTable(model: model, table: table, configuration: config)
        let steward = scorer.stewardPairs(decisions)
        let base = await RecordContext.compute(
            table: table, rules: config.blockingRules, keys: keys, scorer: scorer, steward: steward,
            countedSlots: weights.slotsReadingTableCounts, revisions: revisions)
        stages.lap("context")

        var fullReason: String?
        if trained {
            fullReason = "a model was trained"
        } else if previous == nil {
            fullReason = "no previous state"
        } else if previous?.fingerprint != fingerprint {
            fullReason = "model or configuration changed"
        }
        // Where each row was in the previous state; `nil` (a full run) when two record ids hash alike.
        let positions = fullReason == nil ? previous.flatMap { Region.positions(of: base.idHashes, in: $0) } : nil
        if fullReason == nil, positions == nil { fullReason = "two record ids hash alike" }
        let (groups, conflicts) = config.hardRuleAttributes
        let groupBlocks = MustLinkGroups(table: table, groups: groups)
        let clusterer = ConstrainedClusterer(options: config.clustering)

        if let previous, let positions, fullReason == nil {
            let finder = Blocker.PairFinder(rules: config.blockingRules, keys: keys, table: table, steward: steward)
            let context = await Self.context(
                base: base, pairs: { scorer.withStewardPairs(emitAll().pairs, steward) }, keys: keys, scorer: scorer,
                steward: steward, previous: (previous, positions), workers: workers)
            let ambiguous = context.ambiguous
            stages.lap("ambiguity")
            let closure = await Region.close(
                table: table, finder: finder, context: context, previous: previous, positions: positions,
                groups: groupBlocks,
                score: { subset in
                    await scorer.score(
                        subset, weights: weights, steward: steward, ambiguous: ambiguous, workers: workers)
                })
            stages.lap("region")
            let scored = await scorer.score(
                closure.pairs, weights: weights, steward: steward, ambiguous: ambiguous, workers: workers)
            stages.lap("score")
            var clustering = clusterer.cluster(
                table: table, scored: scored, conflictAttributes: conflicts, mustLinkGroups: groups,
                region: closure.inRegion)
            // Every other record keeps its previous cluster: the smallest row among its previous members.
            var smallest = Array(repeating: Int32.max, count: previous.count)
            for row in 0..<table.count where !closure.inRegion[row] {
                let label = Int(previous.clusters[Int(positions.previous[row])])
                smallest[label] = min(smallest[label], Int32(row))
            }
            for row in 0..<table.count where !closure.inRegion[row] {
                clustering.clusterOf[row] = smallest[Int(previous.clusters[Int(positions.previous[row])])]
            }
            stages.lap("cluster")
            let roots = Self.linkComponents(
                count: table.count, scored: scored, groups: groupBlocks, region: closure.inRegion)
            let componentKeys = (0..<table.count).map { row in
                closure.inRegion[row]
                    ? roots[row] : table.count + Int(previous.components[Int(positions.previous[row])])
            }
            let state = MatchState(
                fingerprint: fingerprint, context: context, componentKeys: componentKeys,
                clusterKeys: clustering.clusterOf.map(Int.init))
            stages.lap("state")
            let region = (0..<Int32(table.count)).filter { closure.inRegion[Int($0)] }
            // The report counts the pairs this run scored: the region's.
            var perRule = Array(repeating: 0, count: config.blockingRules.count)
            for rule in closure.pairs.rule where Int(rule) < perRule.count { perRule[Int(rule)] += 1 }
            let report = blocker.report(
                keys: keys, table: table, pairs: perRule,
                largest: keys.rules.map { $0.blocks.map { $0.end - $0.start }.max() ?? 0 })
            return IncrementalOutcome(
                result: EntityMatchResult(
                    table: table, blocking: report, model: model, scored: scored, clustering: clustering,
                    scorer: scorer, weights: weights, timings: stages.timings),
                state: state, region: region, fullReason: nil, trained: false)
        }
        let all = emitAll()
        let pairs = scorer.withStewardPairs(all.pairs, steward)
        stages.lap("block")
        let context = await Self.context(
            base: base, pairs: { pairs }, keys: keys, scorer: scorer, steward: steward, previous: nil, workers: workers)
        let ambiguous = context.ambiguous
        stages.lap("ambiguity")
        let scored = await scorer.score(
            pairs, weights: weights, steward: steward, ambiguous: ambiguous, workers: workers)
        stages.lap("score")
        let clustering = clusterer.cluster(
            table: table, scored: scored, conflictAttributes: conflicts, mustLinkGroups: groups)
        stages.lap("cluster")
        let roots = Self.linkComponents(count: table.count, scored: scored, groups: groupBlocks, region: nil)
        let state = MatchState(
            fingerprint: fingerprint, context: context, componentKeys: roots,
            clusterKeys: clustering.clusterOf.map(Int.init))
        stages.lap("state")
        return IncrementalOutcome(
            result: EntityMatchResult(
                table: table, blocking: all.report, model: model, scored: scored, clustering: clustering,
                scorer: scorer, weights: weights, timings: stages.timings),
            state: state, region: nil, fullReason: fullReason, trained: trained)
    }

    /// Each row's context: its base digest, and the distinctive-name rule's ambiguity over `pairs` (with the rule; the
    /// run's pairs, steward pairs included, asked for only then).
    /// After a previous run, ambiguity is worked out again only for rows whose base digest or neighborhood moved,
    /// and for the steward partners of rows whose base digest moved; every other row has the pairs it had then
    /// (``RecordContext/neighborhoods(keys:base:)``), and keeps the flag it had.
    static func context(
        base: (base: [UInt64], idHashes: [UInt64]), pairs: () -> CandidatePairs, keys: Blocker.AllRuleKeys,
        scorer: PairScorer, steward: [UInt64: StewardDecision.Kind], previous: (MatchState, Region.Positions)?,
        workers: Int
    ) async -> RecordContext {
        guard scorer.distinctiveName?.typoLevel != nil else {
            return RecordContext(base: base.base, ambiguous: [], neighborhoods: [], idHashes: base.idHashes)
        }
        let neighborhoods = RecordContext.neighborhoods(keys: keys, base: base.base)
        let ambiguous: [Bool]
        if let (state, positions) = previous, state.ambiguous.count == state.count {
            let n = base.base.count
            var moved = Array(repeating: false, count: n)
            var again = Array(repeating: false, count: n)
            var kept = Array(repeating: false, count: n)
            for row in 0..<n {
                let position = Int(positions.previous[row])
                if position < 0 || state.digests[position] != base.base[row] {
                    (moved[row], again[row]) = (true, true)
                } else {
                    again[row] = state.neighborhoods[position] != neighborhoods[row]
                    kept[row] = state.ambiguous[position]
                }
            }
            for key in steward.keys {
                let (a, b) = (Int(key >> 32), Int(UInt32(truncatingIfNeeded: key)))
                if moved[a] { again[b] = true }
                if moved[b] { again[a] = true }
            }
            ambiguous = await scorer.ambiguity(pairs(), of: again, keeping: kept, workers: workers)
        } else {
            ambiguous = await scorer.ambiguity(pairs(), workers: workers)
        }
        return RecordContext(
            base: base.base, ambiguous: ambiguous, neighborhoods: neighborhoods, idHashes: base.idHashes)
    }

    /// Link components: records joined by a link decision (steward must-links included) or by a must-link group.
    /// The clusterer never joins records across them, so each is clustered on its own. With `region`, only the
    /// region's records are joined (the others are left as they are). Returns a root row per row.
    static func linkComponents(count: Int, scored: ScoredPairs, groups: MustLinkGroups, region: [Bool]?) -> [Int] {
        var parent = Array(0..<count)
        func find(_ x: Int) -> Int {
            var root = x
            while parent[root] != root { root = parent[root] }
            var node = x
            while parent[node] != root {
                let up = parent[node]
                parent[node] = root
                node = up
            }
            return root
        }
        func union(_ a: Int, _ b: Int) {
            let (x, y) = (find(a), find(b))
            if x != y { parent[max(x, y)] = min(x, y) }
        }
        for index in 0..<scored.count where scored.decisions[index] == .link {
            let (a, b) = (Int(scored.pairs.left[index]), Int(scored.pairs.right[index]))
            if let region, !(region[a] && region[b]) { continue }
            union(a, b)
        }
        for block in 0..<groups.blockCount {
            let members = groups.members(of: block)
            guard let first = members.first else { continue }
            if let region, !region[Int(first)] { continue }
            for member in members.dropFirst() { union(Int(first), Int(member)) }
        }
        return (0..<count).map(find)
    }
}

/// The must-link groups of a table (records sharing every attribute of a `must_link` hard rule), each record's groups
/// at hand: a region takes a record's whole group with it.
struct MustLinkGroups: Sendable {
    private var offsets: [Int32] = [0]
    private var members: [Int32] = []
    /// Per row: the groups it is in (CSR).
    private var rowOffsets: [Int32]
    private var rowGroups: [Int32]

    init(table: RecordTable, groups: [[MatchAttribute]]) {
        var count = Array(repeating: Int32(0), count: table.count + 1)
        for attributes in groups {
            let keys = Blocker.keys(of: BlockingRule(attributes, maxBlockSize: Int.max), in: table)
            for block in keys.blocks {
                for member in keys.members[block.start..<block.end] {
                    members.append(member)
                    count[Int(member) + 1] += 1
                }
                offsets.append(Int32(members.count))
            }
        }
        for row in 0..<table.count { count[row + 1] += count[row] }
        var cursor = count
        var groupOf = Array(repeating: Int32(0), count: Int(count[table.count]))
        for block in 0..<(offsets.count - 1) {
            for member in members[Int(offsets[block])..<Int(offsets[block + 1])] {
                groupOf[Int(cursor[Int(member)])] = Int32(block)
                cursor[Int(member)] += 1
            }
        }
        rowOffsets = count
        rowGroups = groupOf
    }

    var blockCount: Int { offsets.count - 1 }

    func members(of block: Int) -> ArraySlice<Int32> { members[Int(offsets[block])..<Int(offsets[block + 1])] }

    func groups(of row: Int) -> ArraySlice<Int32> { rowGroups[Int(rowOffsets[row])..<Int(rowOffsets[row + 1])] }
}

/// The records an incremental run matches again, and the pairs it scores.
struct Region {
    /// Per row: in the region.
    var inRegion: [Bool]
    /// Every pair with a record in the region, sorted.
    var pairs: CandidatePairs

    /// Where each row was in a previous state, and which row each previous record is now.
    struct Positions: Sendable {
        /// Per row: its position in the previous state, -1 for a new record.
        var previous: [Int32]
        /// Per previous position: its row now, -1 for a record since deleted.
        var row: [Int32]
    }

    /// The rows of `idHashes` matched with the records of `previous` (both in id-hash order, merged); `nil` when two
    /// record ids hash alike.
    static func positions(of idHashes: [UInt64], in previous: MatchState) -> Positions? {
        let (n, m) = (idHashes.count, previous.count)
        var order = (0..<n).map { (hash: idHashes[$0], row: Int32($0)) }
        RadixSort.sort(&order) { $0.hash }
        var positions = Positions(
            previous: Array(repeating: -1, count: n), row: Array(repeating: -1, count: m))
        var j = 0
        for (index, entry) in order.enumerated() {
            if index > 0 && order[index - 1].hash == entry.hash { return nil }
            while j < m && previous.idHashes[j] < entry.hash { j += 1 }
            if j < m && previous.idHashes[j] == entry.hash {
                positions.previous[Int(entry.row)] = Int32(j)
                positions.row[j] = entry.row
            }
        }
        return positions
    }

    /// Grows the region from the records whose context moved and the components of deleted records until no link
    /// and no must-link group leaves it.
    static func close(
        table: RecordTable, finder: Blocker.PairFinder, context: RecordContext, previous: MatchState,
        positions: Positions, groups: MustLinkGroups, score: (CandidatePairs) async -> ScoredPairs
    ) async -> Region {
        let n = table.count
        let m = previous.count
        let (previousPosition, rowOf) = (positions.previous, positions.row)
        // The previous components' members (labels are positions, so a counting sort).
        var componentStart = Array(repeating: Int32(0), count: m + 1)
        for label in previous.components { componentStart[Int(label) + 1] += 1 }
        for label in 0..<m { componentStart[label + 1] += componentStart[label] }
        var cursor = componentStart
        var componentMembers = Array(repeating: Int32(0), count: m)
        for (position, label) in previous.components.enumerated() {
            componentMembers[Int(cursor[Int(label)])] = Int32(position)
            cursor[Int(label)] += 1
        }
        var inRegion = Array(repeating: false, count: n)
        var componentTaken = Array(repeating: false, count: m)
        var groupTaken = Array(repeating: false, count: groups.blockCount)
        var pending: [Int32] = []
        var frontier: [Int32] = []
        func takeComponent(_ label: Int) {
            guard !componentTaken[label] else { return }
            componentTaken[label] = true
            for position in componentMembers[Int(componentStart[label])..<Int(componentStart[label + 1])] {
                let row = rowOf[Int(position)]
                if row >= 0 { pending.append(row) }
            }
        }
        // Drains `pending` into the region, with every record's previous component and must-link groups.
        func expand() {
            while let row = pending.popLast() {
                guard !inRegion[Int(row)] else { continue }
                inRegion[Int(row)] = true
                frontier.append(row)
                let position = previousPosition[Int(row)]
                if position >= 0 { takeComponent(Int(previous.components[Int(position)])) }
                for group in groups.groups(of: Int(row)) where !groupTaken[Int(group)] {
                    groupTaken[Int(group)] = true
                    pending.append(contentsOf: groups.members(of: Int(group)))
                }
            }
        }
        // Seeds: records that are new or whose context moved, and the components of records since deleted.
        for row in 0..<n {
            let position = previousPosition[row]
            if position < 0 || previous.digest(at: Int(position)) != context.digest(of: row) {
                pending.append(Int32(row))
            }
        }
        for position in 0..<m where rowOf[position] < 0 { takeComponent(Int(previous.components[position])) }
        expand()
        // Pairs by their two rows (without the rule): each is scored once, in the wave that first reaches it.
        var scored = Set<UInt64>()
        var regionPairs: [UInt64] = []
        // Score the pairs of each wave of new region records; a link out of the region brings its other record in.
        while !frontier.isEmpty {
            var wave = finder.packedPairs(touching: frontier)
            wave.removeAll { !scored.insert($0 >> 8).inserted }
            frontier.removeAll(keepingCapacity: true)
            regionPairs.append(contentsOf: wave)
            let result = await score(CandidatePairs(packed: &wave))
            for index in 0..<result.count where result.decisions[index] == .link {
                for row in [result.pairs.left[index], result.pairs.right[index]] where !inRegion[Int(row)] {
                    pending.append(row)
                }
            }
            expand()
        }
        return Region(inRegion: inRegion, pairs: CandidatePairs(packed: &regionPairs))
    }
}

extension CandidatePairs {
    /// The pairs at `indices` (ascending), in order.
    func subset(_ indices: [Int]) -> CandidatePairs {
        var result = CandidatePairs()
        result.left.reserveCapacity(indices.count)
        result.right.reserveCapacity(indices.count)
        result.rule.reserveCapacity(indices.count)
        for index in indices { result.append(left[index], right[index], rule: rule[index]) }
        return result
    }
}
