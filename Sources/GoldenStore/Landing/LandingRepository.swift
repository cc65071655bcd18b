import Foundation
import GoldenCore
import Logging
import NIOCore
import PostgresNIO

/// Lands batches of source records: raw versions append-only, current records inserted or updated, quarantine
/// written, and the source's watermark moved — all in one transaction per batch.
///
/// The batch's stored versions and hashes are read first (one index lookup per record) and a ``LandingPlan`` decides
/// in memory what changed. New records then go with COPY straight into `source_records`, changed ones through a
/// small stage and one `UPDATE`, and every new version with COPY into `raw_record_versions` and `quarantine`. An
/// unchanged record is never sent to the server again, and a first load writes each row once, with no stage table
/// and no upsert. A transaction-scoped advisory lock per source keeps two landings of one source from deciding on
/// the same stale state.
public struct LandingRepository: Sendable {
    public struct Watermark: Sendable, Hashable {
        public var entity: String
        public var value: String

        public init(entity: String, value: String) {
            self.entity = entity
            self.value = value
        }
    }

    /// A changed record that received deltas of ours since its stored version landed: perhaps only our echo.
    ///
    /// The store hands over the payloads; whether the new one differs from the stored one only by what the deltas
    /// wrote is the caller's question (it knows the source's paths and write stamps).
    public struct EchoCandidate: Sendable {
        public let record: LandingRecord
        /// The payload of the version stored before this one, as JSON text.
        public let storedPayloadJSON: String
        /// The acknowledged deltas (`{"entity", "fields"}`) delivered since that version landed, oldest first.
        public let deltasJSON: [String]

        public init(record: LandingRecord, storedPayloadJSON: String, deltasJSON: [String]) {
            self.record = record
            self.storedPayloadJSON = storedPayloadJSON
            self.deltasJSON = deltasJSON
        }
    }

    /// Decides whether a candidate is only our echo.
    public typealias EchoTest = @Sendable (EchoCandidate) -> Bool

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// Lands `records` of `source`, keeps its `rejected` rows and, when given, stores `watermark`, all in one
    /// transaction.
    ///
    /// - Parameters:
    ///   - rejected: rows of the source's input that never became records (see ``RejectedRow``).
    ///   - isEcho: told about each changed record that received acknowledged deltas since its stored version
    ///     landed; a version it calls an echo lands as any other (the raw payload is kept) but is counted in
    ///     ``LandingCounts/echoes`` instead of ``LandingCounts/newVersions``. Costs one indexed read of the outbox
    ///     per batch with changed records, none without.
    /// - Throws: ``StoreError`` (`invalidLandingBatch`) when the source is not registered
    ///   (``SourceRepository/register(name:kind:)``) or a record or row belongs to another source; nothing lands
    ///   then.
    public func land(
        _ records: [LandingRecord], rejected: [RejectedRow] = [], source: String, runID: UUID?,
        watermark: Watermark? = nil, isEcho: EchoTest? = nil, digestRefreshes: [DigestRefresh] = []
    ) async throws -> LandingCounts {
        if let stranger = records.first(where: { $0.source != source }) {
            throw StoreError(
                .invalidLandingBatch,
                "record \(stranger.source)/\(stranger.sourceKey) is in a batch of source '\(source)'")
        }
        if let stranger = rejected.first(where: { $0.source != source }) {
            throw StoreError(
                .invalidLandingBatch,
                "rejected row \(stranger.file):\(stranger.line) of '\(stranger.source)' is in a batch of '\(source)'")
        }
        let ids = records.map(\.sourceRecordID)
        do {
            return try await land(
                records, ids: ids, rejected: rejected, source: source, runID: runID, watermark: watermark,
                isEcho: isEcho, digestRefreshes: digestRefreshes)
        } catch let error as PostgresTransactionError {
            // Our own refusals come out as themselves; server errors keep PostgresNIO's detail.
            if let refusal = error.closureError as? StoreError { throw refusal }
            throw error
        }
    }

    private func land(
        _ records: [LandingRecord], ids: [UUID], rejected: [RejectedRow], source: String, runID: UUID?,
        watermark: Watermark?, isEcho: EchoTest?, digestRefreshes: [DigestRefresh]
    ) async throws -> LandingCounts {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                // Batch statements are costly enough to trigger PostgreSQL's JIT, whose compile time (hundreds of
                // milliseconds) exceeds what it saves on 10,000 rows.
                try await connection.query("SET LOCAL jit = off", logger: logger)
                try await Self.lock(source, on: connection, logger: logger)
                let stored = try await Self.storedStates(of: ids, on: connection, logger: logger)
                let plan = LandingPlan(
                    ids: ids, hashes: records.map(\.contentHash), deleted: records.map(\.deleted), stored: stored)
                var counts = LandingCounts(received: records.count)
                try await Self.refresh(
                    digestRefreshes + plan.digestRefreshes(ids: ids, rowDigests: records.map(\.rowDigest), stored: stored),
                    on: connection, logger: logger)
                if !plan.versions.isEmpty {
                    // Read before the update below replaces the stored version's landing time.
                    let echoes = try await Self.echoes(
                        plan.updates, of: records, ids: ids, isEcho: isEcho, on: connection, logger: logger)
                    try await Self.insert(plan.inserts, of: records, ids: ids, on: connection, logger: logger)
                    try await Self.update(plan.updates, of: records, ids: ids, on: connection, logger: logger)
                    try await Self.moveFingerprints(
                        plan, of: records, ids: ids, stored: stored, source: source, on: connection, logger: logger)
                    try await Self.append(
                        plan.versions, of: records, ids: ids, runID: runID, echoes: echoes, on: connection,
                        logger: logger)
                    try await Self.supersedeQuarantine(plan.versions, ids: ids, on: connection, logger: logger)
                    counts.quarantined = try await Self.quarantine(
                        plan.versions, of: records, ids: ids, runID: runID, on: connection, logger: logger)
                    counts.echoes = echoes?.count ?? 0
                    counts.newVersions = plan.versions.count - counts.echoes
                    counts.deleted = plan.versions.lazy.filter { records[$0.index].deleted }.count
                }
                if !rejected.isEmpty {
                    try await Self.keep(rejected, runID: runID, on: connection, logger: logger)
                    counts.rejected = rejected.count
                }
                if let watermark {
                    // `updated_at` comes from the proposed row (its column default): no function in DO UPDATE SET,
                    // which Citus refuses on a distributed or reference table.
                    try await connection.query(
                        """
                        INSERT INTO source_watermarks AS w (source, entity, watermark, run_id)
                        VALUES (\(source), \(watermark.entity), \(watermark.value), \(runID))
                        ON CONFLICT (source, entity) DO UPDATE SET
                            watermark = excluded.watermark, run_id = excluded.run_id, updated_at = excluded.updated_at
                        """, logger: logger)
                }
                return counts
            }
        }
    }

    /// The advisory lock class of landing (the migrator uses a different one), paired with the source's hash.
    static let landingLockClass: Int32 = 0x676C_646E  // "gldn"

    /// Takes the source's landing lock for this transaction, and checks the source is registered: the rows
    /// landing writes carry no per-row foreign-key check (see migration 2).
    ///
    /// The lock is a statement of its own, with no table in it: on Citus such a statement runs on the coordinator,
    /// where every landing takes it. Inside a query over `sources` (a reference table) Citus may route the call to a
    /// worker, and two landings of one source could then lock on different nodes and not exclude each other. The key
    /// holds the schema: advisory locks are database-wide, and a store in another schema (parallel tests, benchmarks)
    /// landing a source of the same name must not wait for this one.
    static func lock(_ source: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(\(landingLockClass), hashtext(current_schema() || '/' || \(source)))",
            logger: logger)
        let rows = try await connection.query(
            "SELECT count(*) FROM sources WHERE name = \(source)", logger: logger)
        var registered = 0
        for try await found in rows.decode(Int.self) { registered = found }
        guard registered == 1 else {
            throw StoreError(.invalidLandingBatch, "source '\(source)' is not registered (a sync registers the sources of golden.yaml first)")
        }
    }

    /// The positions of a batch that would land nothing, decided by the landing's own plan against the stored
    /// state read now, outside any landing: a caller leaves them out before it spends time preparing them. The
    /// landing reads the state again under its lock and decides, so this read only ever saves work. A record that
    /// comes twice keeps each occurrence that would be a version of its own.
    ///
    /// With the rows' digests it also says which unchanged records came from another row than their stored digest
    /// names (``LandingPlan/digestRefreshes(ids:rowDigests:stored:)``): the caller hands those to the landing of
    /// this batch, which stores the new digests in its transaction, so the next pull of the file skips them.
    ///
    /// - Parameters: the source record id, content hash, deletion flag and row digest (if any) of each record of the
    ///   batch, in order.
    public func unchangedPositions(
        ids: [UUID], hashes: [[UInt8]], deleted: [Bool], rowDigests: [RowDigest?]? = nil
    ) async throws -> (positions: IndexSet, digestRefreshes: [DigestRefresh]) {
        guard !ids.isEmpty else { return ([], []) }
        let logger = database.logger
        let stored = try await database.client.withConnection { connection in
            try await Self.storedStates(of: ids, on: connection, logger: logger)
        }
        let plan = LandingPlan(ids: ids, hashes: hashes, deleted: deleted, stored: stored)
        var unchanged = IndexSet(ids.indices)
        for version in plan.versions { unchanged.remove(version.index) }
        return (unchanged, rowDigests.map { plan.digestRefreshes(ids: ids, rowDigests: $0, stored: stored) } ?? [])
    }

    /// The row digests (``RowDigest``) of the source's live records' current versions: what a file's pull may
    /// leave out unread (``LandedRowDigests``). Packed (see ``PackedRows``), 16 bytes a record: one value, or one
    /// per bucket of the digest's first byte for a source of more than `oneValueRecords` live records
    /// (``PackedRows/oneValueRecords`` when `nil`).
    public func landedRowDigests(source: String, oneValueRecords: Int? = nil) async throws -> LandedRowDigests {
        let packed = try await PackedRows.bytes(
            """
            SELECT string_agg(row_digest, ''::bytea) FROM source_records
            WHERE source = \(source) AND row_digest IS NOT NULL AND NOT deleted
            """, groupedBy: "get_byte(row_digest, 0)", source: source, limit: oneValueRecords,
            from: database.client, logger: database.logger)
        var digests: [RowDigest] = []
        digests.reserveCapacity(packed.readableBytes / 16)
        PackedRows.forEach(packed, width: 16) { bytes, offset in
            if let digest = RowDigest(bytes: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 16)])) {
                digests.append(digest)
            }
        }
        return LandedRowDigests(digests)
    }

    static func storedStates(
        of ids: [UUID], on connection: PostgresConnection, logger: Logger
    ) async throws -> [UUID: LandingPlan.StoredState] {
        let rows = try await connection.query(
            """
            SELECT source_record_id, version, content_sha256, deleted, row_digest, entity FROM source_records
            WHERE source_record_id = ANY(\(Array(Set(ids))))
            """, logger: logger)
        var states: [UUID: LandingPlan.StoredState] = [:]
        for try await (id, version, hash, deleted, digest, entity) in rows.decode(
            (UUID, Int, ByteBuffer, Bool, ByteBuffer?, String).self)
        {
            states[id] = LandingPlan.StoredState(
                version: version, contentHash: Array(hash.readableBytesView), deleted: deleted,
                rowDigest: digest.flatMap { buffer in buffer.withUnsafeReadableBytes { RowDigest(bytes: $0) } },
                entity: entity)
        }
        return states
    }

    /// A stored record that lands nothing, built from another row than the one its stored digest names: its
    /// digest is set to that row's.
    public struct DigestRefresh: Sendable, Equatable {
        public var id: UUID
        /// The stored version the digest is for: the refresh applies only while it is still current.
        public var version: Int
        public var digest: RowDigest
    }

    /// Sets the stored row digests of records that land nothing, each only while the version it was decided on is
    /// still current: a refresh decided on the state read before the landing's lock finds a record that landed a
    /// new version since, and leaves that version's digest alone.
    static func refresh(
        _ refreshes: [DigestRefresh], on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !refreshes.isEmpty else { return }
        try await connection.query(
            """
            UPDATE source_records AS r SET row_digest = u.digest
            FROM unnest(\(refreshes.map(\.id))::uuid[], \(refreshes.map(\.version))::bigint[],
                        \(refreshes.map { ByteBuffer(bytes: $0.digest.bytes) })::bytea[]) AS u (id, version, digest)
            WHERE r.source_record_id = u.id AND r.version = u.version
            """, logger: logger)
    }

    /// The changed records (by index into `records`) that are only the echo of our acknowledged deltas (see
    /// ``EchoTest``); `nil` without an echo test, when nothing was judged.
    static func echoes(
        _ updates: [LandingPlan.Version], of records: [LandingRecord], ids: [UUID], isEcho: EchoTest?,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> Set<Int>? {
        guard let isEcho else { return nil }
        let updated = updates.map(\.index).filter { !records[$0].deleted }
        let candidates = try await echoCandidates(updated, of: records, ids: ids, on: connection, logger: logger)
        // A record twice in the batch was judged once, as its last row (``echoCandidates``).
        var lastIndex: [UUID: Int] = [:]
        for index in updated { lastIndex[ids[index]] = index }
        return Set(candidates.lazy.filter(isEcho).compactMap { lastIndex[$0.record.sourceRecordID] })
    }

    /// The records among `records` (not yet landed) that received acknowledged deltas since their stored version
    /// landed, with what an ``EchoTest`` needs: a push checks a record it found changed at the source this way
    /// before it calls it a conflict (our own earlier write moves the source's stamp too).
    public func echoCandidates(_ records: [LandingRecord]) async throws -> [EchoCandidate] {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            try await Self.echoCandidates(
                records.indices.filter { !records[$0].deleted }, of: records, ids: records.map(\.sourceRecordID),
                on: connection, logger: logger)
        }
    }

    /// A candidate is a record whose stored version landed before one of our deltas to it was acknowledged: the
    /// new version is the first one pulled since that push. Deletions are never echoes.
    static func echoCandidates(
        _ indices: [Int], of records: [LandingRecord], ids: [UUID], on connection: PostgresConnection, logger: Logger
    ) async throws -> [EchoCandidate] {
        var indexByID: [UUID: Int] = [:]
        for index in indices { indexByID[ids[index]] = index }
        guard !indexByID.isEmpty else { return [] }
        let rows = try await connection.query(
            """
            SELECT s.source_record_id, p.payload::text, o.delta::text
            FROM source_records AS s
            JOIN raw_record_versions AS p ON p.source_record_id = s.source_record_id AND p.version = s.version
            JOIN outbox AS o ON o.source_record_id = s.source_record_id
            WHERE s.source_record_id = ANY(\(Array(indexByID.keys))) AND o.state = 'acked' AND o.acked_at > s.landed_at
            ORDER BY s.source_record_id, o.acked_at, o.golden_version
            """, logger: logger)
        var found: [UUID: (payload: String, deltas: [String])] = [:]
        for try await (id, payload, delta) in rows.decode((UUID, String, String).self) {
            found[id, default: (payload, [])].deltas.append(delta)
        }
        return found.compactMap { id, entry in
            indexByID[id].map {
                EchoCandidate(record: records[$0], storedPayloadJSON: entry.payload, deltasJSON: entry.deltas)
            }
        }
    }

    /// The columns of `source_records` that landing writes, in the order ``writeCurrentRow`` emits them.
    static let currentColumns = [
        "source_record_id", "source", "source_key", "entity", "version", "content_sha256", "modified_at", "deleted",
        "merged_into_key", "attributes", "inn", "kpp", "ogrn", "national_id", "name_key", "family_key",
        "given_initial", "email_keys", "phone_keys", "postcode", "city_key", "employer_key", "match_values",
        "row_digest",
    ]

    static func writeCurrentRow(_ record: LandingRecord, id: UUID, version: Int, into row: inout COPYTextWriter) {
        row.uuid(id)
        row.text(record.source)
        row.text(record.sourceKey)
        row.text(record.entity.rawValue)
        row.int(version)
        row.bytea(record.contentHash)
        row.timestamp(record.modifiedAt)
        row.bool(record.deleted)
        row.text(record.mergedIntoKey)
        row.text(record.attributesJSON)
        let blocking = record.blocking
        row.text(blocking.inn)
        row.text(blocking.kpp)
        row.text(blocking.ogrn)
        row.text(blocking.nationalID)
        row.text(blocking.nameKey)
        row.text(blocking.familyKey)
        row.text(blocking.givenInitial)
        row.textArray(blocking.emailKeys)
        row.textArray(blocking.phoneKeys)
        row.text(blocking.postcode)
        row.text(blocking.cityKey)
        row.text(blocking.employerKey)
        row.text(record.matchValues)
        row.bytea(record.rowDigest?.bytes)
        row.endRow()
    }

    /// Records the store has never seen: COPY straight into `source_records`.
    static func insert(
        _ versions: [LandingPlan.Version], of records: [LandingRecord], ids: [UUID],
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !versions.isEmpty else { return }
        try await copy(into: "source_records", columns: currentColumns, on: connection, logger: logger) { row, writer in
            for version in versions {
                writeCurrentRow(records[version.index], id: ids[version.index], version: version.version, into: &row)
                try await row.flush(to: writer)
            }
        }
    }

    /// Stored records that changed: their new current rows go to a stage table, then one `UPDATE` applies them.
    static func update(
        _ versions: [LandingPlan.Version], of records: [LandingRecord], ids: [UUID],
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !versions.isEmpty else { return }
        try await connection.query(
            """
            CREATE TEMP TABLE IF NOT EXISTS golden_landing_update
            (LIKE source_records INCLUDING DEFAULTS) ON COMMIT DELETE ROWS
            """, logger: logger)
        try await copy(into: "golden_landing_update", columns: currentColumns, on: connection, logger: logger) { row, writer in
            for version in versions {
                writeCurrentRow(records[version.index], id: ids[version.index], version: version.version, into: &row)
                try await row.flush(to: writer)
            }
        }
        try await connection.query(
            """
            UPDATE source_records AS r SET
                version = s.version, content_sha256 = s.content_sha256, modified_at = s.modified_at,
                deleted = s.deleted, merged_into_key = s.merged_into_key, attributes = s.attributes,
                inn = s.inn, kpp = s.kpp, ogrn = s.ogrn, national_id = s.national_id, name_key = s.name_key,
                family_key = s.family_key, given_initial = s.given_initial, email_keys = s.email_keys,
                phone_keys = s.phone_keys, postcode = s.postcode, city_key = s.city_key,
                employer_key = s.employer_key, match_values = s.match_values, row_digest = s.row_digest,
                landed_at = now()
            FROM golden_landing_update AS s
            WHERE r.source_record_id = s.source_record_id
            """, logger: logger)
    }

    /// Moves the source's live count and digest of each entity (`source_fingerprints`, migration 23) by the batch:
    /// out go the stored versions its updates replace, in come the current rows it writes, each only while it is
    /// not deleted. XOR undoes itself, so one list of (id, version) terms per entity carries both, and the server
    /// hashes them with the function the migration filled the table with. The rows of a source are only ever moved
    /// under its landing lock, so no two batches read the same old values.
    ///
    /// The ids of those terms are the records whose live version the batch changed: they are logged under the
    /// entity's next batch number (`landing_changes`, migration 24), for the match run's image.
    static func moveFingerprints(
        _ plan: LandingPlan, of records: [LandingRecord], ids: [UUID], stored: [UUID: LandingPlan.StoredState],
        source: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        struct Move {
            var live = 0
            var ids: [UUID] = []
            var versions: [Int] = []

            mutating func add(_ id: UUID, _ version: Int, live: Int) {
                self.live += live
                ids.append(id)
                versions.append(version)
            }
        }
        var moves: [String: Move] = [:]
        func term(_ entity: String, _ id: UUID, _ version: Int, live: Int) {
            moves[entity, default: Move()].add(id, version, live: live)
        }
        for version in plan.inserts where !records[version.index].deleted {
            term(records[version.index].entity.rawValue, ids[version.index], version.version, live: 1)
        }
        for version in plan.updates {
            let id = ids[version.index]
            guard let old = stored[id] else { continue }
            // An update keeps the row's entity: the row stays counted where it was.
            let entity = old.entity ?? records[version.index].entity.rawValue
            if !old.deleted { term(entity, id, old.version, live: -1) }
            if !records[version.index].deleted { term(entity, id, version.version, live: 1) }
        }
        for entity in moves.keys.sorted() {
            let move = moves[entity]!
            try await connection.query(
                """
                INSERT INTO source_fingerprints (source, entity)
                SELECT \(source), \(entity)
                WHERE NOT EXISTS (SELECT 1 FROM source_fingerprints WHERE source = \(source) AND entity = \(entity))
                """, logger: logger)
            try await connection.query(
                """
                UPDATE source_fingerprints SET live = live + \(move.live), batches = batches + 1, digest = digest # (
                    SELECT coalesce(bit_xor(uuid_hash_extended(t.id, t.version)), 0)
                    FROM unnest(\(move.ids)::uuid[], \(move.versions)::bigint[]) AS t (id, version))
                WHERE source = \(source) AND entity = \(entity)
                """, logger: logger)
            // The ids under the batch number just reached (migration 24): a match run reads those logged after
            // the numbers its stored image was read at.
            try await connection.query(
                """
                INSERT INTO landing_changes (source, entity, batch, ids)
                SELECT source, entity, batches, \(LandingChanges.pack(move.ids))
                FROM source_fingerprints WHERE source = \(source) AND entity = \(entity)
                """, logger: logger)
        }
    }

    /// Every new version, with its payload exactly as the source sent it.
    /// - Parameter echoes: the versions (by index into `records`) judged echoes of our deltas; `nil` when no echo
    ///   test judged them (their `echo` stays null, see migration 25).
    static func append(
        _ versions: [LandingPlan.Version], of records: [LandingRecord], ids: [UUID], runID: UUID?,
        echoes: Set<Int>? = nil, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let columns = [
            "source_record_id", "version", "content_sha256", "modified_at", "deleted", "payload", "run_id", "echo",
        ]
        try await copy(into: "raw_record_versions", columns: columns, on: connection, logger: logger) { row, writer in
            for version in versions {
                let record = records[version.index]
                row.uuid(ids[version.index])
                row.int(version.version)
                row.bytea(record.contentHash)
                row.timestamp(record.modifiedAt)
                row.bool(record.deleted)
                row.text(record.payloadJSON)
                row.uuid(runID)
                if let echoes { row.bool(echoes.contains(version.index)) } else { row.text(nil) }
                row.endRow()
                try await row.flush(to: writer)
            }
        }
    }

    /// A new version replaces its record's earlier values, so their open quarantine rows are closed: the problem is
    /// now the source's current value or none. `resolved_by` stays null (no person resolved them; a newer version
    /// did), and the rows stay, with their raw values, as history. Without this a record fixed in its CRM would count
    /// as unclean, and the quarantine lists would show problems that are gone.
    static func supersedeQuarantine(
        _ versions: [LandingPlan.Version], ids: [UUID], on connection: PostgresConnection, logger: Logger
    ) async throws {
        let changed = Array(Set(versions.lazy.filter { $0.version > 1 }.map { ids[$0.index] }))
        guard !changed.isEmpty else { return }
        // The current version is read from the co-located `source_records` row, joined on the distribution column.
        try await connection.query(
            """
            UPDATE quarantine AS q SET resolved_at = now()
            WHERE q.source_record_id = ANY(\(changed)) AND q.resolved_at IS NULL
              AND q.version < (SELECT s.version FROM source_records AS s WHERE s.source_record_id = q.source_record_id)
            """, logger: logger)
    }

    /// The values of the new versions that failed validation, one row per field and version.
    static func quarantine(
        _ versions: [LandingPlan.Version], of records: [LandingRecord], ids: [UUID], runID: UUID?,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> Int {
        guard versions.contains(where: { !records[$0.index].quarantine.isEmpty }) else { return 0 }
        let columns = ["source_record_id", "version", "field", "raw_value", "reason_code", "reason", "run_id"]
        var written = 0
        try await copy(into: "quarantine", columns: columns, on: connection, logger: logger) { row, writer in
            for version in versions {
                var seenFields: Set<String> = []
                for value in records[version.index].quarantine where seenFields.insert(value.field).inserted {
                    row.uuid(ids[version.index])
                    row.int(version.version)
                    row.text(value.field)
                    row.text(value.rawValue)
                    row.text(value.reasonCode)
                    row.text(value.reason)
                    row.uuid(runID)
                    row.endRow()
                    written += 1
                }
                try await row.flush(to: writer)
            }
        }
        return written
    }

    /// Rows that never became records, each whole: its bytes as `bytea`, and as text when it is text.
    static func keep(
        _ rejected: [RejectedRow], runID: UUID?, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let columns = [
            "rejected_row_id", "source", "file", "line", "reason_code", "reason", "raw_text", "raw_bytes", "run_id",
        ]
        try await copy(into: "rejected_rows", columns: columns, on: connection, logger: logger) { row, writer in
            for rejectedRow in rejected {
                row.uuid(GoldenIdentifiers.timeOrdered())
                row.text(rejectedRow.source)
                row.text(rejectedRow.file)
                row.int(rejectedRow.line)
                row.text(rejectedRow.reasonCode)
                row.text(rejectedRow.reason)
                row.text(rejectedRow.rawText)
                row.bytea(rejectedRow.rawBytes)
                row.uuid(runID)
                row.endRow()
                try await row.flush(to: writer)
            }
        }
    }

    private static func copy(
        into table: String, columns: [String], on connection: PostgresConnection, logger: Logger,
        rows: (inout COPYTextWriter, PostgresCopyFromWriter) async throws -> Void
    ) async throws {
        try await connection.copyRows(into: table, columns: columns, logger: logger, rows: rows)
    }
}
