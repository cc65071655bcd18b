import Foundation
import GoldenCore
import Logging
import NIOCore
import PostgresNIO

/// Golden records, their membership versions and the xref history: the durable side of golden identity.
///
/// A match run reads the current membership, plans the change in memory (``GoldenIdentityPlan``) and hands the
/// plan here, which writes it in one transaction: new golden records and versions with COPY, changed records
/// through a stage and one `UPDATE`, and the xref as history (the open row of a moving record is closed and a
/// new one opened at the same instant). Nothing is deleted.
public struct GoldenRecordRepository: Sendable {
    /// What caused a change: a run, or a steward's decision (with who made it).
    public struct Cause: Sendable, Hashable {
        public var runID: UUID?
        public var decisionID: UUID?
        public var actorID: UUID?

        public init(runID: UUID? = nil, decisionID: UUID? = nil, actorID: UUID? = nil) {
            self.runID = runID
            self.decisionID = decisionID
            self.actorID = actorID
        }
    }

    /// One golden record as stored.
    public struct Record: Sendable, Hashable, Codable {
        public let goldenID: UUID
        public let entity: String
        public let state: String
        public let status: String
        public let version: Int
        public let memberCount: Int
        public let mergedInto: UUID?
    }

    /// One xref row: the golden record a source record belonged to over `validFrom..<validTo`.
    public struct XrefRow: Sendable, Hashable, Codable {
        public let sourceRecordID: UUID
        public let goldenID: UUID
        public let validFrom: Date
        public let validTo: Date?
        public let reason: String
    }

    /// One live source record and its golden id, for exports.
    public struct Membership: Sendable, Hashable {
        public let source: String
        public let sourceKey: String
        public let sourceRecordID: UUID
        public let goldenID: UUID
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// The advisory lock class of golden identity (landing and the migrator use others).
    static let identityLockClass: Int32 = 0x676C_6964  // "glid"

    /// Runs `body` while holding the store's golden-identity lock, so one match run or steward edit at a time
    /// decides on the membership it read. The lock is session-level on a leased connection and taken as a
    /// standalone statement (a Citus rule); a killed process drops its connection and with it the lock. It is keyed
    /// by the schema, as the sync and migration locks are: advisory locks are database-wide, and stores in other
    /// schemas (parallel tests, benchmarks) must not wait for each other.
    public func withIdentityLock<Result: Sendable>(
        _ body: @Sendable () async throws -> Result
    ) async throws -> Result {
        let logger = database.logger
        let lock: PostgresQuery = "SELECT pg_advisory_lock(\(Self.identityLockClass), hashtext(current_schema()))"
        let unlock: PostgresQuery = "SELECT pg_advisory_unlock(\(Self.identityLockClass), hashtext(current_schema()))"
        return try await database.client.withConnection { connection in
            try await connection.query(lock, logger: logger)
            do {
                let result = try await body()
                try await connection.query(unlock, logger: logger)
                return result
            } catch {
                _ = try? await connection.query(unlock, logger: logger)
                throw error
            }
        }
    }

    /// The open xref of every source record of `entity`: which golden record each belongs to, sorted (no hashing).
    ///
    /// - Parameter oneValueRecords: how many live records the entity may have for the read to pack one value
    ///   (``PackedRows/oneValueRecords`` when `nil`); a test passes 0 to read the grouped way.
    public func currentMembership(entity: String, oneValueRecords: Int? = nil) async throws -> GoldenMembership {
        // Packed by the server (see `PackedRows`): a row per member cost seconds at 1M records.
        let packed = try await PackedRows.bytes(
            """
            SELECT string_agg(uuid_send(source_record_id) || uuid_send(golden_id), ''::bytea)
            FROM xref WHERE valid_to IS NULL AND entity = \(entity)
            """, groupedBy: "get_byte(uuid_send(source_record_id), 0)", entity: entity, limit: oneValueRecords,
            from: database.client, logger: database.logger)
        var keys: [(record: (high: UInt64, low: UInt64), golden: (high: UInt64, low: UInt64))] = []
        keys.reserveCapacity(packed.readableBytes / 32)
        PackedRows.forEach(packed, width: 32) { bytes, offset in
            keys.append((bytes.orderKey(at: offset), bytes.orderKey(at: offset + 16)))
        }
        return GoldenMembership(keys: keys)
    }

    /// Writes `plan` and the survived values of the records it touches (and of others whose values changed) in one
    /// transaction. Nothing to write writes nothing.
    ///
    /// A record in both gets one version: its membership change, carrying its new values. A record only in
    /// `survived` gets a `survive` version. The lineage document rides on the version that carries the values.
    ///
    /// - Parameter valuesChange: the change recorded on a values-only version (`survive` for a run, `override` or
    ///   `unlock` for a steward's edit).
    /// - Returns: wall seconds per part of the write (`records`, `versions`, `xref`, `outbox`, `commit`), for a run's
    ///   phase figures.
    @discardableResult
    public func apply(
        _ plan: GoldenIdentityPlan, entity: String, cause: Cause, survived: [SurvivedValues] = [],
        valuesChange: String = "survive"
    ) async throws -> [String: Double] {
        guard !plan.isEmpty || !survived.isEmpty else { return [:] }
        return try await apply(
            plan, entity: entity, cause: cause, valuesChange: valuesChange, chunks: survived.isEmpty ? 0 : 1,
            survived: { _ in survived })
    }

    /// Like ``apply(_:entity:cause:survived:valuesChange:)``, with the survived values made a chunk at a time while
    /// the chunk before is written: a full run holds one chunk's values, not 600k records' lineage, and its
    /// survivorship (our cores) overlaps its writes (the server's).
    ///
    /// The xref goes first (it needs no values, so the server writes it while the first chunk is computed). Each
    /// chunk's records get their versions with their plan versions (a record is in at most one chunk); the plan
    /// versions of records in no chunk (merged, retired, or values not computed again) follow. All of it is one
    /// transaction.
    ///
    /// - Parameters:
    ///   - chunks: how many chunks `survived` makes.
    ///   - survived: the values of chunk `index`; called once per index, in order, the next while one is written.
    @discardableResult
    public func apply(
        _ plan: GoldenIdentityPlan, entity: String, cause: Cause, valuesChange: String = "survive", chunks: Int,
        survived: @escaping @Sendable (Int) async throws -> [SurvivedValues]
    ) async throws -> [String: Double] {
        guard !plan.isEmpty || chunks > 0 else { return [:] }
        let logger = database.logger
        var timings = WriteTimings()
        var planned: [UUID: [Int]] = [:]
        planned.reserveCapacity(plan.versions.count)
        for (index, version) in plan.versions.enumerated() { planned[version.golden, default: []].append(index) }
        do {
            try await write(
                plan, entity: entity, cause: cause, valuesChange: valuesChange, chunks: chunks, planned: planned,
                survived: survived, timings: &timings)
        } catch let error as PostgresTransactionError {
            // A refusal of ours (an unknown source record) reaches the caller as itself.
            if let refusal = error.closureError as? StoreError { throw refusal }
            throw error
        }
        timings.lap("commit")
        return timings.seconds
    }

    private func write(
        _ plan: GoldenIdentityPlan, entity: String, cause: Cause, valuesChange: String, chunks: Int,
        planned: [UUID: [Int]], survived: @escaping @Sendable (Int) async throws -> [SurvivedValues],
        timings: inout WriteTimings
    ) async throws {
        let logger = database.logger
        var planned = planned
        try await database.client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SET LOCAL jit = off", logger: logger)
                // The wall clock after any wait: a closing row must never end before it began.
                var at = Date()
                for try await now in try await connection.query("SELECT clock_timestamp()", logger: logger)
                    .decode(Date.self)
                { at = now }
                var next = chunks > 0 ? Task { try await survived(0) } : nil
                do {
                    // The xref needs no values: the server writes it while the first chunk is computed.
                    try await Self.writeXref(plan, entity: entity, at: at, cause: cause, on: connection, logger: logger)
                    timings.lap("xref")
                    for index in 0..<chunks {
                        let values = try await next!.value
                        next = index + 1 < chunks ? Task { try await survived(index + 1) } : nil
                        timings.lap("survive_wait")
                        var versions: [GoldenIdentityPlan.Version] = []
                        for golden in values.lazy.map(\.goldenID) {
                            guard let positions = planned.removeValue(forKey: golden) else { continue }
                            versions += positions.map { plan.versions[$0] }
                        }
                        try await Self.writeVersions(
                            versions, survived: values, entity: entity, cause: cause, valuesChange: valuesChange,
                            on: connection, logger: logger, timings: &timings)
                        timings.lap("outbox")
                    }
                } catch {
                    next?.cancel()
                    throw error
                }
                let rest = plan.versions.indices.filter { planned[plan.versions[$0].golden] != nil }
                try await Self.writeVersions(
                    rest.map { plan.versions[$0] }, survived: [], entity: entity, cause: cause,
                    valuesChange: valuesChange, on: connection, logger: logger, timings: &timings)
                timings.lap("outbox")
            }
        }
    }

    /// Wall time of consecutive parts of one write.
    struct WriteTimings {
        private(set) var seconds: [String: Double] = [:]
        private var last = ContinuousClock.now

        mutating func lap(_ part: String) {
            let now = ContinuousClock.now
            seconds[part, default: 0] += (now - last).secondsValue
            last = now
        }
    }

    /// One version to write: a membership change from the plan, a values-only change, or both.
    struct VersionWrite {
        let golden: UUID
        let change: String
        let members: [UUID]
        let related: [UUID]
        let isNew: Bool
        let state: String
        let mergedInto: UUID?
        let values: SurvivedValues?
    }

    static func writeVersions(
        _ planVersions: [GoldenIdentityPlan.Version], survived: [SurvivedValues], entity: String, cause: Cause,
        valuesChange: String = "survive", on connection: PostgresConnection, logger: Logger,
        timings: inout WriteTimings
    ) async throws {
        guard !planVersions.isEmpty || !survived.isEmpty else { return }
        var valuesOf: [UUID: SurvivedValues] = [:]
        valuesOf.reserveCapacity(survived.count)
        for values in survived { valuesOf[values.goldenID] = values }
        var writes: [VersionWrite] = []
        writes.reserveCapacity(planVersions.count + survived.count)
        var planned = Set<UUID>()
        for version in planVersions {
            planned.insert(version.golden)
            let state: String
            var mergedInto: UUID?
            switch version.change {
            case .mergedInto: state = "merged"; mergedInto = version.related.first
            case .retire: state = "retired"
            default: state = "active"
            }
            writes.append(
                VersionWrite(
                    golden: version.golden, change: version.change.rawValue, members: version.members,
                    related: version.related, isNew: version.isNew, state: state, mergedInto: mergedInto,
                    values: state == "active" ? valuesOf[version.golden] : nil))
        }
        for values in survived where !planned.contains(values.goldenID) {
            writes.append(
                VersionWrite(
                    golden: values.goldenID, change: valuesChange, members: values.members, related: [], isNew: false,
                    state: "active", mergedInto: nil, values: values))
        }

        timings.lap("prepare")
        // Stored version and status of every existing record; its values too when this version carries none.
        let existing = writes.lazy.filter { !$0.isNew }.map(\.golden)
        var stored: [UUID: (version: Int, status: String, attributes: String)] = [:]
        if !existing.isEmpty {
            stored.reserveCapacity(existing.count)
            let rows = try await connection.query(
                """
                SELECT golden_id, current_version, status, attributes::text FROM golden_records
                WHERE golden_id = ANY(\(Array(existing)))
                """, logger: logger)
            for try await (id, version, status, attributes) in rows.decode((UUID, Int, String, String).self) {
                stored[id] = (version, status, attributes)
            }
        }
        func version(of write: VersionWrite) -> Int? {
            write.isNew ? 1 : stored[write.golden].map { $0.version + 1 }
        }

        // Positions, not filtered copies: a copy of a write retains every string of its values.
        let created = writes.indices.filter { writes[$0].isNew }
        if !created.isEmpty {
            let columns = [
                "golden_id", "entity", "current_version", "attributes", "member_count", "state", "status", "lifecycle",
                "dead_reason", "survived_input", "values_digest", "lineage_version", "search_keys",
            ]
            try await connection.copyRows(into: "golden_records", columns: columns, logger: logger) { row, writer in
                for index in created {
                    let write = writes[index]
                    row.uuid(write.golden)
                    row.text(entity)
                    row.int(1)
                    row.text(write.values?.attributesJSON ?? "{}")
                    row.int(write.members.count)
                    row.text("active")
                    row.text(write.values?.status ?? "provisional")
                    row.text(write.values?.lifecycle ?? "live")
                    row.text(write.values?.deadReason)
                    row.int(write.values.map { Int($0.input) })
                    row.int(write.values.map { Int($0.valuesDigest) })
                    row.int(write.values == nil ? nil : 1)
                    row.textArray(write.values?.searchKeys ?? [])
                    row.endRow()
                    try await row.flush(to: writer)
                }
            }
        }
        let changed = writes.indices.filter { !writes[$0].isNew && stored[writes[$0].golden] != nil }
        if !changed.isEmpty {
            try await connection.query(
                """
                CREATE TEMP TABLE IF NOT EXISTS golden_record_update (
                    golden_id uuid, current_version integer, member_count integer, state text, merged_into uuid,
                    attributes jsonb, status text, lifecycle text, dead_reason text, survived_input bigint,
                    values_digest bigint, search_keys text[]
                ) ON COMMIT DELETE ROWS
                """, logger: logger)
            // One write per chunk in the same transaction: the rows of the chunk before are done.
            try await connection.query("TRUNCATE golden_record_update", logger: logger)
            let columns = [
                "golden_id", "current_version", "member_count", "state", "merged_into", "attributes", "status",
                "lifecycle", "dead_reason", "survived_input", "values_digest", "search_keys",
            ]
            try await connection.copyRows(into: "golden_record_update", columns: columns, logger: logger) {
                row, writer in
                for index in changed {
                    let write = writes[index]
                    row.uuid(write.golden)
                    row.int(version(of: write))
                    row.int(write.members.count)
                    row.text(write.state)
                    row.uuid(write.mergedInto)
                    row.text(write.values?.attributesJSON)
                    row.text(write.values?.status)
                    row.text(write.values?.lifecycle)
                    row.text(write.values?.deadReason)
                    row.int(write.values.map { Int($0.input) })
                    row.int(write.values.map { Int($0.valuesDigest) })
                    if let keys = write.values?.searchKeys { row.textArray(keys) } else { row.text(nil) }
                    row.endRow()
                    try await row.flush(to: writer)
                }
            }
            // A membership-only version keeps the record's values; one with values makes its lineage current.
            try await connection.query(
                """
                UPDATE golden_records AS g SET
                    current_version = u.current_version, member_count = u.member_count, state = u.state,
                    merged_into = u.merged_into, updated_at = now(),
                    attributes = coalesce(u.attributes, g.attributes),
                    status = coalesce(u.status, g.status),
                    lifecycle = coalesce(u.lifecycle, g.lifecycle),
                    dead_reason = CASE WHEN u.attributes IS NULL THEN g.dead_reason ELSE u.dead_reason END,
                    survived_input = coalesce(u.survived_input, g.survived_input),
                    values_digest = coalesce(u.values_digest, g.values_digest),
                    search_keys = coalesce(u.search_keys, g.search_keys),
                    lineage_version = CASE WHEN u.attributes IS NULL THEN g.lineage_version ELSE u.current_version END
                FROM golden_record_update AS u
                WHERE g.golden_id = u.golden_id
                """, logger: logger)
        }
        timings.lap("records")
        let columns = [
            "golden_id", "version", "status", "attributes", "change", "run_id", "actor_id", "members", "related",
            "decision_id", "lineage",
        ]
        try await connection.copyRows(into: "golden_versions", columns: columns, logger: logger) { row, writer in
            for write in writes {
                guard let number = version(of: write) else { continue }
                row.uuid(write.golden)
                row.int(number)
                row.text(write.values?.status ?? stored[write.golden]?.status ?? "provisional")
                row.text(write.values?.attributesJSON ?? stored[write.golden]?.attributes ?? "{}")
                row.text(write.change)
                row.uuid(cause.runID)
                row.uuid(cause.actorID)
                row.uuidArray(write.members)
                row.uuidArray(write.related)
                row.uuid(cause.decisionID)
                row.text(utf8: write.values?.lineageUTF8)
                row.endRow()
                try await row.flush(to: writer)
            }
        }
        timings.lap("versions")
        let withValues = writes.filter { $0.values != nil && version(of: $0) != nil }
        guard !withValues.isEmpty else { return }
        let proposals = withValues.flatMap { write in write.values!.proposals.map { (write.golden, $0) } }
        if !proposals.isEmpty {
            try await GoldenProposalRepository.insert(proposals, runID: cause.runID, on: connection, logger: logger)
        }
        // The outbox is written with the golden change it comes from: a killed run leaves both or neither.
        let withDeltas = withValues.filter { !$0.values!.deltas.isEmpty }
        guard !withDeltas.isEmpty else { return }
        let deltas = withDeltas.lazy.flatMap { $0.values!.deltas }
        try await requireSourceRecords(
            Array(deltas.map(\.sourceRecordID)), sources: Array(deltas.map(\.source)), on: connection, logger: logger)
        let outboxColumns = [
            "source_record_id", "golden_id", "golden_version", "source", "delta", "run_id", "source_version",
        ]
        try await connection.copyRows(into: "outbox", columns: outboxColumns, logger: logger) { row, writer in
            for write in withDeltas {
                let number = version(of: write)!
                for delta in write.values!.deltas {
                    row.uuid(delta.sourceRecordID)
                    row.uuid(write.golden)
                    row.int(number)
                    row.text(delta.source)
                    row.text(delta.json)
                    row.uuid(cause.runID)
                    row.int(delta.sourceVersion)
                    row.endRow()
                }
                try await row.flush(to: writer)
            }
        }
    }

    static func writeXref(
        _ plan: GoldenIdentityPlan, entity: String, at: Date, cause: Cause, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let closing = plan.moves.compactMap { $0.from == nil ? nil : $0.record }
        if !closing.isEmpty {
            try await connection.query(
                "UPDATE xref SET valid_to = \(at) WHERE valid_to IS NULL AND source_record_id = ANY(\(closing))",
                logger: logger)
        }
        let opening = plan.moves.filter { $0.to != nil }
        guard !opening.isEmpty else { return }
        try await requireSourceRecords(opening.map(\.record), on: connection, logger: logger)
        let columns = ["source_record_id", "valid_from", "golden_id", "reason", "run_id", "entity"]
        try await connection.copyRows(into: "xref", columns: columns, logger: logger) { row, writer in
            for move in opening {
                row.uuid(move.record)
                row.timestamp(at)
                row.uuid(move.to)
                row.text(cause.decisionID != nil && move.reason == .match ? "steward" : move.reason.rawValue)
                row.uuid(cause.runID)
                row.text(entity)
                row.endRow()
                try await row.flush(to: writer)
            }
        }
    }

    /// Refuses a write that names a source record the store does not have (with `sources`, one of another source):
    /// what the per-row foreign keys checked before migration 17, as one anti-join for the whole write.
    static func requireSourceRecords(
        _ ids: [UUID], sources: [String]? = nil, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !ids.isEmpty else { return }
        let rows: PostgresRowSequence
        if let sources {
            rows = try await connection.query(
                """
                SELECT i.id FROM unnest(\(ids)::uuid[], \(sources)::text[]) AS i (id, source)
                WHERE NOT EXISTS (
                    SELECT 1 FROM source_records AS s WHERE s.source_record_id = i.id AND s.source = i.source)
                LIMIT 1
                """, logger: logger)
        } else {
            rows = try await connection.query(
                """
                SELECT i.id FROM unnest(\(ids)::uuid[]) AS i (id)
                WHERE NOT EXISTS (SELECT 1 FROM source_records AS s WHERE s.source_record_id = i.id)
                LIMIT 1
                """, logger: logger)
        }
        for try await id in rows.decode(UUID.self) {
            throw StoreError(
                .unknownSourceRecord,
                sources == nil
                    ? "source record \(id) is not in the store; the golden write was not applied"
                    : "source record \(id) is not in the store under the source its delta names; "
                        + "the golden write was not applied")
        }
    }

    /// The golden record `id` names today: merged ids are followed to their survivor (a loop is cut after 100
    /// hops). Single-row lookups rather than a recursive query, so each hop stays on one shard.
    public func resolve(_ id: UUID) async throws -> Record? {
        var current = id
        for _ in 0..<100 {
            guard let record = try await find(current) else { return nil }
            guard let next = record.mergedInto else { return record }
            current = next
        }
        return nil
    }

    /// One golden record as stored, without following merges.
    public func find(_ id: UUID) async throws -> Record? {
        let rows = try await database.client.query(
            """
            SELECT golden_id, entity, state, status, current_version, member_count, merged_into
            FROM golden_records WHERE golden_id = \(id)
            """, logger: database.logger)
        for try await (id, entity, state, status, version, members, merged) in rows.decode(
            (UUID, String, String, String, Int, Int, UUID?).self)
        {
            return Record(
                goldenID: id, entity: entity, state: state, status: status, version: version, memberCount: members,
                mergedInto: merged)
        }
        return nil
    }

    /// The source record ids currently in golden record `id`.
    public func members(of id: UUID) async throws -> [UUID] {
        let rows = try await database.client.query(
            "SELECT source_record_id FROM xref WHERE golden_id = \(id) AND valid_to IS NULL ORDER BY source_record_id",
            logger: database.logger)
        var members: [UUID] = []
        for try await member in rows.decode(UUID.self) { members.append(member) }
        return members
    }

    /// The xref row of a source record at `at` (now when `nil`): one lookup on the xref primary key.
    public func xref(sourceRecordID: UUID, at: Date? = nil) async throws -> XrefRow? {
        let rows: PostgresRowSequence
        if let at {
            rows = try await database.client.query(
                """
                SELECT source_record_id, golden_id, valid_from, valid_to, reason FROM xref
                WHERE source_record_id = \(sourceRecordID) AND valid_from <= \(at)
                  AND (valid_to IS NULL OR valid_to > \(at))
                """, logger: database.logger)
        } else {
            rows = try await database.client.query(
                """
                SELECT source_record_id, golden_id, valid_from, valid_to, reason FROM xref
                WHERE source_record_id = \(sourceRecordID) AND valid_to IS NULL
                """, logger: database.logger)
        }
        for try await (record, golden, from, to, reason) in rows.decode((UUID, UUID, Date, Date?, String).self) {
            return XrefRow(sourceRecordID: record, goldenID: golden, validFrom: from, validTo: to, reason: reason)
        }
        return nil
    }

    /// Every xref row of a source record, oldest first.
    public func xrefHistory(sourceRecordID: UUID) async throws -> [XrefRow] {
        let rows = try await database.client.query(
            """
            SELECT source_record_id, golden_id, valid_from, valid_to, reason FROM xref
            WHERE source_record_id = \(sourceRecordID) ORDER BY valid_from
            """, logger: database.logger)
        var history: [XrefRow] = []
        for try await (record, golden, from, to, reason) in rows.decode((UUID, UUID, Date, Date?, String).self) {
            history.append(XrefRow(sourceRecordID: record, goldenID: golden, validFrom: from, validTo: to, reason: reason))
        }
        return history
    }

    /// The membership versions of a golden record, oldest first: (version, change, members, related).
    public func versions(of id: UUID) async throws -> [(version: Int, change: String, members: [UUID], related: [UUID])] {
        let rows = try await database.client.query(
            """
            SELECT version, change, coalesce(members, '{}'), related FROM golden_versions
            WHERE golden_id = \(id) ORDER BY version
            """, logger: database.logger)
        var versions: [(Int, String, [UUID], [UUID])] = []
        for try await row in rows.decode((Int, String, [UUID], [UUID]).self) { versions.append(row) }
        return versions.map { (version: $0.0, change: $0.1, members: $0.2, related: $0.3) }
    }

    /// Counts of golden records by state for `entity`, and of all golden versions.
    public func counts(entity: String? = nil) async throws -> (active: Int, merged: Int, retired: Int, versions: Int) {
        let rows = try await database.client.query(
            """
            SELECT count(*) FILTER (WHERE state = 'active'), count(*) FILTER (WHERE state = 'merged'),
                   count(*) FILTER (WHERE state = 'retired'), coalesce(sum(current_version), 0)::bigint
            FROM golden_records WHERE \(entity)::text IS NULL OR entity = \(entity)
            """, logger: database.logger)
        for try await (active, merged, retired, versions) in rows.decode((Int, Int, Int, Int).self) {
            return (active, merged, retired, versions)
        }
        return (0, 0, 0, 0)
    }

    /// Every live (not deleted) source record with its current golden id, ordered by source and key.
    public func forEachMembership(_ body: (Membership) throws -> Void) async throws {
        let rows = try await database.client.query(
            """
            SELECT s.source, s.source_key, s.source_record_id, x.golden_id
            FROM source_records AS s
            JOIN xref AS x ON x.source_record_id = s.source_record_id AND x.valid_to IS NULL
            WHERE NOT s.deleted
            ORDER BY s.source, s.source_key
            """, logger: database.logger)
        for try await (source, key, record, golden) in rows.decode((String, String, UUID, UUID).self) {
            try body(Membership(source: source, sourceKey: key, sourceRecordID: record, goldenID: golden))
        }
    }

    /// The entity of a source record and whether it is deleted; `nil` when it was never landed.
    public func sourceRecord(_ id: UUID) async throws -> (entity: String, deleted: Bool)? {
        let rows = try await database.client.query(
            "SELECT entity, deleted FROM source_records WHERE source_record_id = \(id)", logger: database.logger)
        for try await (entity, deleted) in rows.decode((String, Bool).self) { return (entity, deleted) }
        return nil
    }
}
