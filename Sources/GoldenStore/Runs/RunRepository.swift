import Foundation
import PostgresNIO

/// Sync runs: when they started and ended, what each source did, and how the run came out.
public struct RunRepository: Sendable {
    public enum Kind: String, Sendable {
        case sync, `import`, match, train, push, demo
    }

    public enum Outcome: String, Sendable, Codable {
        case succeeded, partial, failed
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    public func start(_ kind: Kind) async throws -> UUID {
        let id = GoldenIdentifiers.timeOrdered()
        let host = ProcessInfo.processInfo.hostName
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        try await database.client.query(
            "INSERT INTO sync_runs (run_id, kind, host, pid) VALUES (\(id), \(kind.rawValue), \(host), \(pid))",
            logger: database.logger)
        return id
    }

    public func recordSource(
        run: UUID, source: String, counts: LandingCounts, pushed: Int = 0, pushFailed: Int = 0, error: String?
    ) async throws {
        try await database.client.query(
            """
            INSERT INTO sync_run_sources
                (run_id, source, pulled, new_versions, echoes, quarantined, deleted, pushed, push_failed, error)
            VALUES (\(run), \(source), \(counts.received), \(counts.newVersions), \(counts.echoes),
                    \(counts.quarantined), \(counts.deleted), \(pushed), \(pushFailed), \(error))
            ON CONFLICT (run_id, source) DO UPDATE SET
                pulled = excluded.pulled, new_versions = excluded.new_versions, echoes = excluded.echoes,
                quarantined = excluded.quarantined,
                deleted = excluded.deleted, pushed = excluded.pushed, push_failed = excluded.push_failed,
                error = excluded.error
            """, logger: database.logger)
    }

    public func finish(run: UUID, outcome: Outcome, countsJSON: String, error: String?) async throws {
        try await database.client.query(
            """
            UPDATE sync_runs SET finished_at = now(), outcome = \(outcome.rawValue), counts = \(countsJSON)::jsonb,
                error = \(error)
            WHERE run_id = \(run)
            """, logger: database.logger)
    }

    /// What the push of a run delivered to one source (the landing counts of the row stay as they are).
    public func recordPush(run: UUID, source: String, pushed: Int, failed: Int) async throws {
        try await database.client.query(
            """
            UPDATE sync_run_sources SET pushed = \(pushed), push_failed = \(failed)
            WHERE run_id = \(run) AND source = \(source)
            """, logger: database.logger)
    }

    /// A run still marked `running`: who started it, and when.
    public struct RunningRun: Sendable, Hashable {
        public let runID: UUID
        public let host: String?
        public let pid: Int?
        public let startedAt: Date
    }

    public func running() async throws -> [RunningRun] {
        let rows = try await database.client.query(
            "SELECT run_id, host, pid, started_at FROM sync_runs WHERE outcome = 'running' ORDER BY started_at",
            logger: database.logger)
        var runs: [RunningRun] = []
        for try await (id, host, pid, started) in rows.decode((UUID, String?, Int?, Date).self) {
            runs.append(RunningRun(runID: id, host: host, pid: pid, startedAt: started))
        }
        return runs
    }

    /// Closes runs whose process is gone (killed, or its machine restarted) as `abandoned`, with why.
    public func abandon(_ runIDs: [UUID], reason: String) async throws {
        guard !runIDs.isEmpty else { return }
        try await database.client.query(
            """
            UPDATE sync_runs SET outcome = 'abandoned', finished_at = now(), error = \(reason)
            WHERE run_id = ANY(\(runIDs)) AND outcome = 'running'
            """, logger: database.logger)
    }

    /// The advisory lock class of whole syncs, per source (landing batches, identity and migrations use others).
    static let syncLockClass: Int32 = 0x676C_7379  // "glsy"

    /// Runs `body` holding one session-level advisory lock per source, taken without waiting, so one sync at a time
    /// works on a source. Advisory locks are database-wide, so the key includes the schema: two stores in one
    /// database (tests, benchmarks) never block each other. The locks live on a leased connection: a killed process drops it and with it the locks.
    ///
    /// - Returns: `.busy(names)` without running `body` when another session holds any of them.
    public func withSyncLocks<Result: Sendable>(
        sources: [String], _ body: @Sendable () async throws -> Result
    ) async throws -> SyncLockOutcome<Result> {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            var held: [String] = []
            var busy: [String] = []
            for source in sources.sorted() {
                let rows = try await connection.query(
                    "SELECT pg_try_advisory_lock(\(Self.syncLockClass), hashtext(current_schema() || '/' || \(source)))",
                    logger: logger)
                var taken = false
                for try await value in rows.decode(Bool.self) { taken = value }
                if taken { held.append(source) } else { busy.append(source) }
            }
            func release() async {
                for source in held {
                    _ = try? await connection.query(
                        "SELECT pg_advisory_unlock(\(Self.syncLockClass), hashtext(current_schema() || '/' || \(source)))",
                        logger: logger)
                }
            }
            guard busy.isEmpty else {
                await release()
                return .busy(busy)
            }
            do {
                let result = try await body()
                await release()
                return .ran(result)
            } catch {
                await release()
                throw error
            }
        }
    }
}

/// What ``RunRepository/withSyncLocks(sources:_:)`` did.
public enum SyncLockOutcome<Result: Sendable>: Sendable {
    case ran(Result)
    /// Another sync holds these sources; nothing ran.
    case busy([String])
}
