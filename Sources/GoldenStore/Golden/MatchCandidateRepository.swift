import Foundation
import GoldenCore
import Logging
import PostgresNIO

/// The steward's review queue: pairs a run scored between the thresholds, with their explanation.
///
/// Every run refreshes the queue of an entity: pairs still in the review band get this run's score, and open
/// pairs the run no longer puts there (their records changed, were deleted, or now link or not) become `stale`,
/// so a steward never sees an old score. Decided pairs keep their decision.
public struct MatchCandidateRepository: Sendable {
    /// One pair in the review band, smaller source record id first.
    public struct Candidate: Sendable, Hashable {
        public var leftID: UUID
        public var rightID: UUID
        public var matchWeight: Double
        public var probability: Double
        public var explanationJSON: String

        public init(leftID: UUID, rightID: UUID, matchWeight: Double, probability: Double, explanationJSON: String) {
            if rightID.isOlder(than: leftID) {
                self.leftID = rightID
                self.rightID = leftID
            } else {
                self.leftID = leftID
                self.rightID = rightID
            }
            self.matchWeight = matchWeight
            self.probability = probability
            self.explanationJSON = explanationJSON
        }
    }

    /// One open candidate of the queue.
    public struct QueuedCandidate: Sendable, Hashable, Codable {
        public let leftID: UUID
        public let rightID: UUID
        public let entity: String
        public let probability: Double
        public let status: String
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// Replaces the review band of `entity` with `candidates`; returns how many open pairs became stale.
    ///
    /// - Parameter region: the records whose pairs the run scored (an incremental match), and records no longer live
    ///   (``openRecordIDs(entity:)``); only open pairs with one of them can become stale: the others were not scored
    ///   again and keep their score, which the run would have given them anyway. `nil`: the run scored every pair.
    @discardableResult
    public func refresh(
        entity: String, candidates: [Candidate], region: [UUID]? = nil, modelVersion: Int, runID: UUID?
    ) async throws -> Int {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query(
                    """
                    CREATE TEMP TABLE IF NOT EXISTS golden_candidate_stage (
                        left_id uuid, right_id uuid, match_weight double precision, probability double precision,
                        explanation text
                    ) ON COMMIT DELETE ROWS
                    """, logger: logger)
                let columns = ["left_id", "right_id", "match_weight", "probability", "explanation"]
                try await connection.copyRows(into: "golden_candidate_stage", columns: columns, logger: logger) {
                    row, writer in
                    for candidate in candidates {
                        row.uuid(candidate.leftID)
                        row.uuid(candidate.rightID)
                        row.text(String(candidate.matchWeight))
                        row.text(String(min(1, max(0, candidate.probability))))
                        row.text(candidate.explanationJSON)
                        row.endRow()
                        try await row.flush(to: writer)
                    }
                }
                let stale = try await connection.query(
                    """
                    UPDATE match_candidates AS m SET status = 'stale', updated_at = now()
                    WHERE m.entity = \(entity) AND m.status IN ('review', 'deferred')
                      AND NOT EXISTS (
                        SELECT 1 FROM golden_candidate_stage AS s
                        WHERE s.left_id = m.left_id AND s.right_id = m.right_id)
                      AND (\(region)::uuid[] IS NULL
                           OR m.left_id = ANY(\(region)::uuid[]) OR m.right_id = ANY(\(region)::uuid[]))
                    RETURNING m.left_id
                    """, logger: logger)
                var staled = 0
                for try await _ in stale.decode(UUID.self) { staled += 1 }
                // Decided pairs keep their status; everything else in the band is open for review again.
                try await connection.query(
                    """
                    INSERT INTO match_candidates AS m
                        (left_id, right_id, entity, model_entity, model_version, match_weight, probability,
                         explanation, status, run_id, updated_at)
                    SELECT s.left_id, s.right_id, \(entity), \(entity), \(modelVersion), s.match_weight,
                           s.probability, s.explanation::jsonb, 'review', \(runID), now()
                    FROM golden_candidate_stage AS s
                    ON CONFLICT (left_id, right_id) DO UPDATE SET
                        model_version = excluded.model_version, match_weight = excluded.match_weight,
                        probability = excluded.probability, explanation = excluded.explanation,
                        run_id = excluded.run_id, updated_at = excluded.updated_at,
                        status = CASE WHEN m.status IN ('approved', 'rejected', 'deferred') THEN m.status
                                      ELSE excluded.status END
                    """, logger: logger)
                return staled
            }
        }
    }

    /// The records of `entity`'s open pairs: an incremental run checks which of them are no longer live.
    public func openRecordIDs(entity: String) async throws -> Set<UUID> {
        let rows = try await database.client.query(
            """
            SELECT left_id, right_id FROM match_candidates
            WHERE entity = \(entity) AND status IN ('review', 'deferred')
            """, logger: database.logger)
        var ids: Set<UUID> = []
        for try await (left, right) in rows.decode((UUID, UUID).self) {
            ids.insert(left)
            ids.insert(right)
        }
        return ids
    }

    /// Marks the pair decided (approved or rejected) when it is in the queue.
    public func markDecided(leftID: UUID, rightID: UUID, status: String, decisionID: UUID) async throws {
        let (left, right) = rightID.isOlder(than: leftID) ? (rightID, leftID) : (leftID, rightID)
        try await database.client.query(
            """
            UPDATE match_candidates SET status = \(status), decision_id = \(decisionID), updated_at = now()
            WHERE left_id = \(left) AND right_id = \(right)
            """, logger: database.logger)
    }

    /// Open candidates of `entity` (all entities when `nil`), most uncertain first (probability nearest 0.5).
    public func queue(entity: String? = nil, limit: Int = 100) async throws -> [QueuedCandidate] {
        let rows = try await database.client.query(
            """
            SELECT left_id, right_id, entity, probability, status FROM match_candidates
            WHERE status = 'review' AND (\(entity)::text IS NULL OR entity = \(entity))
            ORDER BY abs(probability - 0.5), left_id, right_id
            LIMIT \(limit)
            """, logger: database.logger)
        var queue: [QueuedCandidate] = []
        for try await (left, right, entity, probability, status) in rows.decode(
            (UUID, UUID, String, Double, String).self)
        {
            queue.append(
                QueuedCandidate(leftID: left, rightID: right, entity: entity, probability: probability, status: status))
        }
        return queue
    }
}
