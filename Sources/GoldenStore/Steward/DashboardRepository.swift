import Foundation
import GoldenCore
import Logging
import PostgresNIO

/// The reads of the data-quality dashboard and the finance queue: per-source health, quarantine by reason with
/// examples, the score histogram, the review queue over time, the last runs, and organizations awaiting finance.
///
/// Each figure is one aggregate query over the store; nothing is cached or precomputed, so the page is as fresh
/// as the last run. On a Citus cluster the per-source query joins across co-location groups (source records to
/// golden records); that is a fan-out read a dashboard can afford, never a write path.
public struct DashboardRepository: Sendable {
    /// One source's health.
    public struct SourceHealth: Sendable, Hashable {
        public let source: String
        public let kind: String
        /// Live (not deleted) records.
        public let live: Int
        /// Live records with no open quarantine row: every identifier, phone and e-mail standardized and valid.
        public let clean: Int
        /// Live records whose golden record has another member: duplicates found (within or across sources).
        public let inDuplicates: Int
        /// Live records not modified for the staleness period.
        public let stale: Int
        /// Live records with a free-mail address (mail.ru, gmail.com…).
        public let freeMail: Int
        /// Live records with a role address (info@, sales@…).
        public let roleMail: Int
    }

    /// Open quarantine rows of one source and reason, with a few recent examples.
    public struct QuarantineGroup: Sendable, Hashable {
        public let source: String
        public let reasonCode: String
        public let count: Int
        /// `KEY · field = raw value`, newest first, at most three.
        public let examples: [String]
    }

    /// One finished sync run.
    public struct RunSummary: Sendable, Hashable {
        public let runID: UUID
        public let kind: String
        public let startedAt: Date
        public let finishedAt: Date?
        public let outcome: String?
        public let pulled: Int
        /// Versions that changed at the sources, and versions that only brought back values we pushed (echoes).
        public let newVersions: Int
        public let echoes: Int
        public let pushed: Int
        public let pushFailed: Int
        /// Candidates in the review queue (review or deferred) when the run ended.
        public let reviewQueue: Int
        /// Seconds per phase of the run (`phases_s` of a sync's summary), as JSON; `{}` when it has none.
        public let phasesJSON: String
    }

    /// An organization awaiting finance: its golden values and status, and whether an accounting record is a
    /// member.
    public struct FinanceEntry: Sendable, Hashable {
        public let goldenID: UUID
        public let status: String
        public let attributesJSON: String
        public let updatedAt: Date
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// Per-source health. `freeMailDomains` and `roleLocalParts` are the standardizer's own lists, so the
    /// dashboard counts what matching treats as free-mail and role addresses.
    public func sourceHealth(staleMonths: Int, freeMailDomains: [String], roleLocalParts: [String]) async throws
        -> [SourceHealth]
    {
        let rows = try await database.client.query(
            """
            SELECT s.source, coalesce(src.kind, ''),
                   count(*) FILTER (WHERE NOT s.deleted),
                   count(*) FILTER (WHERE NOT s.deleted AND NOT EXISTS (
                       SELECT 1 FROM quarantine AS q
                       WHERE q.source_record_id = s.source_record_id AND q.resolved_at IS NULL)),
                   count(*) FILTER (WHERE NOT s.deleted AND g.member_count > 1),
                   count(*) FILTER (WHERE NOT s.deleted
                       AND s.modified_at < now() - make_interval(months => \(staleMonths)::int)),
                   count(*) FILTER (WHERE NOT s.deleted AND EXISTS (
                       SELECT 1 FROM unnest(s.email_keys) AS e WHERE split_part(e, '@', 2) = ANY(\(freeMailDomains)))),
                   count(*) FILTER (WHERE NOT s.deleted AND EXISTS (
                       SELECT 1 FROM unnest(s.email_keys) AS e
                       WHERE split_part(split_part(split_part(e, '@', 1), '.', 1), '-', 1) = ANY(\(roleLocalParts))))
            FROM source_records AS s
            LEFT JOIN sources AS src ON src.name = s.source
            LEFT JOIN xref AS x ON x.source_record_id = s.source_record_id AND x.valid_to IS NULL
            LEFT JOIN golden_records AS g ON g.golden_id = x.golden_id
            GROUP BY s.source, src.kind
            ORDER BY s.source
            """, logger: database.logger)
        var found: [SourceHealth] = []
        for try await (source, kind, live, clean, duplicates, stale, free, role) in rows.decode(
            (String, String, Int, Int, Int, Int, Int, Int).self)
        {
            found.append(
                SourceHealth(
                    source: source, kind: kind, live: live, clean: clean, inDuplicates: duplicates, stale: stale,
                    freeMail: free, roleMail: role))
        }
        return found
    }

    /// Open quarantine grouped by source and reason, largest groups first per source.
    public func quarantineGroups(limit: Int) async throws -> [QuarantineGroup] {
        let rows = try await database.client.query(
            """
            SELECT s.source, q.reason_code, count(*),
                   (array_agg(s.source_key || ' · ' || q.field || ' = ' || coalesce(q.raw_value, '')
                              ORDER BY q.created_at DESC))[1:3]
            FROM quarantine AS q JOIN source_records AS s ON s.source_record_id = q.source_record_id
            WHERE q.resolved_at IS NULL
            GROUP BY s.source, q.reason_code
            ORDER BY s.source, count(*) DESC, q.reason_code
            LIMIT \(limit)
            """, logger: database.logger)
        var found: [QuarantineGroup] = []
        for try await (source, reason, count, examples) in rows.decode((String, String, Int, [String]).self) {
            found.append(QuarantineGroup(source: source, reasonCode: reason, count: count, examples: examples))
        }
        return found
    }

    /// How many scored pairs fall in each of `bins` equal probability bands (index 0 is [0, 1/bins)).
    public func scoreHistogram(bins: Int) async throws -> [Int] {
        var counts = [Int](repeating: 0, count: bins)
        let rows = try await database.client.query(
            """
            SELECT least(width_bucket(probability, 0.0::float8, 1.0::float8, \(bins)::int), \(bins)::int) - 1, count(*)
            FROM match_candidates GROUP BY 1
            """, logger: database.logger)
        for try await (bin, count) in rows.decode((Int, Int).self) where counts.indices.contains(bin) {
            counts[bin] = count
        }
        return counts
    }

    /// The last `limit` runs, newest first, with what they pulled and pushed and the review queue at their end.
    ///
    /// The queue at a run's end is every pair a run up to it put in review that was not yet decided: still open, or
    /// decided (its `updated_at`) after that run ended. Only pairs that ever were in review are read, once (the
    /// `reviewed` CTE, materialized because it is referenced per run): linked and not-linked pairs, the bulk of
    /// the table, are never scanned per run.
    public func recentRuns(limit: Int) async throws -> [RunSummary] {
        let rows = try await database.client.query(
            """
            WITH reviewed AS MATERIALIZED (
                SELECT c.started_at AS queued_at, m.status, m.updated_at
                FROM match_candidates AS m JOIN sync_runs AS c ON c.run_id = m.run_id
                WHERE m.status IN ('review', 'deferred', 'approved', 'rejected', 'stale')
            )
            SELECT r.run_id, r.kind, r.started_at, r.finished_at, r.outcome,
                   coalesce(p.pulled, 0)::bigint, coalesce(p.new_versions, 0)::bigint, coalesce(p.echoes, 0)::bigint,
                   coalesce(p.pushed, 0)::bigint, coalesce(p.failed, 0)::bigint,
                   (SELECT count(*) FROM reviewed AS q
                    WHERE q.queued_at <= r.started_at
                      AND (q.status IN ('review', 'deferred') OR q.updated_at > coalesce(r.finished_at, now()))),
                   coalesce(r.counts->'phases_s', '{}'::jsonb)::text
            FROM sync_runs AS r
            LEFT JOIN LATERAL (
                SELECT sum(s.pulled) AS pulled, sum(s.new_versions) AS new_versions, sum(s.echoes) AS echoes,
                       sum(s.pushed) AS pushed, sum(s.push_failed) AS failed
                FROM sync_run_sources AS s WHERE s.run_id = r.run_id
            ) AS p ON true
            ORDER BY r.started_at DESC
            LIMIT \(limit)
            """, logger: database.logger)
        var found: [RunSummary] = []
        for try await (id, kind, started, finished, outcome, pulled, versions, echoes, pushed, failed, queue, phases)
            in rows.decode((UUID, String, Date, Date?, String?, Int, Int, Int, Int, Int, Int, String).self)
        {
            found.append(
                RunSummary(
                    runID: id, kind: kind, startedAt: started, finishedAt: finished, outcome: outcome, pulled: pulled,
                    newVersions: versions, echoes: echoes, pushed: pushed, pushFailed: failed, reviewQueue: queue,
                    phasesJSON: phases))
        }
        return found
    }

    /// Pairs waiting for a steward (in review or deferred).
    public func reviewQueueSize() async throws -> Int {
        let rows = try await database.client.query(
            "SELECT count(*) FROM match_candidates WHERE status IN ('review', 'deferred')", logger: database.logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    /// Parked outbox deltas per source.
    public func parkedDeltas() async throws -> [(source: String, count: Int)] {
        let rows = try await database.client.query(
            "SELECT source, count(*) FROM outbox WHERE state = 'parked' GROUP BY source ORDER BY source",
            logger: database.logger)
        var found: [(source: String, count: Int)] = []
        for try await (source, count) in rows.decode((String, Int).self) { found.append((source, count)) }
        return found
    }

    /// Active organizations with `status` (`matched`: an accounting record is a member and finance has not
    /// confirmed yet; `provisional`: CRM-only), most recently changed first.
    public func organizations(status: String, limit: Int, offset: Int) async throws -> [FinanceEntry] {
        let rows = try await database.client.query(
            """
            SELECT golden_id, status, attributes::text, updated_at FROM golden_records
            WHERE entity = 'organization' AND state = 'active' AND status = \(status)
            ORDER BY updated_at DESC, golden_id
            LIMIT \(limit) OFFSET \(offset)
            """, logger: database.logger)
        var found: [FinanceEntry] = []
        for try await (id, status, attributes, updated) in rows.decode((UUID, String, String, Date).self) {
            found.append(FinanceEntry(goldenID: id, status: status, attributesJSON: attributes, updatedAt: updated))
        }
        return found
    }

    /// The current members of golden records with their standardized attributes and their source's kind, for
    /// showing the accounting record beside the CRM view.
    public func memberRecords(of goldenIDs: [UUID]) async throws -> [UUID: [MemberRecord]] {
        guard !goldenIDs.isEmpty else { return [:] }
        let rows = try await database.client.query(
            """
            SELECT x.golden_id, s.source_record_id, s.source, coalesce(src.kind, ''), s.source_key, s.attributes::text,
                   s.modified_at
            FROM xref AS x
            JOIN source_records AS s ON s.source_record_id = x.source_record_id
            LEFT JOIN sources AS src ON src.name = s.source
            WHERE x.golden_id = ANY(\(goldenIDs)) AND x.valid_to IS NULL
            ORDER BY x.golden_id, s.source, s.source_key
            """, logger: database.logger)
        var found: [UUID: [MemberRecord]] = [:]
        for try await (golden, id, source, kind, key, attributes, modified) in rows.decode(
            (UUID, UUID, String, String, String, String, Date?).self)
        {
            found[golden, default: []].append(
                MemberRecord(
                    sourceRecordID: id, source: source, kind: kind, key: key, attributesJSON: attributes,
                    modifiedAt: modified))
        }
        return found
    }

    /// A member source record of a golden record.
    public struct MemberRecord: Sendable, Hashable {
        public let sourceRecordID: UUID
        public let source: String
        /// The source's connector kind (`salesforce`, `1c-xml`…).
        public let kind: String
        public let key: String
        public let attributesJSON: String
        public let modifiedAt: Date?
    }

    /// The scored pairs between records of `ids` (both sides in the set): a cluster's edges.
    public func pairs(among ids: [UUID], limit: Int) async throws
        -> [(leftID: UUID, rightID: UUID, probability: Double, status: String)]
    {
        guard ids.count > 1 else { return [] }
        let rows = try await database.client.query(
            """
            SELECT left_id, right_id, probability, status FROM match_candidates
            WHERE left_id = ANY(\(ids)) AND right_id = ANY(\(ids))
            ORDER BY probability DESC LIMIT \(limit)
            """, logger: database.logger)
        var found: [(leftID: UUID, rightID: UUID, probability: Double, status: String)] = []
        for try await (left, right, probability, status) in rows.decode((UUID, UUID, Double, String).self) {
            found.append((left, right, probability, status))
        }
        return found
    }

    /// The names of the configured sources, for filters.
    public func sourceNames() async throws -> [String] {
        let rows = try await database.client.query("SELECT name FROM sources ORDER BY name", logger: database.logger)
        var names: [String] = []
        for try await name in rows.decode(String.self) { names.append(name) }
        return names
    }
}
