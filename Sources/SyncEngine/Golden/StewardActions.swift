import Foundation
import GoldenCore
import GoldenStore
import Logging
import Matching
import Survivorship

/// What a data steward can decide about membership, as use cases the CLI and the API share.
///
/// Every action is stored as a steward decision (who, when, why) and audited; the match runs read decisions as
/// hard rules for ever after, until a later decision undoes one. Approve and reject take effect at the next
/// match run (which re-clusters with them). Split and move change the golden records at once, under the
/// identity lock, and are pinned by their decision so no later run undoes them.
public struct StewardActions: Sendable {
    public enum Verdict: String, Sendable, CaseIterable {
        case approve, reject
    }

    let database: GoldenDatabase
    let survivorship: SurvivorshipConfiguration
    let logger: Logger

    /// - Parameter survivorship: the rules a split or move survives the changed golden records by, at once.
    public init(database: GoldenDatabase, survivorship: SurvivorshipConfiguration = .standard, logger: Logger) {
        self.database = database
        self.survivorship = survivorship
        self.logger = logger
    }

    /// Writes a steward's membership change together with the new values of the records it changes.
    private func apply(_ plan: GoldenIdentityPlan, entity: String, cause: GoldenRecordRepository.Cause) async throws {
        let kind: PartyKind = entity == "person" ? .person : .organization
        let phase = SurvivorshipPhase(database: database, configuration: survivorship, now: Date(), logger: logger)
        let changed = plan.versions.filter { $0.change != .retire && $0.change != .mergedInto }
        let groups = try await phase.groups(members: changed.map { ($0.golden, $0.members) }, kind: kind)
        let survived = try await phase.survive(kind: kind, groups: groups, force: false)
        let repository = GoldenRecordRepository(database: database)
        try await repository.apply(plan, entity: entity, cause: cause, survived: survived.values)
        try await repository.recordSurvivorshipInputs(survived.unchanged)
    }

    /// Approve (must-link) or reject (cannot-link) two source records.
    public func decide(
        _ verdict: Verdict, _ left: SourceRecordRef, _ right: SourceRecordRef, reason: String, actor: String
    ) async throws -> UUID {
        let leftID = GoldenIdentifiers.sourceRecordID(source: left.source, key: left.id)
        let rightID = GoldenIdentifiers.sourceRecordID(source: right.source, key: right.id)
        let leftEntity = try await entity(of: left, id: leftID)
        let rightEntity = try await entity(of: right, id: rightID)
        guard leftEntity == rightEntity else {
            throw SyncError(
                .invalidStewardAction, source: right.source,
                message: "\(left.source):\(left.id) is a \(leftEntity) and \(right.source):\(right.id) a \(rightEntity)")
        }
        let decision = try await StewardDecisionRepository(database: database).record(
            .init(
                kind: verdict == .approve ? .mustLink : .cannotLink, entity: leftEntity, leftID: leftID,
                rightID: rightID, reason: reason),
            actor: actor
        ).decisionID
        try await MatchCandidateRepository(database: database).markDecided(
            leftID: leftID, rightID: rightID, status: verdict == .approve ? "approved" : "rejected",
            decisionID: decision)
        return decision
    }

    /// Undoes an earlier decision; the next match run no longer applies it.
    public func undo(_ decision: UUID, reason: String, actor: String) async throws -> UUID {
        try await StewardDecisionRepository(database: database).record(
            .init(kind: .undo, undoes: decision, reason: reason), actor: actor
        ).decisionID
    }

    /// Splits `records` off golden record `golden` into a new golden record, at once.
    /// - Returns: the decision and the minted golden id of the part that left.
    public func split(golden: UUID, records: [SourceRecordRef], reason: String, actor: String) async throws
        -> (decision: UUID, newGoldenID: UUID)
    {
        let repository = GoldenRecordRepository(database: database)
        return try await repository.withIdentityLock {
            guard let record = try await repository.find(golden), record.state == "active" else {
                throw SyncError(
                    .invalidStewardAction, source: nil, message: "golden record \(golden) is not an active record")
            }
            let members = try await repository.members(of: golden)
            let leaving = records.map { GoldenIdentifiers.sourceRecordID(source: $0.source, key: $0.id) }
            for (ref, id) in zip(records, leaving) where !members.contains(id) {
                throw SyncError(
                    .invalidStewardAction, source: ref.source,
                    message: "\(ref.source):\(ref.id) is not a member of golden record \(golden)")
            }
            let staying = members.filter { !leaving.contains($0) }
            guard !leaving.isEmpty, !staying.isEmpty else {
                throw SyncError(
                    .invalidStewardAction, source: nil,
                    message: "a split needs at least one record that leaves and one that stays")
            }
            let decision = try await StewardDecisionRepository(database: database).record(
                .init(
                    kind: .split, entity: record.entity, goldenID: golden, records: leaving, others: staying,
                    reason: reason), actor: actor)
            let newID = GoldenIdentifiers.timeOrdered()
            let plan = GoldenIdentityPlanner().split(golden: golden, leaving: leaving, staying: staying, newID: newID)
            try await apply(
                plan, entity: record.entity,
                cause: .init(decisionID: decision.decisionID, actorID: decision.actorID))
            return (decision.decisionID, newID)
        }
    }

    /// Finance's "this accounting record is not this customer": the members from `accountingSources` leave golden
    /// record `golden` as a split (a hard rule every later run respects), so the CRM part goes back to provisional.
    ///
    /// - Throws: ``SyncError`` `invalidStewardAction` when the record has no accounting member, or nothing else.
    public func rejectAccountingMatch(
        golden: UUID, accountingSources: Set<String>, reason: String, actor: String
    ) async throws -> (decision: UUID, newGoldenID: UUID) {
        let members = try await StewardReadRepository(database: database).members(of: golden)
        let books = members.filter { accountingSources.contains($0.source) }
        guard !books.isEmpty, books.count < members.count else {
            throw SyncError(
                .invalidStewardAction, source: nil,
                message: "golden record \(golden) has no accounting record beside CRM records to reject")
        }
        return try await split(
            golden: golden, records: books.map { SourceRecordRef(source: $0.source, id: $0.sourceKey) },
            reason: "finance rejected the match: \(reason)", actor: actor)
    }

    /// Moves one source record into golden record `target` (followed through merges), at once.
    public func move(_ ref: SourceRecordRef, to target: UUID, reason: String, actor: String) async throws
        -> (decision: UUID, goldenID: UUID)
    {
        let repository = GoldenRecordRepository(database: database)
        let id = GoldenIdentifiers.sourceRecordID(source: ref.source, key: ref.id)
        let recordEntity = try await entity(of: ref, id: id)
        return try await repository.withIdentityLock {
            guard let destination = try await repository.resolve(target), destination.state == "active" else {
                throw SyncError(
                    .invalidStewardAction, source: nil, message: "golden record \(target) is not an active record")
            }
            guard destination.entity == recordEntity else {
                throw SyncError(
                    .invalidStewardAction, source: ref.source,
                    message: "\(ref.source):\(ref.id) is a \(recordEntity); golden record \(target) is a \(destination.entity)")
            }
            let current = try await repository.xref(sourceRecordID: id)?.goldenID
            guard current != destination.goldenID else {
                throw SyncError(
                    .invalidStewardAction, source: ref.source,
                    message: "\(ref.source):\(ref.id) is already in golden record \(destination.goldenID)")
            }
            var remaining: [UUID] = []
            if let current { remaining = try await repository.members(of: current).filter { $0 != id } }
            let targetMembers = try await repository.members(of: destination.goldenID)
            let decision = try await StewardDecisionRepository(database: database).record(
                .init(
                    kind: .move, entity: recordEntity, goldenID: destination.goldenID, records: [id],
                    others: remaining, reason: reason), actor: actor)
            let plan = GoldenIdentityPlanner().move(
                record: id, from: current, remaining: remaining, to: destination.goldenID,
                targetMembers: targetMembers)
            try await apply(
                plan, entity: recordEntity, cause: .init(decisionID: decision.decisionID, actorID: decision.actorID))
            return (decision.decisionID, destination.goldenID)
        }
    }

    private func entity(of ref: SourceRecordRef, id: UUID) async throws -> String {
        guard let stored = try await GoldenRecordRepository(database: database).sourceRecord(id), !stored.deleted
        else {
            throw SyncError(
                .invalidStewardAction, source: nil, message: "\(ref.source):\(ref.id) is not a landed, live record")
        }
        return stored.entity
    }
}
