import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Lands batches of source records: raw versions append-only, current records upserted, quarantine written,
/// and the source's watermark moved — all in one transaction per batch.
///
/// Rows go to the server with COPY into per-connection temporary stage tables, then one statement upserts
/// `source_records` (only where the content hash changed), appends `raw_record_versions` for exactly those, and
/// writes their quarantine rows. An unchanged record therefore costs a COPY row and nothing else.
public struct LandingRepository: Sendable {
    public struct Watermark: Sendable, Hashable {
        public var entity: String
        public var value: String

        public init(entity: String, value: String) {
            self.entity = entity
            self.value = value
        }
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// Lands `records` of `source` and, when given, stores `watermark` in the same transaction.
    ///
    /// - Important: the source must be registered (``SourceRepository/register(name:kind:)``) first.
    public func land(
        _ records: [LandingRecord], source: String, runID: UUID?, watermark: Watermark? = nil
    ) async throws -> LandingCounts {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                // The landing statement's estimated cost triggers PostgreSQL's JIT, whose compile time (hundreds of
                // milliseconds per batch) exceeds what it saves on 10,000 rows.
                try await connection.query("SET LOCAL jit = off", logger: logger)
                var counts = LandingCounts(received: records.count)
                for round in Self.rounds(of: records) {
                    counts = counts + (try await landRound(round, runID: runID, on: connection, logger: logger))
                }
                counts.received = records.count
                if let watermark {
                    try await connection.query(
                        """
                        INSERT INTO source_watermarks (source, entity, watermark, run_id)
                        VALUES (\(source), \(watermark.entity), \(watermark.value), \(runID))
                        ON CONFLICT (source, entity)
                        DO UPDATE SET watermark = excluded.watermark, run_id = excluded.run_id, updated_at = now()
                        """, logger: logger)
                }
                return counts
            }
        }
    }

    /// A batch may carry the same record twice (two edits between pulls); each version lands, in order.
    static func rounds(of records: [LandingRecord]) -> [[LandingRecord]] {
        var rounds: [[LandingRecord]] = []
        var seenCount: [UUID: Int] = [:]
        for record in records {
            let id = record.sourceRecordID
            let round = seenCount[id, default: 0]
            seenCount[id] = round + 1
            if round == rounds.count { rounds.append([]) }
            rounds[round].append(record)
        }
        return rounds
    }

    private func landRound(
        _ records: [LandingRecord], runID: UUID?, on connection: PostgresConnection, logger: Logger
    ) async throws -> LandingCounts {
        try await connection.query(
            """
            CREATE TEMP TABLE IF NOT EXISTS golden_landing_stage (
                source_record_id uuid NOT NULL, source text NOT NULL, source_key text NOT NULL, entity text NOT NULL,
                content_sha256 bytea NOT NULL, modified_at timestamptz, deleted boolean NOT NULL,
                merged_into_key text, payload jsonb NOT NULL, attributes jsonb NOT NULL,
                inn text, kpp text, ogrn text, national_id text, name_key text, family_key text, given_initial text,
                email_keys text[] NOT NULL, phone_keys text[] NOT NULL, postcode text, city_key text, employer_key text
            ) ON COMMIT DELETE ROWS
            """, logger: logger)
        try await connection.query(
            """
            CREATE TEMP TABLE IF NOT EXISTS golden_landing_quarantine_stage (
                source_record_id uuid NOT NULL, field text NOT NULL, raw_value text,
                reason_code text NOT NULL, reason text NOT NULL
            ) ON COMMIT DELETE ROWS
            """, logger: logger)

        try await connection.copyFrom(table: "golden_landing_stage", logger: logger) { writer in
            var row = COPYTextWriter()
            for record in records {
                row.uuid(record.sourceRecordID)
                row.text(record.source)
                row.text(record.sourceKey)
                row.text(record.entity.rawValue)
                row.bytea(record.contentHash)
                row.timestamp(record.modifiedAt)
                row.bool(record.deleted)
                row.text(record.mergedIntoKey)
                row.text(record.payloadJSON)
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
                row.endRow()
                if row.buffer.readableBytes > 1 << 20 {
                    try await writer.write(row.buffer)
                    row.reset()
                }
            }
            if row.buffer.readableBytes > 0 { try await writer.write(row.buffer) }
        }

        if records.contains(where: { !$0.quarantine.isEmpty }) {
            try await connection.copyFrom(table: "golden_landing_quarantine_stage", logger: logger) { writer in
                var row = COPYTextWriter()
                for record in records {
                    var seenFields: Set<String> = []
                    for value in record.quarantine where seenFields.insert(value.field).inserted {
                        row.uuid(record.sourceRecordID)
                        row.text(value.field)
                        row.text(value.rawValue)
                        row.text(value.reasonCode)
                        row.text(value.reason)
                        row.endRow()
                    }
                }
                if row.buffer.readableBytes > 0 { try await writer.write(row.buffer) }
            }
        }

        let rows = try await connection.query(
            """
            WITH changed AS (
                INSERT INTO source_records AS r (
                    source_record_id, source, source_key, entity, version, content_sha256, modified_at, deleted,
                    merged_into_key, attributes, inn, kpp, ogrn, national_id, name_key, family_key, given_initial,
                    email_keys, phone_keys, postcode, city_key, employer_key)
                SELECT source_record_id, source, source_key, entity, 1, content_sha256, modified_at, deleted,
                    merged_into_key, attributes, inn, kpp, ogrn, national_id, name_key, family_key, given_initial,
                    email_keys, phone_keys, postcode, city_key, employer_key
                FROM golden_landing_stage
                ON CONFLICT (source_record_id) DO UPDATE SET
                    version = r.version + 1, content_sha256 = excluded.content_sha256,
                    modified_at = excluded.modified_at, deleted = excluded.deleted,
                    merged_into_key = excluded.merged_into_key, attributes = excluded.attributes,
                    inn = excluded.inn, kpp = excluded.kpp, ogrn = excluded.ogrn, national_id = excluded.national_id,
                    name_key = excluded.name_key, family_key = excluded.family_key,
                    given_initial = excluded.given_initial, email_keys = excluded.email_keys,
                    phone_keys = excluded.phone_keys, postcode = excluded.postcode, city_key = excluded.city_key,
                    employer_key = excluded.employer_key, landed_at = now()
                WHERE r.content_sha256 <> excluded.content_sha256 OR r.deleted <> excluded.deleted
                RETURNING r.source_record_id, r.version, r.deleted
            ), appended AS (
                INSERT INTO raw_record_versions (source_record_id, version, content_sha256, modified_at, deleted, payload, run_id)
                SELECT c.source_record_id, c.version, s.content_sha256, s.modified_at, s.deleted, s.payload, \(runID)
                FROM changed c JOIN golden_landing_stage s USING (source_record_id)
                RETURNING source_record_id, version
            ), quarantined AS (
                INSERT INTO quarantine (source_record_id, version, field, raw_value, reason_code, reason, run_id)
                SELECT q.source_record_id, a.version, q.field, q.raw_value, q.reason_code, q.reason, \(runID)
                FROM appended a JOIN golden_landing_quarantine_stage q USING (source_record_id)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM changed), (SELECT count(*) FROM quarantined),
                   (SELECT count(*) FROM changed WHERE deleted)
            """, logger: logger)
        var counts = LandingCounts()
        for try await (changed, quarantined, deleted) in rows.decode((Int, Int, Int).self) {
            counts.newVersions = changed
            counts.quarantined = quarantined
            counts.deleted = deleted
        }
        // ON COMMIT DELETE ROWS empties the stage only at commit; a second round in this transaction starts clean.
        try await connection.query("TRUNCATE golden_landing_stage, golden_landing_quarantine_stage", logger: logger)
        return counts
    }
}
