import Foundation
import GoldenCore
import Logging
import PostgresNIO

/// Steward decisions: facts a person decided, stored with who, when and why, and read by every match run as hard
/// rules. A decision is never deleted; an `undo` decision revokes an earlier one (and is itself audited).
public struct StewardDecisionRepository: Sendable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case mustLink = "must_link"
        case cannotLink = "cannot_link"
        case split
        case move
        case undo
        /// A steward's value for one attribute of a golden record; wins until undone ("unlock").
        case override
        /// Finance confirmed an organization officially.
        case confirm
    }

    /// One live decision as the match run reads it.
    public struct Decision: Sendable, Hashable, Codable {
        public let decisionID: UUID
        public let kind: Kind
        public let entity: String?
        public let leftID: UUID?
        public let rightID: UUID?
        public let goldenID: UUID?
        /// Split: the records that leave. Move: the record that moves.
        public let records: [UUID]
        /// Split: the records that stay. Move: the members of the golden record it left.
        public let others: [UUID]
        public let reason: String
        public let actor: String
        public let createdAt: Date
    }

    /// A decision to record.
    public struct NewDecision: Sendable, Hashable {
        public var kind: Kind
        public var entity: String?
        public var leftID: UUID?
        public var rightID: UUID?
        public var goldenID: UUID?
        public var records: [UUID]
        public var others: [UUID]
        public var undoes: UUID?
        /// Override: the attribute and its value.
        public var attribute: String?
        public var value: String?
        public var reason: String

        public init(
            kind: Kind, entity: String? = nil, leftID: UUID? = nil, rightID: UUID? = nil, goldenID: UUID? = nil,
            records: [UUID] = [], others: [UUID] = [], undoes: UUID? = nil, attribute: String? = nil,
            value: String? = nil, reason: String
        ) {
            self.attribute = attribute
            self.value = value
            self.kind = kind
            self.entity = entity
            self.leftID = leftID
            self.rightID = rightID
            self.goldenID = goldenID
            self.records = records
            self.others = others
            self.undoes = undoes
            self.reason = reason
        }
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// The user id of `login`, creating the user on first use (CLI actors are OS users or `--actor NAME`).
    public func user(login: String) async throws -> UUID {
        let id = GoldenIdentifiers.timeOrdered()
        let rows = try await database.client.query(
            """
            INSERT INTO users AS u (user_id, login, display_name) VALUES (\(id), \(login), \(login))
            ON CONFLICT (login) DO UPDATE SET display_name = u.display_name
            RETURNING u.user_id
            """, logger: database.logger)
        for try await user in rows.decode(UUID.self) { return user }
        throw StoreError(.invalidDecision, "user '\(login)' could not be stored")
    }

    /// Stores a decision and its audit row in one transaction; an undo also revokes the decision it names.
    ///
    /// - Throws: ``StoreError`` (`invalidDecision`) when the reason is empty, a pair names one record twice, or an
    ///   undo names a decision that does not exist or was already revoked.
    /// - Returns: the decision's id and the actor's user id (to cite on the golden versions the decision causes).
    public func record(_ decision: NewDecision, actor: String, runID: UUID? = nil) async throws
        -> (decisionID: UUID, actorID: UUID)
    {
        let reason = decision.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError(.invalidDecision, "a decision needs a reason (--reason)") }
        var left = decision.leftID
        var right = decision.rightID
        if let l = left, let r = right {
            guard l != r else { throw StoreError(.invalidDecision, "a pair decision needs two different records") }
            if r.isOlder(than: l) { (left, right) = (r, l) }
        }
        let actorID = try await user(login: actor)
        let id = GoldenIdentifiers.timeOrdered()
        let logger = database.logger
        let kind = decision.kind.rawValue
        let details = Self.auditDetails(decision, reason: reason)
        do {
            try await database.client.withConnection { connection in
                try await connection.withTransaction(logger: logger) { connection in
                    if let undone = decision.undoes {
                        let rows = try await connection.query(
                            """
                            UPDATE steward_decisions SET revoked_at = now()
                            WHERE decision_id = \(undone) AND revoked_at IS NULL AND kind <> 'undo'
                            RETURNING decision_id
                            """, logger: logger)
                        var revoked = 0
                        for try await _ in rows.decode(UUID.self) { revoked += 1 }
                        guard revoked == 1 else {
                            throw StoreError(
                                .invalidDecision, "decision \(undone) does not exist, is an undo, or was already undone")
                        }
                    }
                    try await connection.query(
                        """
                        INSERT INTO steward_decisions
                            (decision_id, kind, entity, left_id, right_id, golden_id, records, others, undoes, actor_id, reason,
                             attribute, value)
                        VALUES (\(id), \(kind), \(decision.entity), \(left), \(right), \(decision.goldenID),
                                \(decision.records), \(decision.others), \(decision.undoes), \(actorID), \(reason),
                                \(decision.attribute), to_jsonb(\(decision.value)::text))
                        """, logger: logger)
                    try await connection.query(
                        """
                        INSERT INTO audit_log (audit_id, actor, action, subject, details, run_id)
                        VALUES (\(GoldenIdentifiers.timeOrdered()), \(actor), \("decision." + kind), \(id.lowercasedText),
                                \(details)::jsonb, \(runID))
                        """, logger: logger)
                }
            }
        } catch let error as PostgresTransactionError {
            if let refusal = error.closureError as? StoreError { throw refusal }
            throw error
        }
        return (id, actorID)
    }

    /// Every decision not undone, oldest first: the hard rules of the next match run.
    public func live(entity: String? = nil) async throws -> [Decision] {
        let rows = try await database.client.query(
            """
            SELECT d.decision_id, d.kind, d.entity, d.left_id, d.right_id, d.golden_id, d.records, d.others, d.reason,
                   u.login, d.created_at
            FROM steward_decisions AS d JOIN users AS u ON u.user_id = d.actor_id
            WHERE d.revoked_at IS NULL AND d.kind IN ('must_link', 'cannot_link', 'split', 'move')
              AND (\(entity)::text IS NULL OR d.entity IS NULL OR d.entity = \(entity))
            ORDER BY d.created_at, d.decision_id
            """, logger: database.logger)
        var decisions: [Decision] = []
        for try await (id, kind, entity, left, right, golden, records, others, reason, actor, created) in rows.decode(
            (UUID, String, String?, UUID?, UUID?, UUID?, [UUID], [UUID], String, String, Date).self)
        {
            guard let kind = Kind(rawValue: kind) else { continue }
            decisions.append(
                Decision(
                    decisionID: id, kind: kind, entity: entity, leftID: left, rightID: right, goldenID: golden,
                    records: records, others: others, reason: reason, actor: actor, createdAt: created))
        }
        return decisions
    }

    /// A steward override in force.
    public struct Override: Sendable, Hashable {
        public let decisionID: UUID
        public let goldenID: UUID
        public let attribute: String
        public let value: String
        public let actor: String
        public let reason: String
        public let createdAt: Date
    }

    /// Every golden record a decision ever named (overrides, confirmations, splits and moves, undone or not): few,
    /// and what a run that survives only the records its changes touch adds, so a decision's effect on values is
    /// never left out.
    public func goldenIDsNamed() async throws -> Set<UUID> {
        let rows = try await database.client.query(
            "SELECT DISTINCT golden_id FROM steward_decisions WHERE golden_id IS NOT NULL", logger: database.logger)
        var ids: Set<UUID> = []
        for try await id in rows.decode(UUID.self) { ids.insert(id) }
        return ids
    }

    /// Every override not undone, oldest first; of `goldenIDs` only when given.
    public func overrides(goldenIDs: [UUID]? = nil) async throws -> [Override] {
        let rows = try await database.client.query(
            """
            SELECT d.decision_id, d.golden_id, d.attribute, d.value #>> '{}', u.login, d.reason, d.created_at
            FROM steward_decisions AS d JOIN users AS u ON u.user_id = d.actor_id
            WHERE d.revoked_at IS NULL AND d.kind = 'override'
              AND (\(goldenIDs)::uuid[] IS NULL OR d.golden_id = ANY(\(goldenIDs)))
            ORDER BY d.created_at, d.decision_id
            """, logger: database.logger)
        var overrides: [Override] = []
        for try await (id, golden, attribute, value, actor, reason, created) in rows.decode(
            (UUID, UUID, String, String, String, String, Date).self)
        {
            overrides.append(
                Override(
                    decisionID: id, goldenID: golden, attribute: attribute, value: value, actor: actor, reason: reason,
                    createdAt: created))
        }
        return overrides
    }

    /// Writes one audit row outside a decision (a steward edit applied to golden records, say).
    public func audit(actor: String, action: String, subject: String?, detailsJSON: String, runID: UUID? = nil)
        async throws
    {
        try await database.client.query(
            """
            INSERT INTO audit_log (audit_id, actor, action, subject, details, run_id)
            VALUES (\(GoldenIdentifiers.timeOrdered()), \(actor), \(action), \(subject), \(detailsJSON)::jsonb, \(runID))
            """, logger: database.logger)
    }

    /// Audit rows about `subject` (a decision id, a golden id), oldest first: (actor, action, details JSON).
    public func auditTrail(subject: String) async throws -> [(actor: String, action: String, details: String)] {
        let rows = try await database.client.query(
            "SELECT actor, action, details::text FROM audit_log WHERE subject = \(subject) ORDER BY at, audit_id",
            logger: database.logger)
        var trail: [(String, String, String)] = []
        for try await row in rows.decode((String, String, String).self) { trail.append(row) }
        return trail.map { (actor: $0.0, action: $0.1, details: $0.2) }
    }

    static func auditDetails(_ decision: NewDecision, reason: String) -> String {
        var bytes: [UInt8] = Array("{\"reason\":".utf8)
        JSONText.appendQuoted(reason, to: &bytes)
        func ids(_ name: String, _ values: [UUID]) {
            bytes.append(contentsOf: Array(",\"\(name)\":[".utf8))
            bytes.append(contentsOf: Array(values.map { "\"\($0.lowercasedText)\"" }.joined(separator: ",").utf8))
            bytes.append(UInt8(ascii: "]"))
        }
        let pair = [decision.leftID, decision.rightID].compactMap { $0 }
        if !pair.isEmpty { ids("pair", pair) }
        if let golden = decision.goldenID { ids("golden_id", [golden]) }
        if !decision.records.isEmpty { ids("records", decision.records) }
        if !decision.others.isEmpty { ids("others", decision.others) }
        if let undoes = decision.undoes { ids("undoes", [undoes]) }
        if let attribute = decision.attribute {
            bytes.append(contentsOf: Array(",\"attribute\":".utf8))
            JSONText.appendQuoted(attribute, to: &bytes)
        }
        if let value = decision.value {
            bytes.append(contentsOf: Array(",\"value\":".utf8))
            JSONText.appendQuoted(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
