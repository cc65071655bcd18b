/// Turns scored pairs into clusters without transitive chaining.
///
/// Greedy constrained agglomeration with union-find:
/// 1. steward must-links are unioned unconditionally (a steward outranks every rule);
/// 2. hard-rule must-link groups (same INN+KPP, same national id) are unioned — grouped from the table itself,
///    so an INN block too large for blocking still merges — unless a constraint forbids it;
/// 3. linked pairs in descending weight order (ties by record indices) are unioned if no constraint forbids it
///    and the two sides support each other: summed cross-pair probability / (|A|·|B|) ≥ `minAverageSupport`
///    when the result would exceed two records, and the result stays within `maxClusterSize`.
/// Constraints: steward cannot-link pairs, and cannot-link attributes (at most one distinct INN / national id
/// per cluster). A namesake chain A–B–C with A, C cannot-link therefore never becomes one cluster, and a weak
/// bridge between two dense groups fails the support test.
public struct ConstrainedClusterer: Sendable {
    public let options: ClusteringOptions

    public init(options: ClusteringOptions = ClusteringOptions()) { self.options = options }

    /// Clusters the records of `table`.
    /// - Parameters:
    ///   - conflictAttributes: attributes of which a cluster may hold at most one distinct value.
    ///   - mustLinkGroups: attribute lists whose shared values force a union (hard rules).
    ///   - region: when given, only these records are clustered (an incremental run's touched link components,
    ///     ``MatchEngine/match(_:model:decisions:previous:fingerprint:revisions:workers:)``): must-link groups of other records
    ///     are left alone, and each other record stays a cluster of its own. `scored` then holds the pairs of the
    ///     region's records.
    public func cluster(
        table: RecordTable, scored: ScoredPairs, conflictAttributes: [MatchAttribute] = [],
        mustLinkGroups: [[MatchAttribute]] = [], region: [Bool]? = nil
    ) -> Clustering {
        let n = table.count
        var state = UnionState(count: n)
        // Conflict values: (attribute index << 32 | value id) per record.
        let conflictSlots = conflictAttributes.compactMap { table.slot(of: $0) }
        if !conflictSlots.isEmpty {
            for record in 0..<n {
                var values: [UInt64] = []
                for (position, slot) in conflictSlots.enumerated() {
                    for index in table.range(slot, Int32(record)) {
                        values.append(UInt64(position) << 32 | UInt64(UInt32(bitPattern: table.valueIDs[slot][index])))
                    }
                }
                state.conflicts[record] = values
            }
        }
        // Steward cannot-links become per-record constraint lists.
        var cannot: [(Int32, Int32)] = []
        for index in 0..<scored.count where scored.flags[index].contains(.stewardCannotLink) {
            let constraint = Int32(cannot.count)
            cannot.append((scored.pairs.left[index], scored.pairs.right[index]))
            state.constraints[Int(scored.pairs.left[index])].append(constraint)
            state.constraints[Int(scored.pairs.right[index])].append(constraint)
        }
        state.cannotPairs = cannot

        var result = Clustering(clusterOf: [], refusedForConstraint: 0, refusedForSupport: 0, refusedForSize: 0)
        for index in 0..<scored.count where scored.flags[index].contains(.stewardMustLink) {
            state.union(scored.pairs.left[index], scored.pairs.right[index])
        }
        for attributes in mustLinkGroups {
            let rule = BlockingRule(attributes, maxBlockSize: Int.max)
            let keys = Blocker.keys(of: rule, in: table)
            for block in keys.blocks {
                let first = keys.members[block.start]
                // A group is one link component's: wholly inside the region or wholly outside it.
                if let region, !region[Int(first)] { continue }
                for member in keys.members[(block.start + 1)..<block.end] {
                    if state.find(first) == state.find(member) { continue }
                    if state.violates(first, member) {
                        result.refusedForConstraint += 1
                    } else {
                        state.union(first, member)
                    }
                }
            }
        }
        // Adjacency of every pair worth counting as support (review or better), CSR.
        let adjacency = Adjacency(scored: scored, count: n, withCompared: options.singleRecordSupport == .compared)
        var order = (0..<scored.count).filter { scored.decisions[$0] == .link }
        order.sort { x, y in
            let (wx, wy) = (scored.weights[x], scored.weights[y])
            if wx != wy { return wx > wy }
            return (scored.pairs.left[x], scored.pairs.right[x]) < (scored.pairs.left[y], scored.pairs.right[y])
        }
        for index in order {
            let a = scored.pairs.left[index]
            let b = scored.pairs.right[index]
            let rootA = state.find(a)
            let rootB = state.find(b)
            if rootA == rootB { continue }
            if state.violates(a, b) {
                result.refusedForConstraint += 1
                continue
            }
            let sizeA = Int(state.size[Int(rootA)])
            let sizeB = Int(state.size[Int(rootB)])
            if sizeA + sizeB > options.maxClusterSize {
                result.refusedForSize += 1
                continue
            }
            if sizeA + sizeB > 2 {
                let (support, compared) = state.crossSupport(rootA, rootB, adjacency: adjacency)
                let pairs = min(sizeA, sizeB) == 1 && options.singleRecordSupport == .compared
                    ? compared : sizeA * sizeB
                if support < options.minAverageSupport * Double(pairs) {
                    result.refusedForSupport += 1
                    continue
                }
            }
            state.union(a, b)
        }
        result.clusterOf = state.labels()
        return result
    }

    /// Neighbours and probabilities of every record over pairs at review level or better, CSR; with
    /// `withCompared`, over every scored pair (a pair below review level counts as compared, with no support).
    struct Adjacency {
        var offsets: [Int32]
        var neighbours: [Int32]
        var probabilities: [Float]

        init(scored: ScoredPairs, count: Int, withCompared: Bool) {
            var degree = Array(repeating: Int32(0), count: count + 1)
            func isUseful(_ index: Int) -> Bool {
                scored.decisions[index] != .noLink || scored.flags[index].contains(.stewardMustLink)
            }
            // The pairs kept, walked twice (degrees, then entries) without an index array of millions.
            let kept = (0..<scored.count).lazy.filter { withCompared || isUseful($0) }
            for index in kept {
                degree[Int(scored.pairs.left[index]) + 1] += 1
                degree[Int(scored.pairs.right[index]) + 1] += 1
            }
            for record in 0..<count { degree[record + 1] += degree[record] }
            var cursor = degree
            neighbours = Array(repeating: 0, count: Int(degree[count]))
            probabilities = Array(repeating: 0, count: Int(degree[count]))
            for index in kept {
                let a = Int(scored.pairs.left[index])
                let b = Int(scored.pairs.right[index])
                let p = !isUseful(index) ? 0 : scored.decisions[index] == .link
                    ? Float(max(scored.probability(index), 0.5)) : Float(scored.probability(index))
                neighbours[Int(cursor[a])] = Int32(b)
                probabilities[Int(cursor[a])] = p
                cursor[a] += 1
                neighbours[Int(cursor[b])] = Int32(a)
                probabilities[Int(cursor[b])] = p
                cursor[b] += 1
            }
            offsets = degree
        }
    }

    /// Union-find with member lists and per-cluster constraints.
    struct UnionState {
        var parent: [Int32]
        var size: [Int32]
        /// Circular linked list of members (next member), to walk a cluster.
        var next: [Int32]
        var conflicts: [[UInt64]]
        var constraints: [[Int32]]
        var cannotPairs: [(Int32, Int32)] = []

        init(count: Int) {
            parent = (0..<Int32(count)).map { $0 }
            size = Array(repeating: 1, count: count)
            next = parent
            conflicts = Array(repeating: [], count: count)
            constraints = Array(repeating: [], count: count)
        }

        mutating func find(_ x: Int32) -> Int32 {
            var root = x
            while parent[Int(root)] != root { root = parent[Int(root)] }
            var node = x
            while parent[Int(node)] != root {
                let up = parent[Int(node)]
                parent[Int(node)] = root
                node = up
            }
            return root
        }

        /// True when joining the clusters of `a` and `b` would break a constraint.
        mutating func violates(_ a: Int32, _ b: Int32) -> Bool {
            let rootA = find(a)
            let rootB = find(b)
            for x in conflicts[Int(rootA)] {
                for y in conflicts[Int(rootB)] where x >> 32 == y >> 32 && x != y { return true }
            }
            let (small, other) = constraints[Int(rootA)].count <= constraints[Int(rootB)].count
                ? (rootA, rootB) : (rootB, rootA)
            for constraint in constraints[Int(small)] {
                let (x, y) = cannotPairs[Int(constraint)]
                let rootX = find(x)
                let rootY = find(y)
                if (rootX == small && rootY == other) || (rootX == other && rootY == small) { return true }
            }
            return false
        }

        /// Summed probability of scored pairs between two clusters, walking the smaller one.
        mutating func crossSupport(_ rootA: Int32, _ rootB: Int32, adjacency: Adjacency) -> (Double, Int) {
            let (small, other) = size[Int(rootA)] <= size[Int(rootB)] ? (rootA, rootB) : (rootB, rootA)
            var total = 0.0
            var compared = 0
            var member = small
            repeat {
                for edge in Int(adjacency.offsets[Int(member)])..<Int(adjacency.offsets[Int(member) + 1]) {
                    if find(adjacency.neighbours[edge]) == other {
                        total += Double(adjacency.probabilities[edge])
                        compared += 1
                    }
                }
                member = next[Int(member)]
            } while member != small
            return (total, compared)
        }

        mutating func union(_ a: Int32, _ b: Int32) {
            var rootA = find(a)
            var rootB = find(b)
            if rootA == rootB { return }
            if size[Int(rootA)] < size[Int(rootB)] || (size[Int(rootA)] == size[Int(rootB)] && rootB < rootA) {
                swap(&rootA, &rootB)
            }
            parent[Int(rootB)] = rootA
            size[Int(rootA)] += size[Int(rootB)]
            let nextA = next[Int(rootA)]
            next[Int(rootA)] = next[Int(rootB)]
            next[Int(rootB)] = nextA
            if !conflicts[Int(rootB)].isEmpty {
                for value in conflicts[Int(rootB)] where !conflicts[Int(rootA)].contains(value) {
                    conflicts[Int(rootA)].append(value)
                }
                conflicts[Int(rootB)] = []
            }
            if !constraints[Int(rootB)].isEmpty {
                constraints[Int(rootA)].append(contentsOf: constraints[Int(rootB)])
                constraints[Int(rootB)] = []
            }
        }

        /// Cluster id per record: the smallest member index.
        mutating func labels() -> [Int32] {
            let n = parent.count
            var smallest = Array(repeating: Int32.max, count: n)
            var roots = Array(repeating: Int32(0), count: n)
            for record in 0..<n {
                let root = find(Int32(record))
                roots[record] = root
                smallest[Int(root)] = min(smallest[Int(root)], Int32(record))
            }
            return roots.map { smallest[Int($0)] }
        }
    }
}
