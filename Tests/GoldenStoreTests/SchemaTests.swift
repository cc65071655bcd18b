import Foundation
import GoldenCore
import GoldenStore
import Matching
import GoldenTestSupport
import PostgresNIO
import NIOCore
import Testing

/// The schema enforces the flow's invariants itself, whatever code writes to it.
@Suite("Schema v1", .database)
struct SchemaTests {
    static let expectedTables: Set<String> = [
        "sources", "source_watermarks", "roles", "users", "user_roles", "api_tokens", "sync_runs",
        "sync_run_sources", "source_records", "raw_record_versions", "quarantine", "match_candidates",
        "match_models", "golden_records", "golden_versions", "golden_proposals", "xref",
        "steward_decisions", "outbox", "audit_log", "schema_migrations", "rejected_rows", "golden_run_inputs",
        "match_table_images", "match_states", "source_fingerprints", "landing_changes",
    ]

    @Test("has every table of the flow")
    func tables() async throws {
        let db = try TestDatabase.require
        let rows = try await db.client.query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()")
        var tables: Set<String> = []
        for try await name in rows.decode(String.self) { tables.insert(name) }
        #expect(tables == Self.expectedTables)
    }

    @Test("every large table leads its primary key with a distribution column")
    func distributionColumns() async throws {
        let db = try TestDatabase.require
        let rows = try await db.client.query(
            """
            SELECT tc.table_name::text, kcu.column_name::text
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage kcu
              ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
            WHERE tc.table_schema = current_schema() AND tc.constraint_type = 'PRIMARY KEY' AND kcu.ordinal_position = 1
            """)
        var leading: [String: String] = [:]
        for try await (table, column) in rows.decode((String, String).self) { leading[table] = column }
        for table in ["source_records", "raw_record_versions", "quarantine", "xref", "outbox"] {
            #expect(leading[table] == "source_record_id", "\(table)")
        }
        for table in ["golden_records", "golden_versions", "golden_proposals"] {
            #expect(leading[table] == "golden_id", "\(table)")
        }
        #expect(leading["match_candidates"] == "left_id")
    }

    @Test("golden history documents are compressed with lz4, and a version written with them reads back whole")
    func versionCompression() async throws {
        let db = try TestDatabase.require
        let rows = try await db.client.query(
            """
            SELECT attname::text, attcompression::text FROM pg_attribute
            WHERE attrelid = 'golden_versions'::regclass AND attname IN ('lineage', 'attributes')
            """)
        var methods: [String: String] = [:]
        for try await (column, method) in rows.decode((String, String).self) { methods[column] = method }
        #expect(methods == ["lineage": "l", "attributes": "l"])

        // A document large enough to be compressed comes back byte for byte.
        let golden = UUID()
        let lineage = "[" + (0..<200).map { #"{"attribute":"phone","value":"+7495\#($0)"}"# }.joined(separator: ",") + "]"
        try await db.client.query(
            """
            INSERT INTO golden_records (golden_id, entity, current_version, attributes)
            VALUES (\(golden), 'organization', 1, '{}')
            """)
        try await db.client.query(
            """
            INSERT INTO golden_versions (golden_id, version, status, attributes, change, lineage)
            VALUES (\(golden), 1, 'provisional', '{}', 'create', \(lineage)::json)
            """)
        let stored = try await db.client.query(
            """
            SELECT lineage::text, pg_column_compression(lineage)::text FROM golden_versions WHERE golden_id = \(golden)
            """)
        for try await (text, method) in stored.decode((String, String?).self) {
            #expect(text == lineage)
            #expect(method == "lz4")
        }
    }

    @Test("a golden write whose xref names no source record is refused whole, and the per-row keys are gone")
    func xrefNeedsSourceRecord() async throws {
        let db = try TestDatabase.require
        // Migration 17 checks these links once per write instead of once per row.
        var keys: [String] = []
        for try await name in try await db.client.query(
            """
            SELECT conname::text FROM pg_constraint
            WHERE contype = 'f' AND conrelid IN ('xref'::regclass, 'outbox'::regclass, 'golden_versions'::regclass)
              AND confrelid IN ('source_records'::regclass, 'sources'::regclass, 'golden_records'::regclass)
            """
        ).decode(String.self) { keys.append(name) }
        #expect(keys.isEmpty)

        let hash = ByteBuffer(repeating: 7, count: 32)
        let known = UUID()
        let unknown = UUID()
        try await db.client.query("INSERT INTO sources (name, kind) VALUES ('crm_a', 'salesforce')")
        try await db.client.query(
            """
            INSERT INTO source_records (source_record_id, source, source_key, entity, version, content_sha256)
            VALUES (\(known), 'crm_a', 'k1', 'organization', 1, \(hash))
            """)
        let repository = GoldenRecordRepository(database: db.database)
        let plan = GoldenIdentityPlanner().plan(clusters: [[known, unknown]], previous: [:], mint: { UUID() })
        do {
            try await repository.apply(plan, entity: "organization", cause: .init())
            Issue.record("a write naming an unknown source record was applied")
        } catch let error as StoreError {
            #expect(error.code == .unknownSourceRecord)
            #expect(error.message.contains(unknown.uuidString))
        }
        for table in ["xref", "golden_records", "golden_versions"] {
            var count = -1
            for try await value in try await db.client.query("SELECT count(*)::int FROM \(unescaped: table)")
                .decode(Int.self)
            { count = value }
            #expect(count == 0, "\(table)")
        }
        // The same write with only the known record goes through.
        let good = GoldenIdentityPlanner().plan(clusters: [[known]], previous: [:], mint: { UUID() })
        try await repository.apply(good, entity: "organization", cause: .init())
        #expect(try await repository.xref(sourceRecordID: known)?.goldenID == good.clusterIDs[0])
    }

    // A source record's source is checked by landing once per batch, not per row (migration 2; LandingRepositoryTests).
    @Test("one open xref per source record")
    func sourceRecordConstraints() async throws {
        let db = try TestDatabase.require
        let id = UUID()
        let hash = ByteBuffer(repeating: 7, count: 32)
        try await db.client.query("INSERT INTO sources (name, kind) VALUES ('crm_a', 'salesforce')")
        try await db.client.query(
            """
            INSERT INTO source_records (source_record_id, source, source_key, entity, version, content_sha256)
            VALUES (\(id), 'crm_a', 'k1', 'organization', 1, \(hash))
            """)
        try await db.client.query(
            "INSERT INTO xref (source_record_id, valid_from, golden_id, reason, entity) VALUES (\(id), now(), \(UUID()), 'new', 'organization')")
        await #expect(throws: PSQLError.self) {
            try await db.client.query(
                "INSERT INTO xref (source_record_id, valid_from, golden_id, reason, entity) VALUES (\(id), now() + interval '1 s', \(UUID()), 'match', 'organization')"
            )
        }
    }

    @Test("raw versions and the audit log are append-only")
    func appendOnly() async throws {
        let db = try TestDatabase.require
        let id = UUID()
        let hash = ByteBuffer(repeating: 1, count: 32)
        try await db.client.query("INSERT INTO sources (name, kind) VALUES ('crm_a', 'salesforce')")
        try await db.client.query(
            """
            INSERT INTO source_records (source_record_id, source, source_key, entity, version, content_sha256)
            VALUES (\(id), 'crm_a', 'k1', 'person', 1, \(hash))
            """)
        try await db.client.query(
            """
            INSERT INTO raw_record_versions (source_record_id, version, content_sha256, payload)
            VALUES (\(id), 1, \(hash), '{"Name":"Марк Смирнов"}'::jsonb)
            """)
        await #expect(throws: PSQLError.self) {
            try await db.client.query("UPDATE raw_record_versions SET payload = '{}'::jsonb")
        }
        await #expect(throws: PSQLError.self) {
            try await db.client.query("DELETE FROM raw_record_versions")
        }
        try await db.client.query(
            "INSERT INTO audit_log (audit_id, actor, action) VALUES (\(UUID()), 'cli', 'migrate')")
        await #expect(throws: PSQLError.self) {
            try await db.client.query("DELETE FROM audit_log")
        }
        let rows = try await db.client.query("SELECT payload->>'Name' FROM raw_record_versions")
        for try await name in rows.decode(String.self) { #expect(name == "Марк Смирнов") }
    }

    @Test("match pairs are stored once, smaller id first")
    func matchPairOrder() async throws {
        let db = try TestDatabase.require
        try await db.client.query("INSERT INTO sources (name, kind) VALUES ('crm_a', 'salesforce')")
        let ids = [UUID(), UUID()].sorted { $0.uuidString < $1.uuidString }
        let hash = ByteBuffer(repeating: 2, count: 32)
        for (index, id) in ids.enumerated() {
            try await db.client.query(
                """
                INSERT INTO source_records (source_record_id, source, source_key, entity, version, content_sha256)
                VALUES (\(id), 'crm_a', \("k\(index)"), 'person', 1, \(hash))
                """)
        }
        // PostgreSQL orders uuids bytewise, as the uppercase hex string does.
        await #expect(throws: PSQLError.self) {
            try await db.client.query(
                """
                INSERT INTO match_candidates (left_id, right_id, entity, match_weight, probability, explanation, status)
                VALUES (\(ids[1]), \(ids[0]), 'person', 3.2, 0.9, '{}'::jsonb, 'review')
                """)
        }
        try await db.client.query(
            """
            INSERT INTO match_candidates (left_id, right_id, entity, match_weight, probability, explanation, status)
            VALUES (\(ids[0]), \(ids[1]), 'person', 3.2, 0.9, '{}'::jsonb, 'review')
            """)
    }
}
