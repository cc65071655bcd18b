import Foundation
import Logging
import PostgresNIO

/// What `/metrics` reports, read from the store at scrape time: syncs run in their own processes (`golden sync`,
/// `golden schedule`), so the store, not the server's memory, is where their runs, phases and deltas are known.
public struct MetricsRepository: Sendable {
    /// The figures of one scrape.
    public struct Snapshot: Sendable, Hashable {
        /// Runs by kind and outcome (`running` for an open one).
        public var runs: [(kind: String, outcome: String, count: Int)] = []
        /// The newest finished sync: when it ended, how long it took, and its phases' seconds.
        public var lastSyncFinishedAt: Date?
        public var lastSyncSeconds: Double?
        public var lastSyncPhasesJSON: String = "{}"
        /// The newest finished sync's records per source and measure (pulled, new_versions, echoes, quarantined,
        /// deleted, pushed, push_failed).
        public var lastSyncRecords: [(source: String, measure: String, count: Int)] = []
        /// Outbox rows by source and state (pending, acked, parked…).
        public var outbox: [(source: String, state: String, count: Int)] = []
        /// Active golden records by entity and status.
        public var golden: [(entity: String, status: String, count: Int)] = []
        /// Pairs waiting for a steward (review or deferred).
        public var reviewQueue: Int = 0

        public static func == (lhs: Snapshot, rhs: Snapshot) -> Bool {
            lhs.reviewQueue == rhs.reviewQueue && lhs.lastSyncPhasesJSON == rhs.lastSyncPhasesJSON
                && lhs.runs.map { "\($0)" } == rhs.runs.map { "\($0)" }
                && lhs.outbox.map { "\($0)" } == rhs.outbox.map { "\($0)" }
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(reviewQueue)
            hasher.combine(lastSyncPhasesJSON)
        }
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    public func snapshot() async throws -> Snapshot {
        let logger = database.logger
        var snapshot = Snapshot()
        var rows = try await database.client.query(
            "SELECT kind, coalesce(outcome, 'running'), count(*) FROM sync_runs GROUP BY 1, 2 ORDER BY 1, 2",
            logger: logger)
        for try await row in rows.decode((String, String, Int).self) { snapshot.runs.append(row) }
        rows = try await database.client.query(
            """
            SELECT run_id, finished_at, extract(epoch FROM finished_at - started_at)::float8,
                   coalesce(counts->'phases_s', '{}'::jsonb)::text
            FROM sync_runs WHERE kind = 'sync' AND finished_at IS NOT NULL
            ORDER BY finished_at DESC LIMIT 1
            """, logger: logger)
        var lastRun: UUID?
        for try await (run, finished, seconds, phases) in rows.decode((UUID, Date, Double, String).self) {
            (lastRun, snapshot.lastSyncFinishedAt, snapshot.lastSyncSeconds, snapshot.lastSyncPhasesJSON) =
                (run, finished, seconds, phases)
        }
        if let lastRun {
            rows = try await database.client.query(
                """
                SELECT source, pulled, new_versions, echoes, quarantined, deleted, pushed, push_failed
                FROM sync_run_sources WHERE run_id = \(lastRun) ORDER BY source
                """, logger: logger)
            for try await (source, pulled, new, echoes, quarantined, deleted, pushed, failed) in rows.decode(
                (String, Int, Int, Int, Int, Int, Int, Int).self)
            {
                snapshot.lastSyncRecords += [
                    (source, "pulled", pulled), (source, "new_versions", new), (source, "echoes", echoes),
                    (source, "quarantined", quarantined),
                    (source, "deleted", deleted), (source, "pushed", pushed), (source, "push_failed", failed),
                ]
            }
        }
        rows = try await database.client.query(
            "SELECT source, state, count(*) FROM outbox GROUP BY 1, 2 ORDER BY 1, 2", logger: logger)
        for try await row in rows.decode((String, String, Int).self) { snapshot.outbox.append(row) }
        rows = try await database.client.query(
            """
            SELECT entity, status, count(*) FROM golden_records WHERE state = 'active' GROUP BY 1, 2 ORDER BY 1, 2
            """, logger: logger)
        for try await row in rows.decode((String, String, Int).self) { snapshot.golden.append(row) }
        snapshot.reviewQueue = try await DashboardRepository(database: database).reviewQueueSize()
        return snapshot
    }
}
