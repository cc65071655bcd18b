import Foundation
import Logging
import PostgresNIO

/// Proposals for finance: values that differ from a locked legal field of a confirmed company.
///
/// A run never overwrites such a field; it files a proposal instead, once per (golden record, attribute, value):
/// a value finance rejected is not proposed again, and the same difference seen by ten runs is one row.
public struct GoldenProposalRepository: Sendable {
    public struct Proposal: Sendable, Hashable, Codable {
        public let proposalID: UUID
        public let goldenID: UUID
        public let attribute: String
        public let current: String?
        public let proposed: String
        public let proposedRaw: String?
        public let sourceRecordID: UUID?
        public let rule: String
        public let status: String
        public let createdAt: Date

        enum CodingKeys: String, CodingKey {
            case attribute, current, proposed, rule, status
            case proposalID = "proposal_id", goldenID = "golden_id", proposedRaw = "proposed_raw"
            case sourceRecordID = "source_record_id", createdAt = "created_at"
        }
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    static func insert(
        _ proposals: [(UUID, SurvivedValues.Proposal)], runID: UUID?, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            CREATE TEMP TABLE IF NOT EXISTS golden_proposal_stage (
                proposal_id uuid, golden_id uuid, attribute text, current_value text, proposed_value text,
                proposed_raw text, source_record_id uuid, rule text
            ) ON COMMIT DELETE ROWS
            """, logger: logger)
        let columns = [
            "proposal_id", "golden_id", "attribute", "current_value", "proposed_value", "proposed_raw",
            "source_record_id", "rule",
        ]
        try await connection.copyRows(into: "golden_proposal_stage", columns: columns, logger: logger) { row, writer in
            for (golden, proposal) in proposals {
                row.uuid(GoldenIdentifiers.timeOrdered())
                row.uuid(golden)
                row.text(proposal.attribute)
                row.text(proposal.current)
                row.text(proposal.proposed)
                row.text(proposal.proposedRaw)
                row.uuid(proposal.sourceRecordID)
                row.text(proposal.rule)
                row.endRow()
                try await row.flush(to: writer)
            }
        }
        try await connection.query(
            """
            INSERT INTO golden_proposals
                (proposal_id, golden_id, attribute, current_value, proposed_value, proposed_raw, source_record_id,
                 rule, run_id)
            SELECT proposal_id, golden_id, attribute, current_value, proposed_value, proposed_raw, source_record_id,
                   rule, \(runID)
            FROM golden_proposal_stage
            ON CONFLICT (golden_id, attribute, proposed_value) DO NOTHING
            """, logger: logger)
    }

    /// Proposals with `status` (all when `nil`), oldest first; of one golden record when `goldenID` is given.
    public func list(status: String? = "open", goldenID: UUID? = nil, limit: Int = 1000) async throws -> [Proposal] {
        let rows = try await database.client.query(
            """
            SELECT proposal_id, golden_id, attribute, current_value, proposed_value, proposed_raw, source_record_id,
                   rule, status, created_at
            FROM golden_proposals
            WHERE (\(status)::text IS NULL OR status = \(status)) AND (\(goldenID)::uuid IS NULL OR golden_id = \(goldenID))
            ORDER BY created_at, proposal_id
            LIMIT \(limit)
            """, logger: database.logger)
        var proposals: [Proposal] = []
        for try await (id, golden, attribute, current, proposed, raw, record, rule, status, created) in rows.decode(
            (UUID, UUID, String, String?, String, String?, UUID?, String, String, Date).self)
        {
            proposals.append(
                Proposal(
                    proposalID: id, goldenID: golden, attribute: attribute, current: current, proposed: proposed,
                    proposedRaw: raw, sourceRecordID: record, rule: rule, status: status, createdAt: created))
        }
        return proposals
    }

    /// Closes an open proposal as `accepted` or `rejected`, with who and why, and audits it.
    ///
    /// - Throws: ``StoreError`` (`invalidDecision`) when the proposal does not exist or was already decided.
    public func decide(_ id: UUID, accepted: Bool, actorID: UUID, actor: String, reason: String) async throws
        -> Proposal
    {
        let status = accepted ? "accepted" : "rejected"
        let logger = database.logger
        let rows = try await database.client.query(
            """
            UPDATE golden_proposals SET status = \(status), decided_at = now(), decided_by = \(actorID),
                reason = \(reason)
            WHERE proposal_id = \(id) AND status = 'open'
            RETURNING proposal_id, golden_id, attribute, current_value, proposed_value, proposed_raw,
                      source_record_id, rule, status, created_at
            """, logger: logger)
        var decided: Proposal?
        for try await (id, golden, attribute, current, proposed, raw, record, rule, status, created) in rows.decode(
            (UUID, UUID, String, String?, String, String?, UUID?, String, String, Date).self)
        {
            decided = Proposal(
                proposalID: id, goldenID: golden, attribute: attribute, current: current, proposed: proposed,
                proposedRaw: raw, sourceRecordID: record, rule: rule, status: status, createdAt: created)
        }
        guard let decided else {
            throw StoreError(.invalidDecision, "proposal \(id) does not exist or was already decided")
        }
        return decided
    }
}
