import Foundation
import GoldenCore
import Matching
import Testing

@Suite("Golden identity planner")
struct GoldenIdentityPlannerTests {
    /// Ids whose order is their creation order, like UUIDv7: `id(1)` is older than `id(2)`.
    static func id(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-7000-8000-%012d", n))!
    }

    /// A minting function handing out 1001, 1002, …
    final class Mint: @unchecked Sendable {
        var next = 1000
        func callAsFunction() -> UUID {
            next += 1
            return GoldenIdentityPlannerTests.id(next)
        }
    }

    let r = (1...20).map { id(100 + $0) }  // source records
    let g = (1...5).map { id($0) }  // existing golden ids

    @Test("the first run creates one golden record per cluster and opens one xref per record")
    func firstRun() {
        let mint = Mint()
        let plan = GoldenIdentityPlanner().plan(clusters: [[r[0], r[1]], [r[2]]], previous: [:], mint: mint.callAsFunction)
        #expect(plan.counts.created == 2)
        #expect(plan.versions.count == 2)
        #expect(plan.moves.count == 3)
        #expect(plan.moves.allSatisfy { $0.reason == .new && $0.from == nil })
        #expect(Set(plan.clusterIDs) == [Self.id(1001), Self.id(1002)])
    }

    @Test("unchanged membership gives an empty plan")
    func unchanged() {
        let previous = [r[0]: g[0], r[1]: g[0], r[2]: g[1]]
        let plan = GoldenIdentityPlanner().plan(
            clusters: [[r[2]], [r[1], r[0]]], previous: previous, mint: Mint().callAsFunction)
        #expect(plan.isEmpty)
        #expect(plan.clusterIDs == [g[1], g[0]])
    }

    @Test("a joining record keeps the customer's id; the majority id wins a merge and the loser is merged into it")
    func joinAndMerge() {
        let previous = [r[0]: g[1], r[1]: g[1], r[2]: g[0]]
        let plan = GoldenIdentityPlanner().plan(
            clusters: [[r[0], r[1], r[2], r[3]]], previous: previous, mint: Mint().callAsFunction)
        #expect(plan.clusterIDs == [g[1]])
        #expect(plan.counts.merged == 1)
        #expect(plan.counts.updated == 1)
        let loser = plan.versions.first { $0.golden == g[0] }
        #expect(loser?.change == .mergedInto)
        #expect(loser?.related == [g[1]])
        let winner = plan.versions.first { $0.golden == g[1] }
        #expect(winner?.change == .merge)
        #expect(winner?.related == [g[0]])
        #expect(plan.moves.first { $0.record == r[2] }?.reason == .merge)
        #expect(plan.moves.first { $0.record == r[3] }?.reason == .new)
    }

    @Test("a tie goes to the older id")
    func tie() {
        let previous = [r[0]: g[3], r[1]: g[2]]
        let plan = GoldenIdentityPlanner().plan(clusters: [[r[0], r[1]]], previous: previous, mint: Mint().callAsFunction)
        #expect(plan.clusterIDs == [g[2]])
    }

    @Test("when a golden record falls apart, the larger part keeps the id and the rest is a split under a new id")
    func fallsApart() {
        let previous = [r[0]: g[0], r[1]: g[0], r[2]: g[0]]
        let plan = GoldenIdentityPlanner().plan(
            clusters: [[r[2]], [r[0], r[1]]], previous: previous, mint: Mint().callAsFunction)
        #expect(plan.clusterIDs == [Self.id(1001), g[0]])
        #expect(plan.counts.split == 1)
        #expect(plan.versions.first { $0.golden == g[0] }?.change == .split)
        #expect(plan.moves == [.init(record: r[2], from: g[0], to: Self.id(1001), reason: .split)])
    }

    @Test("records that left the store close their xref; a golden record left empty is retired")
    func leaveAndRetire() {
        let previous = [r[0]: g[0], r[1]: g[0], r[2]: g[1]]
        let plan = GoldenIdentityPlanner().plan(clusters: [[r[0]]], previous: previous, mint: Mint().callAsFunction)
        #expect(plan.counts.retired == 1)
        #expect(plan.counts.updated == 1)
        #expect(Set(plan.moves.filter { $0.reason == .left }.map(\.record)) == [r[1], r[2]])
        #expect(plan.versions.first { $0.golden == g[1] }?.change == .retire)
    }

    @Test("on random membership changes every record ends in exactly one cluster id and ids are never reused")
    func randomInvariants() {
        var generator = SeededGenerator(seed: 42)
        let records = (0..<60).map { Self.id(5_000 + $0) }
        var previous: [UUID: UUID] = [:]
        var everMinted: Set<UUID> = []
        let mint = Mint()
        for _ in 0..<200 {
            // Random clusters over a random subset of records.
            var clusters: [[UUID]] = []
            for record in records.shuffled(using: &generator) where Int.random(in: 0..<10, using: &generator) > 0 {
                if clusters.isEmpty || Int.random(in: 0..<3, using: &generator) == 0 {
                    clusters.append([record])
                } else {
                    clusters[Int.random(in: 0..<clusters.count, using: &generator)].append(record)
                }
            }
            let plan = GoldenIdentityPlanner().plan(clusters: clusters, previous: previous, mint: mint.callAsFunction)
            #expect(Set(plan.clusterIDs).count == clusters.count)
            let minted = plan.versions.filter(\.isNew).map(\.golden)
            #expect(everMinted.isDisjoint(with: minted))
            everMinted.formUnion(minted)
            // The new membership is the old one with the moves applied.
            var next = previous
            for move in plan.moves { next[move.record] = move.to }
            var expected: [UUID: UUID] = [:]
            for (index, cluster) in clusters.enumerated() {
                for member in cluster { expected[member] = plan.clusterIDs[index] }
            }
            #expect(next == expected)
            // A cluster keeps an id only if at least one of its members had it.
            for (index, cluster) in clusters.enumerated() where !minted.contains(plan.clusterIDs[index]) {
                #expect(cluster.contains { previous[$0] == plan.clusterIDs[index] })
            }
            previous = next
        }
    }

    @Test("the plan is the one a straightforward set-based planner makes, on random runs with merges, splits and leavers")
    func equalsStraightforwardPlanner() {
        var generator = SeededGenerator(seed: 7)
        for round in 0..<150 {
            // Records in random order; few golden ids in a third of the rounds, so ties and merges are common.
            let records = (0..<80).map { Self.id(10_000 + $0) }.shuffled(using: &generator)
            var previous: [UUID: UUID] = [:]
            for record in records where Int.random(in: 0..<5, using: &generator) > 0 {
                previous[record] = Self.id(Int.random(in: 1...(round % 3 == 0 ? 4 : 30), using: &generator))
            }
            var clusters: [[UUID]] = []
            for record in records where Int.random(in: 0..<8, using: &generator) > 0 {
                if clusters.isEmpty || Int.random(in: 0..<3, using: &generator) == 0 {
                    clusters.append([record])
                } else {
                    clusters[Int.random(in: 0..<clusters.count, using: &generator)].append(record)
                }
            }
            let mint = Mint()
            let referenceMint = Mint()
            let plan = GoldenIdentityPlanner().plan(clusters: clusters, previous: previous, mint: mint.callAsFunction)
            let reference = ReferencePlanner.plan(
                clusters: clusters, previous: previous, mint: referenceMint.callAsFunction)
            #expect(plan == reference, "round \(round)")
            // The same run as a match table gives it: rows in byte order, clusters as rows (the merge path).
            let table = records.sorted { $0.isOlder(than: $1) }
            let rowOf = Dictionary(uniqueKeysWithValues: table.enumerated().map { ($1, $0) })
            let rowPlan = GoldenIdentityPlanner().plan(
                clusters: clusters.map { $0.map { rowOf[$0]! } }, recordIDs: table,
                previous: GoldenMembership(previous), mint: Mint().callAsFunction)
            #expect(rowPlan == reference, "round \(round), rows")
        }
        // Membership that did not change plans nothing, in both.
        let members = (0..<6).map { Self.id(20_000 + $0) }
        let previous = Dictionary(uniqueKeysWithValues: members.map { ($0, Self.id($0 == members[0] ? 1 : 2)) })
        let same = [[members[0]], Array(members.dropFirst())]
        #expect(GoldenIdentityPlanner().plan(clusters: same, previous: previous, mint: Mint().callAsFunction).isEmpty)
    }

    @Test("an incremental run, where most clusters keep their members, plans what the straightforward planner plans")
    func incrementalEqualsStraightforwardPlanner() {
        var generator = SeededGenerator(seed: 11)
        let table = (0..<400).map { Self.id(30_000 + $0) }  // in byte order, as a match table's rows are
        // The last run's clusters: runs of 1 to 4 consecutive rows, each its own golden record.
        var clusters: [[Int]] = []
        var row = 0
        while row < table.count {
            let size = min(Int.random(in: 1...4, using: &generator), table.count - row)
            clusters.append(Array(row..<(row + size)))
            row += size
        }
        var previous: [UUID: UUID] = [:]
        for (index, cluster) in clusters.enumerated() {
            for member in cluster { previous[table[member]] = Self.id(1 + index) }
        }
        let (mint, referenceMint) = (Mint(), Mint())  // fresh ids every round, the same in both
        for round in 0..<40 {
            // A few edits: a record moves to another cluster, two clusters merge, a cluster splits, a record leaves.
            var next = clusters
            for _ in 0..<3 {
                let from = Int.random(in: 0..<next.count, using: &generator)
                let to = Int.random(in: 0..<next.count, using: &generator)
                guard from != to, let member = next[from].popLast() else { continue }
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: next[to].append(member)
                case 1: next[to] += next[from] + [member]; next[from] = []
                case 2: next.append([member])
                default: break  // left the store
                }
            }
            next = next.filter { !$0.isEmpty }.map { $0.sorted() }
            let asIDs = next.map { $0.map { table[$0] } }
            let reference = ReferencePlanner.plan(
                clusters: asIDs, previous: previous, mint: referenceMint.callAsFunction)
            let plan = GoldenIdentityPlanner().plan(
                clusters: next, recordIDs: table, previous: GoldenMembership(previous), mint: mint.callAsFunction)
            #expect(plan == reference, "round \(round)")
            #expect(plan.versions.count < next.count / 4, "round \(round): only changed clusters get a version")
            clusters = next
            previous = [:]
            for (index, cluster) in asIDs.enumerated() {
                for member in cluster { previous[member] = plan.clusterIDs[index] }
            }
        }
    }
}

/// The planner as first written, with sets and dictionaries of UUIDs at every step: slow at 1M records, and plain
/// enough to be the oracle the faster planner is checked against.
private enum ReferencePlanner {
    static func plan(
        clusters: [[UUID]], previous: [UUID: UUID], mint: () -> UUID
    ) -> GoldenIdentityPlan {
        // Previous membership per golden id, in member order for stable output.
        var previousMembers: [UUID: [UUID]] = [:]
        for (record, golden) in previous { previousMembers[golden, default: []].append(record) }

        // Tallies of previous golden ids per cluster, as (count, golden id, cluster) claims.
        var claims: [(count: Int, golden: UUID, cluster: Int)] = []
        for (index, cluster) in clusters.enumerated() {
            var tally: [UUID: Int] = [:]
            for member in cluster { if let golden = previous[member] { tally[golden, default: 0] += 1 } }
            for (golden, count) in tally { claims.append((count, golden, index)) }
        }
        claims.sort { x, y in
            if x.count != y.count { return x.count > y.count }
            if x.golden != y.golden { return x.golden.isOlder(than: y.golden) }
            return x.cluster < y.cluster
        }
        var idOf = [UUID?](repeating: nil, count: clusters.count)
        var claimed: Set<UUID> = []
        for claim in claims where idOf[claim.cluster] == nil && !claimed.contains(claim.golden) {
            idOf[claim.cluster] = claim.golden
            claimed.insert(claim.golden)
        }
        var minted: Set<UUID> = []
        for index in clusters.indices where idOf[index] == nil {
            let id = mint()
            idOf[index] = id
            minted.insert(id)
        }
        let assigned = idOf.map { $0! }

        // Where the members of every previous golden id went.
        var destination: [UUID: UUID] = [:]
        for (index, cluster) in clusters.enumerated() {
            for member in cluster { destination[member] = assigned[index] }
        }
        var mergedInto: [UUID: UUID] = [:]
        var retired: [UUID] = []
        for (golden, members) in previousMembers where !claimed.contains(golden) {
            var counts: [UUID: Int] = [:]
            for member in members { if let to = destination[member] { counts[to, default: 0] += 1 } }
            if let winner = counts.max(by: { x, y in
                x.value != y.value ? x.value < y.value : y.key.isOlder(than: x.key)
            }) {
                mergedInto[golden] = winner.key
            } else {
                retired.append(golden)
            }
        }

        var plan = GoldenIdentityPlan(clusterIDs: assigned)
        var absorbed: [UUID: [UUID]] = [:]
        for (loser, winner) in mergedInto { absorbed[winner, default: []].append(loser) }
        var splitFrom: [UUID: Set<UUID>] = [:]

        // Xref moves of the records in this run.
        for (index, cluster) in clusters.enumerated() {
            let golden = assigned[index]
            for member in cluster {
                let before = previous[member]
                guard before != golden else { continue }
                let reason: GoldenIdentityPlan.Reason
                if let before {
                    if minted.contains(golden) {
                        reason = .split
                        splitFrom[golden, default: []].insert(before)
                    } else if mergedInto[before] == golden {
                        reason = .merge
                    } else {
                        reason = .match
                    }
                } else {
                    reason = .new
                }
                plan.moves.append(.init(record: member, from: before, to: golden, reason: reason))
            }
        }
        // Records that left the store (deleted, or no longer of this entity) leave their golden record.
        for (record, golden) in previous where destination[record] == nil {
            plan.moves.append(.init(record: record, from: golden, to: nil, reason: .left))
        }
        plan.moves.sort { $0.record.isOlder(than: $1.record) }

        // One new version per golden record whose membership changed.
        var lostToSplit: Set<UUID> = []
        for sources in splitFrom.values { lostToSplit.formUnion(sources) }
        for (index, cluster) in clusters.enumerated() {
            let golden = assigned[index]
            let members = cluster.sorted { $0.isOlder(than: $1) }
            if minted.contains(golden) {
                let from = splitFrom[golden].map { $0.sorted { $0.isOlder(than: $1) } } ?? []
                plan.versions.append(
                    .init(
                        golden: golden, change: from.isEmpty ? .create : .split, members: members, related: from,
                        isNew: true))
                if from.isEmpty { plan.counts.created += 1 } else { plan.counts.split += 1 }
                continue
            }
            let before = Set(previousMembers[golden] ?? [])
            guard before != Set(members) else { continue }
            let losers = (absorbed[golden] ?? []).sorted { $0.isOlder(than: $1) }
            let change: GoldenIdentityPlan.Change =
                !losers.isEmpty ? .merge : lostToSplit.contains(golden) ? .split : .membership
            plan.versions.append(.init(golden: golden, change: change, members: members, related: losers))
            plan.counts.updated += 1
        }
        for (loser, winner) in mergedInto.sorted(by: { $0.key.isOlder(than: $1.key) }) {
            plan.versions.append(.init(golden: loser, change: .mergedInto, members: [], related: [winner]))
            plan.counts.merged += 1
        }
        for golden in retired.sorted(by: { $0.isOlder(than: $1) }) {
            plan.versions.append(.init(golden: golden, change: .retire, members: [], related: []))
            plan.counts.retired += 1
        }
        return plan
    }

}

@Suite("Stored match values")
struct StoredMatchValuesTests {
    @Test("encode then decode gives the values back, for awkward text too")
    func roundTrip() {
        var generator = SeededGenerator(seed: 7)
        let alphabet: [Character] = ["a", "я", "=", "\\", "\u{1E}", "\u{1F}", " ", "7", "ё", "\t", "+", ";"]
        for _ in 0..<2_000 {
            var values: [MatchAttribute: [String]] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                let name = MatchAttribute(String((0..<Int.random(in: 1...8, using: &generator)).map { _ in
                    alphabet.randomElement(using: &generator)!
                }))
                values[name] = (0..<Int.random(in: 1...3, using: &generator)).map { _ in
                    String((0..<Int.random(in: 1...10, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
                }
            }
            let text = StoredMatchValues.encode(values)
            #expect(StoredMatchValues.decode(text) == values, "\(values)")
            // Encoding is canonical.
            #expect(StoredMatchValues.encode(StoredMatchValues.decode(text) ?? [:]) == text)
        }
    }

    @Test("malformed text is refused, not half read")
    func malformed() {
        #expect(StoredMatchValues.decode("inn") == nil)
        #expect(StoredMatchValues.decode("inn=1\u{1E}kpp") == nil)
        #expect(StoredMatchValues.decode("inn=1\\") == nil)
        #expect(StoredMatchValues.decode("") == [:])
        #expect(StoredMatchValues.decode("inn=7707083893\u{1F}7707083894") == ["inn": ["7707083893", "7707083894"]])
    }
}
