import Foundation
import GoldenCore

/// Decides which golden id each cluster of a match run carries, so that a customer keeps one id for life.
///
/// The rules are the golden-identity contract of ARCHITECTURE.md, as pure code so they can be tested without a
/// database:
/// - a cluster keeps the id of the golden record most of its members already belonged to; ties go to the older
///   id (ids are time-ordered UUIDv7, so the smaller one);
/// - an id is kept by at most one cluster: the cluster holding most of its members (greedy by member count, then
///   id, then cluster), so a record joining a customer never changes that customer's id;
/// - a golden record whose members all went to clusters keeping other ids is *merged into* the one that took most
///   of them; one whose members all left the store (deleted) is *retired*;
/// - a cluster that claims no id mints a new one: a *split* when its members came from existing golden records,
///   a *create* otherwise.
/// A run whose clusters equal the stored membership produces an empty plan: zero new golden versions.
public struct GoldenIdentityPlanner: Sendable {
    public init() {}

    /// One cluster of this run: its member source record ids.
    public typealias Cluster = [UUID]

    /// The plan for clusters given as record ids, against a record → golden id map: for steward actions and tests.
    public func plan(
        clusters: [Cluster], previous: [UUID: UUID], mint: () -> UUID
    ) -> GoldenIdentityPlan {
        var recordIDs: [UUID] = []
        var rows: [[Int]] = []
        rows.reserveCapacity(clusters.count)
        for cluster in clusters {
            rows.append(Array(recordIDs.count..<(recordIDs.count + cluster.count)))
            recordIDs.append(contentsOf: cluster)
        }
        return plan(clusters: rows, recordIDs: recordIDs, previous: GoldenMembership(previous), mint: mint)
    }

    /// The plan for a match run's clusters.
    ///
    /// - Parameters:
    ///   - clusters: each cluster's members as rows of `recordIDs`.
    ///   - recordIDs: the source record id of each row; in byte order (a match table's order), each row's golden
    ///     record is found by one merge with `previous`.
    ///   - previous: the membership before this run.
    public func plan(
        clusters: [[Int]], recordIDs: [UUID], previous: GoldenMembership, mint: () -> UUID
    ) -> GoldenIdentityPlan {
        // Golden ids are numbered oldest first, so "the older id" is the smaller number; everything below works on
        // numbers and rows, and hashes no id.
        let goldens = previous.goldens
        let rowPosition = previous.positions(of: recordIDs)
        var previousCount = [Int32](repeating: 0, count: goldens.count)
        for number in previous.goldenNumbers { previousCount[Int(number)] += 1 }

        // Each member's previous golden number (-1 for a record new to golden identity), cluster by cluster.
        var clusterStart = [Int](repeating: 0, count: clusters.count + 1)
        var memberGolden: [Int32] = []
        var stayed = [Bool](repeating: false, count: previous.count)
        memberGolden.reserveCapacity(clusters.reduce(0) { $0 + $1.count })
        for (index, cluster) in clusters.enumerated() {
            for row in cluster {
                let position = Int(rowPosition[row])
                if position >= 0 {
                    stayed[position] = true
                    memberGolden.append(previous.goldenNumbers[position])
                } else {
                    memberGolden.append(-1)
                }
            }
            clusterStart[index + 1] = memberGolden.count
        }

        // A cluster that holds exactly the members of one previous golden record keeps its id: no other cluster
        // claims that id and the cluster claims no other, so its claim wins wherever the greedy order puts it. Most
        // clusters of an incremental run are such; only the others' claims are sorted.
        var keptBy = [Int32](repeating: -1, count: goldens.count)  // cluster that kept each previous id
        var kept = [Int32](repeating: -1, count: clusters.count)  // previous id each cluster kept
        var unchanged = [Bool](repeating: false, count: clusters.count)
        for index in clusters.indices {
            let members = memberGolden[clusterStart[index]..<clusterStart[index + 1]]
            guard let first = members.first, first >= 0, Int32(members.count) == previousCount[Int(first)],
                !members.contains(where: { $0 != first })
            else { continue }
            unchanged[index] = true
            kept[index] = first
            keptBy[Int(first)] = Int32(index)
        }

        // Tallies of previous golden ids per other cluster, as (count, golden, cluster) claims.
        var claims: [(count: Int32, golden: Int32, cluster: Int32)] = []
        var tally: [Int32] = []
        for index in clusters.indices where !unchanged[index] {
            tally.removeAll(keepingCapacity: true)
            for number in memberGolden[clusterStart[index]..<clusterStart[index + 1]] where number >= 0 {
                tally.append(number)
            }
            guard !tally.isEmpty else { continue }
            tally.sort()
            var run = 0
            while run < tally.count {
                var next = run + 1
                while next < tally.count && tally[next] == tally[run] { next += 1 }
                claims.append((Int32(next - run), tally[run], Int32(index)))
                run = next
            }
        }
        claims.sort { x, y in
            if x.count != y.count { return x.count > y.count }
            if x.golden != y.golden { return x.golden < y.golden }
            return x.cluster < y.cluster
        }
        for claim in claims where kept[Int(claim.cluster)] < 0 && keptBy[Int(claim.golden)] < 0 {
            kept[Int(claim.cluster)] = claim.golden
            keptBy[Int(claim.golden)] = claim.cluster
        }
        var assigned: [UUID] = []
        assigned.reserveCapacity(clusters.count)
        for index in clusters.indices {
            assigned.append(kept[index] >= 0 ? goldens[Int(kept[index])] : mint())
        }

        // A previous id no cluster kept is merged into the cluster that took most of its members (ties to the
        // older id), or retired when none of its members is left.
        var destinations: [(golden: Int32, cluster: Int32)] = []
        for index in clusters.indices where !unchanged[index] {
            for number in memberGolden[clusterStart[index]..<clusterStart[index + 1]]
            where number >= 0 && keptBy[Int(number)] < 0 {
                destinations.append((number, Int32(index)))
            }
        }
        destinations.sort { $0.golden != $1.golden ? $0.golden < $1.golden : $0.cluster < $1.cluster }
        var mergedInto = [Int32](repeating: -1, count: goldens.count)  // winning cluster of each loser
        var at = 0
        while at < destinations.count {
            let golden = destinations[at].golden
            var best: (count: Int, cluster: Int32) = (0, -1)
            while at < destinations.count && destinations[at].golden == golden {
                let cluster = destinations[at].cluster
                var next = at
                while next < destinations.count && destinations[next].golden == golden
                    && destinations[next].cluster == cluster
                {
                    next += 1
                }
                let count = next - at
                if count > best.count
                    || (count == best.count && assigned[Int(cluster)].isOlder(than: assigned[Int(best.cluster)]))
                {
                    best = (count, cluster)
                }
                at = next
            }
            mergedInto[Int(golden)] = best.cluster
        }

        var plan = GoldenIdentityPlan(clusterIDs: assigned)
        var absorbed: [Int32: [UUID]] = [:]
        for (number, winner) in mergedInto.enumerated() where winner >= 0 {
            absorbed[winner, default: []].append(goldens[number])
        }
        var splitFrom: [Int32: Set<Int32>] = [:]
        var lostToSplit = [Bool](repeating: false, count: goldens.count)

        // Xref moves of the records in this run.
        for (index, cluster) in clusters.enumerated() where !unchanged[index] {
            let isNew = kept[index] < 0
            for (offset, row) in cluster.enumerated() {
                let number = memberGolden[clusterStart[index] + offset]
                guard number != kept[index] || isNew else { continue }
                let reason: GoldenIdentityPlan.Reason
                if number >= 0 {
                    if isNew {
                        reason = .split
                        splitFrom[Int32(index), default: []].insert(number)
                        lostToSplit[Int(number)] = true
                    } else if mergedInto[Int(number)] == Int32(index) {
                        reason = .merge
                    } else {
                        reason = .match
                    }
                } else {
                    reason = .new
                }
                plan.moves.append(
                    .init(
                        record: recordIDs[row], from: number >= 0 ? goldens[Int(number)] : nil, to: assigned[index],
                        reason: reason))
            }
        }
        // Records that left the store (deleted, or no longer of this entity) leave their golden record.
        for (position, record) in previous.records.enumerated() where !stayed[position] {
            plan.moves.append(
                .init(record: record, from: goldens[Int(previous.goldenNumbers[position])], to: nil, reason: .left))
        }
        plan.moves.sort { $0.record.isOlder(than: $1.record) }

        // One new version per golden record whose membership changed.
        for (index, cluster) in clusters.enumerated() where !unchanged[index] {
            let golden = assigned[index]
            let members = cluster.map { recordIDs[$0] }.sorted { $0.isOlder(than: $1) }
            if kept[index] < 0 {
                let from = (splitFrom[Int32(index)] ?? []).sorted().map { goldens[Int($0)] }
                plan.versions.append(
                    .init(
                        golden: golden, change: from.isEmpty ? .create : .split, members: members, related: from,
                        isNew: true))
                if from.isEmpty { plan.counts.created += 1 } else { plan.counts.split += 1 }
                continue
            }
            let number = kept[index]
            let losers = (absorbed[Int32(index)] ?? []).sorted { $0.isOlder(than: $1) }
            let change: GoldenIdentityPlan.Change =
                !losers.isEmpty ? .merge : lostToSplit[Int(number)] ? .split : .membership
            plan.versions.append(.init(golden: golden, change: change, members: members, related: losers))
            plan.counts.updated += 1
        }
        // Losers and retired ids in age order, which is number order.
        for loser in mergedInto.indices where mergedInto[loser] >= 0 {
            plan.versions.append(
                .init(golden: goldens[loser], change: .mergedInto, members: [], related: [assigned[Int(mergedInto[loser])]]))
            plan.counts.merged += 1
        }
        for golden in goldens.indices where keptBy[golden] < 0 && mergedInto[golden] < 0 {
            plan.versions.append(.init(golden: goldens[golden], change: .retire, members: [], related: []))
            plan.counts.retired += 1
        }
        return plan
    }

    /// A steward's split, applied at once: `leaving` forms a golden record of its own under `newID`; the
    /// rest keeps `golden`. (A run would give the id to the larger part; a split always mints it for the part that
    /// leaves, as the contract says.)
    public func split(golden: UUID, leaving: [UUID], staying: [UUID], newID: UUID) -> GoldenIdentityPlan {
        var plan = GoldenIdentityPlan(clusterIDs: [golden, newID])
        let leaving = leaving.sorted { $0.isOlder(than: $1) }
        for record in leaving {
            plan.moves.append(.init(record: record, from: golden, to: newID, reason: .split))
        }
        plan.versions = [
            .init(
                golden: golden, change: staying.isEmpty ? .retire : .split,
                members: staying.sorted { $0.isOlder(than: $1) }, related: [newID]),
            .init(golden: newID, change: .split, members: leaving, related: [golden], isNew: true),
        ]
        plan.counts.split = 1
        plan.counts.updated = 1
        return plan
    }

    /// A steward's move of one record, applied at once: it leaves `from` (retired when nobody stays) and joins
    /// `to`.
    public func move(record: UUID, from: UUID?, remaining: [UUID], to: UUID, targetMembers: [UUID])
        -> GoldenIdentityPlan
    {
        var plan = GoldenIdentityPlan(clusterIDs: [to])
        plan.moves = [.init(record: record, from: from, to: to, reason: .match)]
        var versions: [GoldenIdentityPlan.Version] = []
        if let from {
            versions.append(
                .init(
                    golden: from, change: remaining.isEmpty ? .retire : .membership,
                    members: remaining.sorted { $0.isOlder(than: $1) }, related: [to]))
            if remaining.isEmpty { plan.counts.retired += 1 } else { plan.counts.updated += 1 }
        }
        let members = Set(targetMembers).union([record]).sorted { $0.isOlder(than: $1) }
        versions.append(.init(golden: to, change: .membership, members: members, related: from.map { [$0] } ?? []))
        plan.counts.updated += 1
        plan.versions = versions
        return plan
    }
}
