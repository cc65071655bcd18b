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

    public func plan(
        clusters: [Cluster], previous: [UUID: UUID], mint: () -> UUID
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
