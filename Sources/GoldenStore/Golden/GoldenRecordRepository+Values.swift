import Foundation
import GoldenCore
import Logging
import PostgresNIO

extension GoldenRecordRepository {
    /// What survivorship stored for an active golden record: the digest of its inputs and its finance status.
    public struct SurvivorshipState: Sendable, Hashable {
        public let input: Int64?
        public let valuesDigest: Int64?
        public let status: String
    }

    /// A golden record's current values as stored, with the lineage of the version that computed them.
    public struct StoredValues: Sendable, Hashable {
        public let goldenID: UUID
        public let entity: String
        public let state: String
        public let status: String
        public let lifecycle: String
        public let deadReason: String?
        public let version: Int
        public let lineageVersion: Int?
        public let attributesJSON: String
        /// The lineage document of the version that computed the values (`nil` before any survived).
        public let lineageJSON: String?
        public let confirmedAt: Date?

        public static func == (lhs: StoredValues, rhs: StoredValues) -> Bool {
            lhs.goldenID == rhs.goldenID && lhs.version == rhs.version
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(goldenID)
            hasher.combine(version)
        }
    }

    /// The active golden records of `entity` flagged to be computed again (`survived_input IS NULL`: a push
    /// conflict, a confirmation, an accepted proposal), through the partial index that counts them.
    public func goldenIDsToCompute(entity: String) async throws -> Set<UUID> {
        let rows = try await database.client.query(
            """
            SELECT golden_id FROM golden_records
            WHERE survived_input IS NULL AND state = 'active' AND entity = \(entity)
            """, logger: database.logger)
        var ids: Set<UUID> = []
        for try await id in rows.decode(UUID.self) { ids.insert(id) }
        return ids
    }

    /// The survivorship state of every active golden record of `entity`: one pass, no JSON, packed by the server
    /// (see `PackedRows`; a row per golden record cost about a second per entity at 1M records).
    ///
    /// - Parameter ids: only these golden records (a run that survives only the records its changes touch).
    public func survivorshipStates(entity: String, ids: [UUID]? = nil) async throws -> [UUID: SurvivorshipState] {
        // Per record: id (16), input (8), values digest (8), which of the two are NULL (1), status code (1).
        let rows = try await database.client.query(
            """
            SELECT string_agg(
                       uuid_send(golden_id) || int8send(coalesce(survived_input, 0))
                       || int8send(coalesce(values_digest, 0))
                       || set_byte(set_byte(decode('0000', 'hex'), 0,
                                            (survived_input IS NULL)::int + 2 * (values_digest IS NULL)::int),
                                   1, CASE status WHEN 'provisional' THEN 0 WHEN 'matched' THEN 1
                                                  WHEN 'confirmed' THEN 2 ELSE 255 END),
                       ''::bytea)
            FROM golden_records WHERE entity = \(entity) AND state = 'active'
              AND (\(ids)::uuid[] IS NULL OR golden_id = ANY(\(ids)::uuid[]))
            GROUP BY get_byte(uuid_send(golden_id), 0)
            """, logger: database.logger)
        let packed = try await PackedRows.bytes(rows)
        let statuses = ["provisional", "matched", "confirmed"]
        var states: [UUID: SurvivorshipState] = [:]
        states.reserveCapacity(packed.readableBytes / 34)
        try PackedRows.forEach(packed, width: 34) { bytes, offset in
            let nulls = bytes[offset + 32]
            let code = Int(bytes[offset + 33])
            guard code < statuses.count else {
                throw StoreError(.schemaTooNew, "golden record \(bytes.uuid(at: offset)) has a status this build does not know")
            }
            states[bytes.uuid(at: offset)] = SurvivorshipState(
                input: nulls & 1 == 0 ? bytes.int64(at: offset + 16) : nil,
                valuesDigest: nulls & 2 == 0 ? bytes.int64(at: offset + 24) : nil, status: statuses[code])
        }
        return states
    }

    /// Makes the next run compute these golden records again, whatever their inputs (a push to one of their members
    /// may or may not have been applied, and only a fresh comparison tells what still differs).
    public func forgetSurvivorshipInputs(_ ids: [UUID]) async throws {
        guard !ids.isEmpty else { return }
        try await database.client.query(
            "UPDATE golden_records SET survived_input = NULL WHERE golden_id = ANY(\(ids))", logger: database.logger)
    }

    /// Records the input digests of golden records whose recomputed values equal the stored ones: no version, but
    /// the next run skips them again.
    public func recordSurvivorshipInputs(_ inputs: [(goldenID: UUID, input: Int64)]) async throws {
        guard !inputs.isEmpty else { return }
        let ids = inputs.map(\.goldenID)
        let digests = inputs.map(\.input)
        try await database.client.query(
            """
            UPDATE golden_records AS g SET survived_input = u.input
            FROM unnest(\(ids)::uuid[], \(digests)::bigint[]) AS u (golden_id, input)
            WHERE g.golden_id = u.golden_id
            """, logger: database.logger)
    }

    /// The current lineage document of each of `ids` (records without lineage are left out).
    public func currentLineage(of ids: [UUID]) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await database.client.query(
            """
            SELECT v.golden_id, v.lineage::text
            FROM golden_records AS g
            JOIN golden_versions AS v ON v.golden_id = g.golden_id AND v.version = g.lineage_version
            WHERE g.golden_id = ANY(\(ids)) AND v.lineage IS NOT NULL
            """, logger: database.logger)
        var lineage: [UUID: String] = [:]
        for try await (id, json) in rows.decode((UUID, String).self) { lineage[id] = json }
        return lineage
    }

    /// One golden record's stored values and current lineage, without following merges.
    public func values(of id: UUID) async throws -> StoredValues? {
        let rows = try await database.client.query(
            """
            SELECT golden_id, entity, state, status, lifecycle, dead_reason, current_version, lineage_version,
                   attributes::text, confirmed_at
            FROM golden_records WHERE golden_id = \(id)
            """, logger: database.logger)
        var found: (UUID, String, String, String, String, String?, Int, Int?, String, Date?)?
        for try await row in rows.decode((UUID, String, String, String, String, String?, Int, Int?, String, Date?).self)
        {
            found = row
        }
        guard let (golden, entity, state, status, lifecycle, dead, version, lineageVersion, attributes, confirmed) = found
        else { return nil }
        var lineage: String?
        if let lineageVersion {
            let rows = try await database.client.query(
                "SELECT lineage::text FROM golden_versions WHERE golden_id = \(id) AND version = \(lineageVersion)",
                logger: database.logger)
            for try await row in rows.decode(String?.self) { lineage = row }
        }
        return StoredValues(
            goldenID: golden, entity: entity, state: state, status: status, lifecycle: lifecycle, deadReason: dead,
            version: version, lineageVersion: lineageVersion, attributesJSON: attributes,
            lineageJSON: lineage, confirmedAt: confirmed)
    }

    /// Marks an active organization confirmed by finance: a `confirm` version that carries the values and lineage
    /// it confirms, so the locked legal fields are exactly what finance saw.
    ///
    /// - Throws: ``StoreError`` (`invalidDecision`) when the record is not an active organization or is already
    ///   confirmed.
    public func confirm(_ id: UUID, cause: Cause) async throws {
        let logger = database.logger
        do {
            try await database.client.withConnection { connection in
                try await connection.withTransaction(logger: logger) { connection in
                    let rows = try await connection.query(
                        """
                        UPDATE golden_records SET status = 'confirmed', confirmed_at = now(),
                            confirmed_by = \(cause.actorID), current_version = current_version + 1, updated_at = now(),
                            survived_input = NULL
                        WHERE golden_id = \(id) AND state = 'active' AND entity = 'organization'
                          AND status <> 'confirmed'
                        RETURNING current_version, lineage_version
                        """, logger: logger)
                    var versions: (Int, Int?)?
                    for try await row in rows.decode((Int, Int?).self) { versions = row }
                    guard let (version, lineageVersion) = versions else {
                        throw StoreError(
                            .invalidDecision, "golden record \(id) is not an active, unconfirmed organization")
                    }
                    try await connection.query(
                        """
                        INSERT INTO golden_versions
                            (golden_id, version, status, attributes, change, run_id, actor_id, members, decision_id,
                             lineage)
                        SELECT golden_id, \(version), 'confirmed', attributes, 'confirm', \(cause.runID), \(cause.actorID),
                               ARRAY(SELECT source_record_id FROM xref WHERE golden_id = \(id) AND valid_to IS NULL
                                     ORDER BY source_record_id),
                               \(cause.decisionID),
                               (SELECT v.lineage FROM golden_versions AS v
                                WHERE v.golden_id = \(id) AND v.version = \(lineageVersion))
                        FROM golden_records WHERE golden_id = \(id)
                        """, logger: logger)
                    if lineageVersion != nil {
                        try await connection.query(
                            "UPDATE golden_records SET lineage_version = \(version) WHERE golden_id = \(id)",
                            logger: logger)
                    }
                }
            }
        } catch let error as PostgresTransactionError {
            if let refusal = error.closureError as? StoreError { throw refusal }
            throw error
        }
    }

    /// Sets one attribute of a golden record outside survivorship (finance accepted a proposal for a locked
    /// field): a new version with the value in the document and the attribute's lineage replaced; the other
    /// attributes' lineage carries over. The next run recomputes the record, and the lock keeps this value.
    ///
    /// - Parameters:
    ///   - valueJSON: the attribute's value in the golden document (a JSON string or array).
    ///   - lineageJSON: the attribute's new "why this value won".
    public func replaceValue(
        of id: UUID, attribute: String, valueJSON: String, lineageJSON: String, change: String, cause: Cause
    ) async throws {
        let logger = database.logger
        do {
            try await database.client.withConnection { connection in
                try await connection.withTransaction(logger: logger) { connection in
                    let rows = try await connection.query(
                        """
                        UPDATE golden_records SET current_version = current_version + 1, updated_at = now(),
                            attributes = jsonb_set(attributes, ARRAY[\(attribute)], \(valueJSON)::jsonb),
                            search_keys = golden_search_keys(
                                jsonb_set(attributes, ARRAY[\(attribute)], \(valueJSON)::jsonb)),
                            survived_input = NULL, values_digest = NULL
                        WHERE golden_id = \(id) AND state = 'active'
                        RETURNING current_version, lineage_version
                        """, logger: logger)
                    var versions: (Int, Int?)?
                    for try await row in rows.decode((Int, Int?).self) { versions = row }
                    guard let (version, lineageVersion) = versions else {
                        throw StoreError(.invalidDecision, "golden record \(id) is not an active record")
                    }
                    // The new version's lineage is the current document with this attribute's entry replaced
                    // (the other entries, and the record table they point into, carry over unchanged).
                    try await connection.query(
                        """
                        INSERT INTO golden_versions
                            (golden_id, version, status, attributes, change, run_id, actor_id, members, decision_id,
                             lineage)
                        SELECT g.golden_id, \(version), g.status, g.attributes, \(change), \(cause.runID),
                               \(cause.actorID),
                               ARRAY(SELECT source_record_id FROM xref WHERE golden_id = \(id) AND valid_to IS NULL
                                     ORDER BY source_record_id),
                               \(cause.decisionID),
                               json_build_object(
                                   'records', coalesce(p.lineage -> 'records', '[]'::json),
                                   'attributes', (
                                       SELECT json_agg(e.entry ORDER BY e.position) FROM (
                                           SELECT a.entry, a.position
                                           FROM json_array_elements(coalesce(p.lineage -> 'attributes', '[]'::json))
                                                WITH ORDINALITY AS a (entry, position)
                                           WHERE a.entry ->> 'attribute' IS DISTINCT FROM \(attribute)
                                           UNION ALL SELECT \(lineageJSON)::json, 1000000
                                       ) AS e))
                        FROM golden_records AS g
                        LEFT JOIN golden_versions AS p ON p.golden_id = g.golden_id AND p.version = \(lineageVersion)
                        WHERE g.golden_id = \(id)
                        """, logger: logger)
                    try await connection.query(
                        "UPDATE golden_records SET lineage_version = \(version) WHERE golden_id = \(id)",
                        logger: logger)
                }
            }
        } catch let error as PostgresTransactionError {
            if let refusal = error.closureError as? StoreError { throw refusal }
            throw error
        }
    }

    /// Every active golden record of `entity` (all when `nil`) with its values and, when `withLineage`, its
    /// current lineage, in golden id order.
    public func forEachGolden(
        entity: String?, withLineage: Bool, _ body: (StoredValues) throws -> Void
    ) async throws {
        let rows = try await database.client.query(
            """
            SELECT g.golden_id, g.entity, g.status, g.lifecycle, g.dead_reason, g.current_version, g.lineage_version,
                   g.attributes::text, g.confirmed_at,
                   CASE WHEN \(withLineage) THEN
                       (SELECT v.lineage::text FROM golden_versions AS v
                        WHERE v.golden_id = g.golden_id AND v.version = g.lineage_version)
                   END
            FROM golden_records AS g
            WHERE g.state = 'active' AND (\(entity)::text IS NULL OR g.entity = \(entity))
            ORDER BY g.golden_id
            """, logger: database.logger)
        for try await (id, entity, status, lifecycle, dead, version, lineageVersion, attributes, confirmed, lineage)
            in rows.decode((UUID, String, String, String, String?, Int, Int?, String, Date?, String?).self)
        {
            try body(
                StoredValues(
                    goldenID: id, entity: entity, state: "active", status: status, lifecycle: lifecycle,
                    deadReason: dead, version: version, lineageVersion: lineageVersion, attributesJSON: attributes,
                    lineageJSON: lineage, confirmedAt: confirmed))
        }
    }

    /// Active golden records whose members are owned by different managers in different sources: the first `limit`
    /// in golden id order (golden id, entity, display name, owners JSON array), and how many there are in all.
    public func ownerConflicts(limit: Int) async throws
        -> (conflicts: [(goldenID: UUID, entity: String, name: String, ownersJSON: String)], total: Int)
    {
        // The total comes with the page (a window count), so the filter is written and evaluated once.
        let rows = try await database.client.query(
            """
            SELECT g.golden_id, g.entity, coalesce(g.attributes->>'legal_name', g.attributes->>'name', ''),
                   (g.attributes->'owners')::text, count(*) OVER ()
            FROM golden_records AS g
            WHERE g.state = 'active' AND jsonb_typeof(g.attributes->'owners') = 'array'
              AND (SELECT count(DISTINCT o->>'source') FROM jsonb_array_elements(g.attributes->'owners') AS o) > 1
              AND (SELECT count(DISTINCT (o->>'source') || '/' || (o->>'owner_id'))
                   FROM jsonb_array_elements(g.attributes->'owners') AS o) > 1
            ORDER BY g.golden_id
            LIMIT \(limit)
            """, logger: database.logger)
        var found: [(UUID, String, String, String)] = []
        var total = 0
        for try await (id, entity, name, owners, count) in rows.decode((UUID, String, String, String, Int).self) {
            found.append((id, entity, name, owners))
            total = count
        }
        return (found.map { (goldenID: $0.0, entity: $0.1, name: $0.2, ownersJSON: $0.3) }, total)
    }
}
