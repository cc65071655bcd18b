import Foundation
import GoldenCore
import GoldenStore
import Logging
import Survivorship

/// What stewards and finance decide about golden values, as use cases the CLI and the API share: override and
/// unlock an attribute, confirm a company, accept or reject a proposal.
///
/// Each is stored as a decision or audit row (who, when, why) and takes effect at once, under the identity lock so
/// no run decides on values it read before the change.
public struct GoldenValueActions: Sendable {
    let database: GoldenDatabase
    let survivorship: SurvivorshipConfiguration
    let standardizers: Standardizers?
    let now: @Sendable () -> Date
    let logger: Logger

    /// - Parameter standardizers: an override value is standardized as landing would (and refused when invalid);
    ///   without them it is stored as typed.
    public init(
        database: GoldenDatabase, survivorship: SurvivorshipConfiguration = .standard,
        standardizers: Standardizers? = nil, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.database = database
        self.survivorship = survivorship
        self.standardizers = standardizers
        self.now = now
        self.logger = logger
    }

    /// A steward's value for one attribute: it wins over every source until unlocked.
    /// - Returns: the decision id (what `unlock` revokes) and the golden record it applies to.
    public func override(
        golden: UUID, attribute name: String, value: String, reason: String, actor: String
    ) async throws -> (decision: UUID, goldenID: UUID) {
        let repository = GoldenRecordRepository(database: database)
        return try await repository.withIdentityLock {
            let record = try await activeRecord(golden)
            let kind = try Self.kind(of: record)
            let attribute = try overridable(name, kind: kind)
            let clean = try standardized(value, for: attribute)
            let decision = try await StewardDecisionRepository(database: database).record(
                .init(
                    kind: .override, entity: record.entity, goldenID: record.goldenID, attribute: attribute.rawValue,
                    value: clean, reason: reason), actor: actor)
            try await survive(
                record.goldenID, kind: kind, change: "override",
                cause: .init(decisionID: decision.decisionID, actorID: decision.actorID))
            return (decision.decisionID, record.goldenID)
        }
    }

    /// Revokes the steward override in force on `attribute`; the rules decide the value again, at once.
    public func unlock(golden: UUID, attribute name: String, reason: String, actor: String) async throws -> UUID {
        let repository = GoldenRecordRepository(database: database)
        return try await repository.withIdentityLock {
            let record = try await activeRecord(golden)
            let decisions = StewardDecisionRepository(database: database)
            let live = try await decisions.overrides(goldenIDs: [record.goldenID]).filter { $0.attribute == name }
            guard !live.isEmpty else {
                throw SyncError(
                    .invalidStewardAction, source: nil,
                    message: "golden record \(record.goldenID) has no override on '\(name)' to unlock")
            }
            var undo = (decisionID: UUID(), actorID: UUID())
            for override in live {
                undo = try await decisions.record(.init(kind: .undo, undoes: override.decisionID, reason: reason), actor: actor)
            }
            try await survive(
                record.goldenID, kind: try Self.kind(of: record), change: "unlock",
                cause: .init(decisionID: undo.decisionID, actorID: undo.actorID))
            return undo.decisionID
        }
    }

    /// Finance confirms a company officially: legal name, INN and KPP are locked from now on, and a later differing
    /// value becomes a proposal. Needs an accounting match (`matched`) or a valid INN.
    public func confirm(golden: UUID, reason: String, actor: String) async throws -> UUID {
        let repository = GoldenRecordRepository(database: database)
        return try await repository.withIdentityLock {
            let record = try await activeRecord(golden)
            guard record.entity == "organization" else {
                throw SyncError(
                    .invalidStewardAction, source: nil, message: "only organizations are confirmed; \(golden) is a person")
            }
            guard record.status != "confirmed" else {
                throw SyncError(.invalidStewardAction, source: nil, message: "\(record.goldenID) is already confirmed")
            }
            let values = try await repository.values(of: record.goldenID)
            let hasINN = values.map { Self.documentHas("inn", $0.attributesJSON) } ?? false
            guard record.status == "matched" || hasINN else {
                throw SyncError(
                    .invalidStewardAction, source: nil,
                    message: "\(record.goldenID) has no accounting record and no valid INN: nothing to confirm against")
            }
            let decision = try await StewardDecisionRepository(database: database).record(
                .init(kind: .confirm, entity: "organization", goldenID: record.goldenID, reason: reason), actor: actor)
            try await repository.confirm(
                record.goldenID, cause: .init(decisionID: decision.decisionID, actorID: decision.actorID))
            return decision.decisionID
        }
    }

    /// Finance accepts a proposal (the proposed value becomes the locked value, at once) or rejects it (it is not
    /// proposed again).
    public func decide(proposal id: UUID, accept: Bool, reason: String, actor: String) async throws
        -> GoldenProposalRepository.Proposal
    {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw SyncError(.invalidStewardAction, source: nil, message: "a decision needs a reason (--reason)")
        }
        let repository = GoldenRecordRepository(database: database)
        return try await repository.withIdentityLock {
            let decisions = StewardDecisionRepository(database: database)
            let actorID = try await decisions.user(login: actor)
            let proposal = try await GoldenProposalRepository(database: database).decide(
                id, accepted: accept, actorID: actorID, actor: actor, reason: trimmed)
            try await decisions.audit(
                actor: actor, action: accept ? "proposal.accept" : "proposal.reject",
                subject: proposal.goldenID.lowercasedText,
                detailsJSON: Self.auditJSON(proposal, reason: trimmed))
            if accept, let attribute = GoldenAttribute(rawValue: proposal.attribute) {
                let lineage = AttributeLineage(
                    attribute: attribute, value: proposal.proposed, raw: proposal.proposedRaw ?? proposal.proposed,
                    source: nil, rule: AttributeLineage.Decider.proposalAccepted,
                    override: OverrideNote(by: actor, reason: trimmed, at: now()))
                try await repository.replaceValue(
                    of: proposal.goldenID, attribute: attribute.rawValue,
                    valueJSON: JSONText.quoted(proposal.proposed), lineageJSON: lineage.jsonText, change: "proposal",
                    cause: .init(actorID: actorID))
            }
            return proposal
        }
    }

    // MARK: - Helpers

    private func activeRecord(_ id: UUID) async throws -> GoldenRecordRepository.Record {
        guard let record = try await GoldenRecordRepository(database: database).resolve(id), record.state == "active"
        else {
            throw SyncError(.invalidStewardAction, source: nil, message: "golden record \(id) is not an active record")
        }
        return record
    }

    static func kind(of record: GoldenRecordRepository.Record) throws -> PartyKind {
        guard let kind = PartyKind(rawValue: record.entity) else {
            throw SyncError(.invalidStewardAction, source: nil, message: "unknown entity '\(record.entity)'")
        }
        return kind
    }

    /// The attribute, if a steward may set it on a record of `kind`: its rule list must honour overrides.
    private func overridable(_ name: String, kind: PartyKind) throws -> GoldenAttribute {
        let names = GoldenAttribute.attributes(of: kind).map(\.rawValue)
        guard let attribute = GoldenAttribute(rawValue: name), names.contains(name) else {
            throw SyncError(
                .invalidStewardAction, source: nil,
                message: "'\(name)' is not an attribute of a \(kind.rawValue); one of: \(names.joined(separator: ", "))")
        }
        guard survivorship.rules(for: kind, attribute).first == .stewardOverride else {
            throw SyncError(
                .invalidStewardAction, source: nil,
                message: "the rules for \(kind.rawValue).\(name) do not start with steward_override, so an override would not apply")
        }
        return attribute
    }

    /// The value as landing would store it; refused when it is not valid.
    private func standardized(_ value: String, for attribute: GoldenAttribute) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw SyncError(.invalidStewardAction, source: nil, message: "an override needs a value (--value)")
        }
        if attribute == .status {
            guard LifecycleStatus(rawValue: trimmed) != nil else {
                throw SyncError(
                    .invalidStewardAction, source: nil,
                    message: "status must be one of: \(LifecycleStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return trimmed
        }
        guard let standardizers, let field = Self.field(of: attribute) else { return trimmed }
        let result = standardizers.standardize(field, trimmed)
        guard result.valid, let clean = result.value else {
            let why = result.issues.map(\.code.rawValue).joined(separator: ", ")
            throw SyncError(
                .invalidStewardAction, source: nil,
                message: "'\(trimmed)' is not a valid \(attribute.rawValue)\(why.isEmpty ? "" : " (\(why))")")
        }
        return clean
    }

    static func field(of attribute: GoldenAttribute) -> StandardField? {
        switch attribute {
        case .legalName, .shortName: .companyName
        case .name: .personName
        case .inn: .inn
        case .kpp: .kpp
        case .ogrn: .ogrn
        case .phone: .phone
        case .email: .email
        case .website: .website
        case .address: .address
        case .jobTitle: .jobTitle
        default: nil
        }
    }

    /// Survives one golden record now (a steward changed what its values depend on).
    private func survive(_ golden: UUID, kind: PartyKind, change: String, cause: GoldenRecordRepository.Cause)
        async throws
    {
        let repository = GoldenRecordRepository(database: database)
        let phase = SurvivorshipPhase(database: database, configuration: survivorship, now: now(), logger: logger)
        let groups = try await phase.groups(
            members: [(golden, try await repository.members(of: golden))], kind: kind)
        let outcome = try await phase.survive(kind: kind, groups: groups, force: true)
        let entity = kind.rawValue
        try await repository.apply(
            GoldenIdentityPlan(clusterIDs: []), entity: entity, cause: cause, survived: outcome.values, valuesChange: change)
        try await repository.recordSurvivorshipInputs(outcome.unchanged)
    }

    static func documentHas(_ key: String, _ json: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            return false
        }
        return object[key] != nil
    }

    static func auditJSON(_ proposal: GoldenProposalRepository.Proposal, reason: String) -> String {
        var fields = [
            "\"proposal_id\":\(JSONText.quoted(proposal.proposalID.lowercasedText))",
            "\"attribute\":\(JSONText.quoted(proposal.attribute))",
            "\"proposed\":\(JSONText.quoted(proposal.proposed))",
            "\"reason\":\(JSONText.quoted(reason))",
        ]
        if let current = proposal.current { fields.append("\"current\":\(JSONText.quoted(current))") }
        return "{" + fields.joined(separator: ",") + "}"
    }
}
