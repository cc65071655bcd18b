import Foundation
import GoldenCore
import Logging
import PostgresNIO

/// The reads a steward, finance or a script makes through the REST API: the filtered review queue, one candidate
/// with both records, golden search, membership with sources, version history, the audit log and quality counts.
///
/// Read-only except ``deferCandidate(leftID:rightID:audit:)``. Lists are bounded by a caller-given limit.
public struct StewardReadRepository: Sendable {
    /// A pair in the review queue.
    public struct QueueEntry: Sendable, Hashable {
        public let leftID: UUID
        public let rightID: UUID
        public let entity: String
        public let probability: Double
        public let matchWeight: Double
        public let status: String
        public let leftSource: String
        public let rightSource: String
        public let updatedAt: Date
    }

    /// One side of a candidate pair.
    public struct PairRecord: Sendable, Hashable {
        public let sourceRecordID: UUID
        public let source: String
        public let sourceKey: String
        public let deleted: Bool
        public let attributesJSON: String
        public let goldenID: UUID?
    }

    /// One candidate with its explanation and both records.
    public struct CandidateDetail: Sendable, Hashable {
        public let entry: QueueEntry
        public let explanationJSON: String
        public let modelVersion: Int?
        public let decisionID: UUID?
        public let left: PairRecord?
        public let right: PairRecord?
    }

    /// A golden record found by search.
    public struct SearchHit: Sendable, Hashable {
        public let goldenID: UUID
        public let entity: String
        public let status: String
        public let attributesJSON: String
    }

    /// A member of a golden record with where it came from.
    public struct Member: Sendable, Hashable {
        public let sourceRecordID: UUID
        public let source: String
        public let sourceKey: String
        public let since: Date
        public let reason: String
    }

    /// One golden version as history shows it.
    public struct Version: Sendable, Hashable {
        public let version: Int
        public let change: String
        public let status: String
        public let createdAt: Date
        public let actor: String?
        public let runID: UUID?
        public let decisionID: UUID?
        public let memberCount: Int?
        public let related: [UUID]
    }

    /// One audit row.
    public struct AuditEntry: Sendable, Hashable {
        public let auditID: UUID
        public let at: Date
        public let actor: String
        public let action: String
        public let subject: String?
        public let detailsJSON: String
    }

    /// Counts for the data-quality page.
    public struct QualityCounts: Sendable {
        public var golden: [(entity: String, state: String, status: String, count: Int)]
        public var candidates: [(entity: String, status: String, count: Int)]
        public var sourceRecords: [(source: String, entity: String, live: Int, deleted: Int)]
        public var quarantine: [(reason: String, open: Int)]
        public var openProposals: Int
        public var outbox: [(state: String, count: Int)]
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// Open pairs, most uncertain first (probability nearest 0.5), filtered by entity, by a source on either side
    /// and by a probability band. The page is chosen first and only its pairs look up their records' sources (a
    /// join over the whole queue cost 24 ms at 900 open pairs and 100k golden records).
    public func reviewQueue(
        entity: String?, source: String?, minProbability: Double?, maxProbability: Double?, limit: Int, offset: Int
    ) async throws -> [QueueEntry] {
        let rows = try await database.client.query(
            """
            WITH page AS MATERIALIZED (
                SELECT m.left_id, m.right_id, m.entity, m.probability, m.match_weight, m.status, m.updated_at
                FROM match_candidates AS m
                WHERE m.status = 'review'
                  AND (\(entity)::text IS NULL OR m.entity = \(entity))
                  AND (\(minProbability)::float8 IS NULL OR m.probability >= \(minProbability))
                  AND (\(maxProbability)::float8 IS NULL OR m.probability <= \(maxProbability))
                  AND (\(source)::text IS NULL OR EXISTS (
                        SELECT 1 FROM source_records AS s
                        WHERE s.source_record_id IN (m.left_id, m.right_id) AND s.source = \(source)))
                ORDER BY abs(m.probability - 0.5), m.left_id, m.right_id
                LIMIT \(limit) OFFSET \(offset))
            SELECT p.left_id, p.right_id, p.entity, p.probability, p.match_weight, p.status, l.source, r.source,
                   p.updated_at
            FROM page AS p
            JOIN source_records AS l ON l.source_record_id = p.left_id
            JOIN source_records AS r ON r.source_record_id = p.right_id
            ORDER BY abs(p.probability - 0.5), p.left_id, p.right_id
            """, logger: database.logger)
        var entries: [QueueEntry] = []
        for try await (left, right, entity, probability, weight, status, leftSource, rightSource, updated) in rows
            .decode((UUID, UUID, String, Double, Double, String, String, String, Date).self)
        {
            entries.append(
                QueueEntry(
                    leftID: left, rightID: right, entity: entity, probability: probability, matchWeight: weight,
                    status: status, leftSource: leftSource, rightSource: rightSource, updatedAt: updated))
        }
        return entries
    }

    /// One candidate pair (either order) with its explanation and both records, or `nil`.
    public func candidate(leftID: UUID, rightID: UUID) async throws -> CandidateDetail? {
        let (left, right) = rightID.isOlder(than: leftID) ? (rightID, leftID) : (leftID, rightID)
        let rows = try await database.client.query(
            """
            SELECT m.left_id, m.right_id, m.entity, m.probability, m.match_weight, m.status, m.updated_at,
                   m.explanation::text, m.model_version, m.decision_id
            FROM match_candidates AS m WHERE m.left_id = \(left) AND m.right_id = \(right)
            """, logger: database.logger)
        var found: (UUID, UUID, String, Double, Double, String, Date, String, Int?, UUID?)?
        for try await row in rows.decode((UUID, UUID, String, Double, Double, String, Date, String, Int?, UUID?).self) {
            found = row
        }
        guard let (l, r, entity, probability, weight, status, updated, explanation, model, decision) = found else {
            return nil
        }
        let records = try await pairRecords([l, r])
        let entry = QueueEntry(
            leftID: l, rightID: r, entity: entity, probability: probability, matchWeight: weight, status: status,
            leftSource: records[l]?.source ?? "", rightSource: records[r]?.source ?? "", updatedAt: updated)
        return CandidateDetail(
            entry: entry, explanationJSON: explanation, modelVersion: model, decisionID: decision, left: records[l],
            right: records[r])
    }

    private func pairRecords(_ ids: [UUID]) async throws -> [UUID: PairRecord] {
        let rows = try await database.client.query(
            """
            SELECT s.source_record_id, s.source, s.source_key, s.deleted, s.attributes::text, x.golden_id
            FROM source_records AS s
            LEFT JOIN xref AS x ON x.source_record_id = s.source_record_id AND x.valid_to IS NULL
            WHERE s.source_record_id = ANY(\(ids))
            """, logger: database.logger)
        var records: [UUID: PairRecord] = [:]
        for try await (id, source, key, deleted, attributes, golden) in rows.decode(
            (UUID, String, String, Bool, String, UUID?).self)
        {
            records[id] = PairRecord(
                sourceRecordID: id, source: source, sourceKey: key, deleted: deleted, attributesJSON: attributes,
                goldenID: golden)
        }
        return records
    }

    /// Puts an open pair aside (`deferred`): it leaves the queue until a run scores it differently. Returns false
    /// when the pair is not open.
    public func deferCandidate(leftID: UUID, rightID: UUID, audit: AccessRepository.AuditNote) async throws -> Bool {
        let (left, right) = rightID.isOlder(than: leftID) ? (rightID, leftID) : (leftID, rightID)
        let logger = database.logger
        return try await database.client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    UPDATE match_candidates SET status = 'deferred', updated_at = now()
                    WHERE left_id = \(left) AND right_id = \(right) AND status = 'review'
                    RETURNING left_id
                    """, logger: logger)
                var changed = false
                for try await _ in rows.decode(UUID.self) { changed = true }
                if changed { try await AccessRepository.audit(audit, on: connection, logger: logger) }
                return changed
            }
        }
    }

    /// Active golden records whose search keys contain every one of `keys` (see migration 8), by id.
    ///
    /// `nameWords` are folded by the same SQL function as the index, so a query's spelling (Cyrillic or Latin)
    /// meets the stored one; `exactKeys` are already in key form (`d:` digits, `e:` e-mail).
    public func search(
        nameWords: [String], exactKeys: [String], entity: String?, limit: Int
    ) async throws -> [SearchHit] {
        // The hits are found first (through the GIN index: nothing else can answer the containment) and ordered
        // after: ordering by golden id inside would invite a walk of the primary key that evaluates the key function
        // on every row until enough match.
        let rows = try await database.client.query(
            """
            WITH hits AS MATERIALIZED (
                SELECT g.golden_id, g.entity, g.status, g.attributes
                FROM golden_records AS g
                WHERE g.state = 'active'
                  AND g.search_keys @> (
                        SELECT coalesce(array_agg(DISTINCT k), '{}') FROM (
                            SELECT 'n:' || w AS k
                            FROM unnest(\(nameWords)::text[]) AS q,
                                 regexp_split_to_table(golden_search_fold(q), '[^a-z0-9]+') AS w
                            WHERE w <> ''
                            UNION ALL SELECT unnest(\(exactKeys)::text[])) AS keys)
                  AND (\(entity)::text IS NULL OR g.entity = \(entity))
                LIMIT 1000)
            SELECT golden_id, entity, status, attributes::text FROM hits ORDER BY golden_id LIMIT \(limit)
            """, logger: database.logger)
        var hits: [SearchHit] = []
        for try await (id, entity, status, attributes) in rows.decode((UUID, String, String, String).self) {
            hits.append(SearchHit(goldenID: id, entity: entity, status: status, attributesJSON: attributes))
        }
        return hits
    }

    /// A member of a golden record as matching reads it (search-before-create).
    public struct MatchInput: Sendable, Hashable {
        public let goldenID: UUID
        public let sourceRecordID: UUID
        public let source: String
        public let sourceKey: String
        /// What landing stored for matching; `nil` for records landed before it was stored.
        public let matchValues: String?
    }

    /// Active golden records of `entity` that could be the candidate described by `documentJSON` (a golden-shaped
    /// document): those sharing an identifier key (INN, OGRN, phone digits, e-mail) and those holding every name word,
    /// each set bounded, most shared keys first. Both are answered by the GIN index of migration 8; a name word alone
    /// is not enough, since one such as "ooo" is in a fifth of all records.
    public func goldenSharingKeys(documentJSON: String, entity: String, limit: Int) async throws -> [UUID] {
        let rows = try await database.client.query(
            """
            WITH query AS (SELECT golden_search_keys(\(documentJSON)::jsonb) AS keys),
            identifiers AS (SELECT array_agg(k) AS keys FROM query, unnest(query.keys) AS k WHERE k NOT LIKE 'n:%'),
            names AS (SELECT array_agg(k) AS keys FROM query, unnest(query.keys) AS k WHERE k LIKE 'n:%'),
            hits AS MATERIALIZED (
                (SELECT g.golden_id, g.search_keys FROM golden_records AS g
                 WHERE g.state = 'active' AND g.entity = \(entity)
                   AND g.search_keys && (SELECT keys FROM identifiers)
                 LIMIT 500)
                UNION
                (SELECT g.golden_id, g.search_keys FROM golden_records AS g
                 WHERE g.state = 'active' AND g.entity = \(entity)
                   AND g.search_keys @> (SELECT keys FROM names)
                 LIMIT 500))
            SELECT h.golden_id FROM hits AS h, query AS q
            ORDER BY cardinality(ARRAY(
                        SELECT unnest(h.search_keys) INTERSECT SELECT unnest(q.keys))) DESC,
                     h.golden_id
            LIMIT \(limit)
            """, logger: database.logger)
        var ids: [UUID] = []
        for try await id in rows.decode(UUID.self) { ids.append(id) }
        return ids
    }

    /// The newest stored match model version of `entity` (one index probe; the model itself is large).
    public func latestModelVersion(entity: String) async throws -> Int? {
        let rows = try await database.client.query(
            "SELECT max(version) FROM match_models WHERE entity = \(entity)", logger: database.logger)
        for try await version in rows.decode(Int?.self) { return version }
        return nil
    }

    /// The live members of `goldenIDs` with their stored match values.
    public func matchInputs(goldenIDs: [UUID]) async throws -> [MatchInput] {
        guard !goldenIDs.isEmpty else { return [] }
        let rows = try await database.client.query(
            """
            SELECT x.golden_id, s.source_record_id, s.source, s.source_key, s.match_values
            FROM xref AS x JOIN source_records AS s ON s.source_record_id = x.source_record_id
            WHERE x.golden_id = ANY(\(goldenIDs)) AND x.valid_to IS NULL AND NOT s.deleted
            ORDER BY s.source_record_id
            """, logger: database.logger)
        var inputs: [MatchInput] = []
        for try await (golden, id, source, key, values) in rows.decode((UUID, UUID, String, String, String?).self) {
            inputs.append(
                MatchInput(goldenID: golden, sourceRecordID: id, source: source, sourceKey: key, matchValues: values))
        }
        return inputs
    }

    /// The current golden id of each of `sourceRecordIDs` that has one.
    public func currentGolden(of sourceRecordIDs: [UUID]) async throws -> [UUID: UUID] {
        guard !sourceRecordIDs.isEmpty else { return [:] }
        let rows = try await database.client.query(
            """
            SELECT source_record_id, golden_id FROM xref
            WHERE source_record_id = ANY(\(sourceRecordIDs)) AND valid_to IS NULL
            """, logger: database.logger)
        var golden: [UUID: UUID] = [:]
        for try await (record, id) in rows.decode((UUID, UUID).self) { golden[record] = id }
        return golden
    }

    /// The current members of a golden record with their source, key and since when.
    public func members(of goldenID: UUID) async throws -> [Member] {
        let rows = try await database.client.query(
            """
            SELECT x.source_record_id, s.source, s.source_key, x.valid_from, x.reason
            FROM xref AS x JOIN source_records AS s ON s.source_record_id = x.source_record_id
            WHERE x.golden_id = \(goldenID) AND x.valid_to IS NULL
            ORDER BY s.source, s.source_key
            """, logger: database.logger)
        var members: [Member] = []
        for try await (id, source, key, since, reason) in rows.decode((UUID, String, String, Date, String).self) {
            members.append(Member(sourceRecordID: id, source: source, sourceKey: key, since: since, reason: reason))
        }
        return members
    }

    /// Every version of a golden record, oldest first, with who or what caused it.
    public func versions(of goldenID: UUID) async throws -> [Version] {
        let rows = try await database.client.query(
            """
            SELECT v.version, v.change, v.status, v.created_at, u.login, v.run_id, v.decision_id,
                   cardinality(v.members), v.related
            FROM golden_versions AS v LEFT JOIN users AS u ON u.user_id = v.actor_id
            WHERE v.golden_id = \(goldenID)
            ORDER BY v.version
            """, logger: database.logger)
        var versions: [Version] = []
        for try await (version, change, status, created, actor, run, decision, members, related) in rows.decode(
            (Int, String, String, Date, String?, UUID?, UUID?, Int?, [UUID]).self)
        {
            versions.append(
                Version(
                    version: version, change: change, status: status, createdAt: created, actor: actor, runID: run,
                    decisionID: decision, memberCount: members, related: related))
        }
        return versions
    }

    /// Audit rows, newest first, filtered by actor, action prefix and subject; `before` pages backwards.
    public func auditLog(
        actor: String?, actionPrefix: String?, subject: String?, before: Date?, limit: Int
    ) async throws -> [AuditEntry] {
        let rows = try await database.client.query(
            """
            SELECT audit_id, at, actor, action, subject, details::text FROM audit_log
            WHERE (\(actor)::text IS NULL OR actor = \(actor))
              AND (\(actionPrefix)::text IS NULL OR starts_with(action, \(actionPrefix)))
              AND (\(subject)::text IS NULL OR subject = \(subject))
              AND (\(before)::timestamptz IS NULL OR at < \(before))
            ORDER BY at DESC, audit_id DESC
            LIMIT \(limit)
            """, logger: database.logger)
        var entries: [AuditEntry] = []
        for try await (id, at, actor, action, subject, details) in rows.decode(
            (UUID, Date, String, String, String?, String).self)
        {
            entries.append(
                AuditEntry(auditID: id, at: at, actor: actor, action: action, subject: subject, detailsJSON: details))
        }
        return entries
    }

    /// Counts over golden records, candidates, source records, quarantine, proposals and the outbox.
    public func qualityCounts() async throws -> QualityCounts {
        let logger = database.logger
        var counts = QualityCounts(
            golden: [], candidates: [], sourceRecords: [], quarantine: [], openProposals: 0, outbox: [])
        var rows = try await database.client.query(
            """
            SELECT entity, state, status, count(*) FROM golden_records GROUP BY entity, state, status
            ORDER BY entity, state, status
            """, logger: logger)
        for try await row in rows.decode((String, String, String, Int).self) { counts.golden.append(row) }
        rows = try await database.client.query(
            "SELECT entity, status, count(*) FROM match_candidates GROUP BY entity, status ORDER BY entity, status",
            logger: logger)
        for try await row in rows.decode((String, String, Int).self) { counts.candidates.append(row) }
        rows = try await database.client.query(
            """
            SELECT source, entity, count(*) FILTER (WHERE NOT deleted), count(*) FILTER (WHERE deleted)
            FROM source_records GROUP BY source, entity ORDER BY source, entity
            """, logger: logger)
        for try await row in rows.decode((String, String, Int, Int).self) { counts.sourceRecords.append(row) }
        rows = try await database.client.query(
            """
            SELECT reason_code, count(*) FROM quarantine WHERE resolved_at IS NULL
            GROUP BY reason_code ORDER BY reason_code
            """, logger: logger)
        for try await row in rows.decode((String, Int).self) { counts.quarantine.append(row) }
        rows = try await database.client.query(
            "SELECT count(*) FROM golden_proposals WHERE status = 'open'", logger: logger)
        for try await open in rows.decode(Int.self) { counts.openProposals = open }
        rows = try await database.client.query(
            "SELECT state, count(*) FROM outbox GROUP BY state ORDER BY state", logger: logger)
        for try await row in rows.decode((String, Int).self) { counts.outbox.append(row) }
        return counts
    }
}
