import Foundation
import GoldenCore
import PostgresNIO

/// The reads operations make through the REST API: sources with their last runs, the open quarantine and the rows
/// file imports refused.
///
/// Read-only. Lists are bounded by a caller-given limit and come newest first, so a page answers "what went wrong
/// lately" without a scan of history.
public struct OperationsReadRepository: Sendable {
    /// What one run did for one source (`sync_run_sources`) and how the run as a whole came out (`sync_runs`).
    public struct SourceRun: Sendable, Hashable {
        public let runID: UUID
        public let kind: String
        public let startedAt: Date
        public let finishedAt: Date?
        /// `running`, `succeeded`, `partial`, `failed` or `abandoned`: the whole run's outcome.
        public let outcome: String
        public let pulled: Int
        public let newVersions: Int
        /// Versions that only brought back values we pushed.
        public let echoes: Int
        public let quarantined: Int
        public let deleted: Int
        public let pushed: Int
        public let pushFailed: Int
        /// This source's error in the run, if it had one.
        public let error: String?
        /// The run's own error (a lock not taken, a job that failed), if any.
        public let runError: String?
    }

    /// A configured source with its newest runs first (none when it never ran).
    public struct SourceStatus: Sendable, Hashable {
        public let name: String
        public let kind: String
        public let createdAt: Date
        public let updatedAt: Date
        public let runs: [SourceRun]
    }

    /// A value landing kept aside: the record was stored with the field empty.
    public struct QuarantinedValue: Sendable, Hashable {
        public let sourceRecordID: UUID
        public let source: String
        public let sourceKey: String
        public let version: Int
        public let field: String
        public let rawValue: String?
        public let reasonCode: String
        public let reason: String
        public let runID: UUID?
        public let createdAt: Date
    }

    /// A file row that never became a record, with where it was.
    public struct RejectedRowEntry: Sendable, Hashable {
        public let rejectedRowID: UUID
        public let source: String
        public let file: String
        public let line: Int
        public let reasonCode: String
        public let reason: String
        public let rawText: String?
        public let rawBytes: [UInt8]
        public let runID: UUID?
        public let createdAt: Date
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// Every source by name, each with its `runsPerSource` newest runs.
    public func sources(runsPerSource: Int) async throws -> [SourceStatus] {
        let rows = try await database.client.query(
            """
            SELECT s.name, s.kind, s.created_at, s.updated_at,
                   r.run_id, r.kind, r.started_at, r.finished_at, r.outcome, r.pulled, r.new_versions, r.quarantined,
                   r.deleted, r.pushed, r.push_failed, r.source_error, r.run_error, r.echoes
            FROM sources AS s
            LEFT JOIN LATERAL (
                SELECT u.run_id, u.kind, u.started_at, u.finished_at, u.outcome, x.pulled, x.new_versions,
                       x.quarantined, x.deleted, x.pushed, x.push_failed, x.error AS source_error, u.error AS run_error,
                       x.echoes
                FROM sync_run_sources AS x JOIN sync_runs AS u ON u.run_id = x.run_id
                WHERE x.source = s.name
                ORDER BY u.started_at DESC, u.run_id DESC
                LIMIT \(runsPerSource)
            ) AS r ON true
            ORDER BY s.name, r.started_at DESC, r.run_id DESC
            """, logger: database.logger)
        var sources: [SourceStatus] = []
        var current: (name: String, kind: String, created: Date, updated: Date, runs: [SourceRun])?
        for try await row in rows.decode(
            (String, String, Date, Date, UUID?, String?, Date?, Date?, String?, Int?, Int?, Int?, Int?, Int?, Int?,
             String?, String?, Int?).self)
        {
            let (name, kind, created, updated) = (row.0, row.1, row.2, row.3)
            if current?.name != name {
                if let done = current {
                    sources.append(
                        SourceStatus(
                            name: done.name, kind: done.kind, createdAt: done.created, updatedAt: done.updated,
                            runs: done.runs))
                }
                current = (name, kind, created, updated, [])
            }
            // A source that never ran comes back once, with the run's columns null.
            guard let runID = row.4, let runKind = row.5, let started = row.6, let outcome = row.8 else { continue }
            current?.runs.append(
                SourceRun(
                    runID: runID, kind: runKind, startedAt: started, finishedAt: row.7, outcome: outcome,
                    pulled: row.9 ?? 0, newVersions: row.10 ?? 0, echoes: row.17 ?? 0, quarantined: row.11 ?? 0,
                    deleted: row.12 ?? 0,
                    pushed: row.13 ?? 0, pushFailed: row.14 ?? 0, error: row.15, runError: row.16))
        }
        if let done = current {
            sources.append(
                SourceStatus(
                    name: done.name, kind: done.kind, createdAt: done.created, updatedAt: done.updated,
                    runs: done.runs))
        }
        return sources
    }

    /// Open quarantined values, newest first, of one source or all.
    public func openQuarantine(source: String?, limit: Int) async throws -> [QuarantinedValue] {
        let rows = try await database.client.query(
            """
            SELECT q.source_record_id, s.source, s.source_key, q.version, q.field, q.raw_value, q.reason_code, q.reason,
                   q.run_id, q.created_at
            FROM quarantine AS q JOIN source_records AS s ON s.source_record_id = q.source_record_id
            WHERE q.resolved_at IS NULL AND (\(source)::text IS NULL OR s.source = \(source))
            ORDER BY q.created_at DESC, q.source_record_id, q.version DESC, q.field
            LIMIT \(limit)
            """, logger: database.logger)
        var values: [QuarantinedValue] = []
        for try await (id, source, key, version, field, raw, code, reason, run, created) in rows.decode(
            (UUID, String, String, Int, String, String?, String, String, UUID?, Date).self)
        {
            values.append(
                QuarantinedValue(
                    sourceRecordID: id, source: source, sourceKey: key, version: version, field: field, rawValue: raw,
                    reasonCode: code, reason: reason, runID: run, createdAt: created))
        }
        return values
    }

    /// Open rejected rows, newest first, of one source or all.
    public func openRejectedRows(source: String?, limit: Int) async throws -> [RejectedRowEntry] {
        let rows = try await database.client.query(
            """
            SELECT rejected_row_id, source, file, line, reason_code, reason, raw_text, raw_bytes, run_id, created_at
            FROM rejected_rows
            WHERE resolved_at IS NULL AND (\(source)::text IS NULL OR source = \(source))
            ORDER BY created_at DESC, rejected_row_id DESC
            LIMIT \(limit)
            """, logger: database.logger)
        var found: [RejectedRowEntry] = []
        for try await (id, source, file, line, code, reason, text, bytes, run, created) in rows.decode(
            (UUID, String, String, Int, String, String, String?, ByteBuffer, UUID?, Date).self)
        {
            found.append(
                RejectedRowEntry(
                    rejectedRowID: id, source: source, file: file, line: line, reasonCode: code, reason: reason,
                    rawText: text, rawBytes: Array(buffer: bytes), runID: run, createdAt: created))
        }
        return found
    }
}
