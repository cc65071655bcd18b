import Foundation
import Logging
import PostgresNIO

/// The outbox: deltas waiting for their source, written with the golden change they come from and delivered at
/// least once.
///
/// A row's key (source record, golden id, golden version) is its idempotency key. A push claims due rows by
/// leasing them (`in_flight` until `next_attempt_at`), so a killed push leaves rows that become due again when the
/// lease ends, never lost. For one source record, rows go out in the order they were written: a row is due only
/// when no older row of that record is still undelivered.
public struct OutboxRepository: Sendable {
    /// One delta to push.
    public struct Row: Sendable, Hashable {
        public let sourceRecordID: UUID
        public let goldenID: UUID
        public let goldenVersion: Int
        public let sourceKey: String
        public let deltaJSON: String
        /// Attempts including the one this claim starts.
        public let attempts: Int
        /// The source's modified time of the version the delta was computed from (the current one for rows written
        /// before that was recorded): a record the source shows as modified later changed since (a conflict).
        public var pulledModifiedAt: Date? = nil
        /// `organization` or `person`.
        public var entity: String = ""

        public var key: Key { Key(sourceRecordID: sourceRecordID, goldenID: goldenID, goldenVersion: goldenVersion) }
    }

    public struct Key: Sendable, Hashable {
        public let sourceRecordID: UUID
        public let goldenID: UUID
        public let goldenVersion: Int
    }

    /// Counts by state for one source (all sources when `nil`).
    public struct Counts: Sendable, Hashable, Codable {
        public var pending = 0
        public var inFlight = 0
        public var acked = 0
        public var failed = 0
        public var parked = 0
        /// Gave way to a newer delta after the record changed at the source (kept, with the reason).
        public var superseded = 0

        enum CodingKeys: String, CodingKey {
            case pending, acked, failed, parked, superseded
            case inFlight = "in_flight"
        }
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// Leases up to `limit` due rows of `source`, at most one per source record (its oldest undelivered), oldest
    /// first. A row whose lease ran out (a push that died) is due again.
    public func claim(source: String, limit: Int, lease: Duration = .seconds(300)) async throws -> [Row] {
        let leaseSeconds = Double(lease.components.seconds)
        let logger = database.logger
        return try await database.client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    SELECT o.source_record_id, o.golden_id, o.golden_version, s.source_key, o.delta::text, o.attempts,
                        coalesce(v.modified_at, s.modified_at), s.entity
                    FROM outbox AS o JOIN source_records AS s ON s.source_record_id = o.source_record_id
                    LEFT JOIN raw_record_versions AS v
                        ON v.source_record_id = o.source_record_id AND v.version = o.source_version
                    WHERE o.source = \(source) AND o.state IN ('pending', 'failed', 'in_flight')
                      AND o.next_attempt_at <= now()
                      AND NOT EXISTS (
                          SELECT 1 FROM outbox AS e
                          WHERE e.source_record_id = o.source_record_id AND e.state IN ('pending', 'failed', 'in_flight')
                            AND (e.created_at, e.golden_version) < (o.created_at, o.golden_version))
                    ORDER BY o.created_at, o.golden_version, o.source_record_id
                    LIMIT \(limit)
                    FOR UPDATE OF o SKIP LOCKED
                    """, logger: logger)
                var claimed: [Row] = []
                var seen = Set<UUID>()
                for try await (record, golden, version, key, delta, attempts, modified, entity) in rows.decode(
                    (UUID, UUID, Int, String, String, Int, Date?, String).self)
                {
                    guard seen.insert(record).inserted else { continue }
                    claimed.append(
                        Row(
                            sourceRecordID: record, goldenID: golden, goldenVersion: version, sourceKey: key,
                            deltaJSON: delta, attempts: attempts + 1, pulledModifiedAt: modified, entity: entity))
                }
                guard !claimed.isEmpty else { return [] }
                try await connection.query(
                    """
                    UPDATE outbox AS o SET state = 'in_flight', attempts = o.attempts + 1,
                        next_attempt_at = now() + make_interval(secs => \(leaseSeconds))
                    FROM unnest(\(claimed.map(\.sourceRecordID))::uuid[], \(claimed.map(\.goldenID))::uuid[],
                                \(claimed.map(\.goldenVersion))::integer[]) AS k (source_record_id, golden_id, golden_version)
                    WHERE (o.source_record_id, o.golden_id, o.golden_version)
                        = (k.source_record_id, k.golden_id, k.golden_version)
                    """, logger: logger)
                return claimed
            }
        }
    }

    /// The source applied these rows.
    public func acknowledge(_ keys: [Key]) async throws {
        guard !keys.isEmpty else { return }
        try await database.client.query(
            """
            UPDATE outbox AS o SET state = 'acked', acked_at = now(), last_error = NULL
            FROM unnest(\(keys.map(\.sourceRecordID))::uuid[], \(keys.map(\.goldenID))::uuid[],
                        \(keys.map(\.goldenVersion))::integer[]) AS k (source_record_id, golden_id, golden_version)
            WHERE (o.source_record_id, o.golden_id, o.golden_version) = (k.source_record_id, k.golden_id, k.golden_version)
            """, logger: database.logger)
    }

    /// The undelivered rows of these records (claimed or waiting) will not be sent: each record changed at the source
    /// after the pull its deltas were computed from, and was pulled and survived again, so whatever still differs
    /// goes out as a newer row. Kept with the record's reason, never deleted: the outbox is the history of what was
    /// meant to be sent.
    ///
    /// - Parameter reasons: source record id → why (which stamps disagreed).
    public func supersede(_ reasons: [UUID: String]) async throws {
        guard !reasons.isEmpty else { return }
        let ids = Array(reasons.keys)
        try await database.client.query(
            """
            UPDATE outbox AS o SET state = 'superseded', superseded_reason = k.reason
            FROM unnest(\(ids)::uuid[], \(ids.map { String(reasons[$0]!.prefix(2000)) })::text[])
                AS k (source_record_id, reason)
            WHERE o.source_record_id = k.source_record_id AND o.state IN ('pending', 'failed', 'in_flight')
            """, logger: database.logger)
    }

    /// The source refused these rows (or could not be reached): retry at `retryAt`, or park them (`dead`) with
    /// the error for a person to look at.
    public func fail(_ keys: [Key], error: String, retryAt: Date?) async throws {
        guard !keys.isEmpty else { return }
        let state = retryAt == nil ? "dead" : "failed"
        try await database.client.query(
            """
            UPDATE outbox AS o SET state = \(state), last_error = \(Self.storedError(error)),
                next_attempt_at = coalesce(\(retryAt), o.next_attempt_at)
            FROM unnest(\(keys.map(\.sourceRecordID))::uuid[], \(keys.map(\.goldenID))::uuid[],
                        \(keys.map(\.goldenVersion))::integer[]) AS k (source_record_id, golden_id, golden_version)
            WHERE (o.source_record_id, o.golden_id, o.golden_version) = (k.source_record_id, k.golden_id, k.golden_version)
            """, logger: database.logger)
    }

    /// An error as `last_error` keeps it: at most 2000 characters, its beginning and its end.
    ///
    /// An error says what was being done first and why it failed last (a ``ConnectorError`` names the request
    /// before its message), and the request can be long: a read-back names its URL with every id of the batch, 200
    /// of them in a Salesforce batch. Cutting the end would keep the ids and drop the reason, so the middle goes.
    static func storedError(_ error: String, limit: Int = 2000) -> String {
        guard error.count > limit else { return error }
        let gap = " … "
        let head = (limit - gap.count) / 2
        return String(error.prefix(head)) + gap + String(error.suffix(limit - gap.count - head))
    }

    /// Puts parked rows back in the queue (a person fixed the cause): of `source`, or of every source when `nil`.
    ///
    /// With `audit`, the note it makes from the number of rows that went back is written in the same transaction
    /// when any did, so the audit log names exactly the retries that happened. Returns how many rows went back.
    @discardableResult
    public func retryParked(
        source: String?, audit: (@Sendable (Int) -> AccessRepository.AuditNote)? = nil
    ) async throws -> Int {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = now()
                    WHERE state = 'dead' AND (\(source)::text IS NULL OR source = \(source))
                    RETURNING 1
                    """, logger: logger)
                var count = 0
                for try await _ in rows.decode(Int.self) { count += 1 }
                if count > 0, let audit {
                    try await AccessRepository.audit(audit(count), on: connection, logger: logger)
                }
                return count
            }
        }
    }

    public func counts(source: String? = nil) async throws -> Counts {
        let rows = try await database.client.query(
            """
            SELECT state, count(*)::bigint FROM outbox WHERE \(source)::text IS NULL OR source = \(source) GROUP BY state
            """, logger: database.logger)
        var counts = Counts()
        for try await (state, count) in rows.decode((String, Int).self) {
            switch state {
            case "pending": counts.pending = count
            case "in_flight": counts.inFlight = count
            case "acked": counts.acked = count
            case "failed": counts.failed = count
            case "dead": counts.parked = count
            case "superseded": counts.superseded = count
            default: break
            }
        }
        return counts
    }

    /// Parked rows with their errors, oldest first, of `source` or of every source: (source, source key, golden id,
    /// version, error).
    public func parked(source: String? = nil, limit: Int = 100) async throws
        -> [(source: String, sourceKey: String, goldenID: UUID, goldenVersion: Int, error: String)]
    {
        let rows = try await database.client.query(
            """
            SELECT o.source, s.source_key, o.golden_id, o.golden_version, coalesce(o.last_error, '')
            FROM outbox AS o JOIN source_records AS s ON s.source_record_id = o.source_record_id
            WHERE o.state = 'dead' AND (\(source)::text IS NULL OR o.source = \(source))
            ORDER BY o.created_at LIMIT \(limit)
            """, logger: database.logger)
        var found: [(String, String, UUID, Int, String)] = []
        for try await row in rows.decode((String, String, UUID, Int, String).self) { found.append(row) }
        return found.map { (source: $0.0, sourceKey: $0.1, goldenID: $0.2, goldenVersion: $0.3, error: $0.4) }
    }

    /// Source records among `ids` whose current version is the first to land after one of our pushes to them was
    /// acknowledged and is the echo of that push (landing judged it so, or could not judge: `echo` null). Returns the
    /// source's modified time of the version before it. A version landing judged a real change (a person's edit
    /// made after our push) keeps its own time.
    ///
    /// Survivorship uses that earlier time for such a record, so the echo of a push does not make the record the
    /// newest in its golden record (which would let "most recent" or trust decay flip a winner back and forth
    /// between sources). Driven from the outbox, so it costs nothing while nothing was pushed.
    ///
    /// - Parameter ids: the records to look at; `nil` for every record with an acknowledged push (cheaper than
    ///   binding a full run's million ids: the outbox side is the small one).
    public func echoBaseTimes(of ids: [UUID]?) async throws -> [UUID: Date] {
        if let ids, ids.isEmpty { return [:] }
        let rows = try await database.client.query(
            """
            SELECT o.source_record_id, max(p.modified_at)
            FROM outbox AS o
            JOIN source_records AS s ON s.source_record_id = o.source_record_id
            JOIN raw_record_versions AS p ON p.source_record_id = s.source_record_id AND p.version = s.version - 1
            JOIN raw_record_versions AS c ON c.source_record_id = s.source_record_id AND c.version = s.version
            WHERE (\(ids)::uuid[] IS NULL OR o.source_record_id = ANY(\(ids))) AND o.state = 'acked'
              AND o.acked_at > p.landed_at AND o.acked_at <= c.landed_at AND p.modified_at IS NOT NULL
              AND c.echo IS NOT FALSE
            GROUP BY o.source_record_id
            """, logger: database.logger)
        var times: [UUID: Date] = [:]
        for try await (id, modified) in rows.decode((UUID, Date?).self) {
            if let modified { times[id] = modified }
        }
        return times
    }

    /// Deltas acknowledged by `source` for rows written by `runID`, newest first: (source key, delta JSON).
    public func acknowledged(runID: UUID, source: String, limit: Int) async throws
        -> [(sourceKey: String, sourceRecordID: UUID, deltaJSON: String)]
    {
        let rows = try await database.client.query(
            """
            SELECT s.source_key, o.source_record_id, o.delta::text
            FROM outbox AS o JOIN source_records AS s ON s.source_record_id = o.source_record_id
            WHERE o.run_id = \(runID) AND o.source = \(source) AND o.state = 'acked'
            ORDER BY o.acked_at DESC, o.source_record_id LIMIT \(limit)
            """, logger: database.logger)
        var found: [(String, UUID, String)] = []
        for try await row in rows.decode((String, UUID, String).self) { found.append(row) }
        return found.map { (sourceKey: $0.0, sourceRecordID: $0.1, deltaJSON: $0.2) }
    }
}
