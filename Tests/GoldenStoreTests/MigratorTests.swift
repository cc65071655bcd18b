import Foundation
import GoldenStore
import GoldenTestSupport
import PostgresNIO
import Testing

@Suite("Migrations", .emptyDatabase)
struct MigratorTests {
    @Test("apply to an empty schema, then re-apply as a no-op")
    func appliesThenNoOp() async throws {
        let db = try TestDatabase.require
        let first = try await db.database.migrate()
        #expect(first.fromVersion == 0)
        #expect(first.applied == Migration.all.map(\.version))
        #expect(first.toVersion == Migration.all.last?.version)
        #expect(first.schema == db.schema)

        let second = try await db.database.migrate()
        #expect(second.applied.isEmpty)
        #expect(second.fromVersion == first.toVersion)
        #expect(second.toVersion == first.toVersion)

        let rows = try await db.client.query("SELECT count(*) FROM schema_migrations")
        var count = 0
        for try await value in rows.decode(Int.self) { count = value }
        #expect(count == Migration.all.count)
    }

    @Test("two concurrent migrators both succeed and leave one schema")
    func concurrentMigrators() async throws {
        let db = try TestDatabase.require
        let reports = try await withThrowingTaskGroup(of: MigrationReport.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    // A second pool: a separate process would have its own connections too.
                    let other = GoldenDatabase(configuration: db.database.configuration, logger: db.logger)
                    return try await other.withRunning { try await $0.migrate() }
                }
            }
            var reports: [MigrationReport] = []
            for try await report in group { reports.append(report) }
            return reports
        }
        #expect(reports.count == 2)
        // Exactly one of them applied the migrations; the other found them applied.
        #expect(reports.filter { !$0.applied.isEmpty }.count == 1)
        #expect(reports.allSatisfy { $0.toVersion == Migration.all.last?.version })
    }

    @Test("migration 12 carries per-attribute lineage rows over into one document on their version")
    func lineageMovesOntoTheVersion() async throws {
        let db = try TestDatabase.require
        try await Migrator(migrations: Migration.all.filter { $0.version < 12 }).migrate(
            on: db.client, logger: db.logger)
        let id = UUID()
        try await db.client.query(
            """
            INSERT INTO golden_records (golden_id, entity, current_version, attributes)
            VALUES (\(id), 'organization', 2, '{}')
            """)
        for version in [1, 2] {
            try await db.client.query(
                """
                INSERT INTO golden_versions (golden_id, version, status, attributes, change)
                VALUES (\(id), \(version), 'provisional', '{}', 'create')
                """)
        }
        for (version, attribute) in [(1, "kpp"), (1, "inn"), (2, "inn")] {
            let value = #"{"attribute":"\#(attribute)","value":"v\#(version)","rule":"only_value","beaten":[]}"#
            try await db.client.query(
                """
                INSERT INTO golden_attribute_lineage (golden_id, version, attribute, value, rule)
                VALUES (\(id), \(version), \(attribute), \(value)::json, 'only_value')
                """)
        }
        let report = try await db.database.migrate()
        #expect(report.applied.contains(12))
        let rows = try await db.client.query(
            "SELECT version, lineage::text FROM golden_versions WHERE golden_id = \(id) ORDER BY version")
        var documents: [Int: [String: Any]] = [:]
        for try await (version, text) in rows.decode((Int, String).self) {
            documents[version] = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        }
        let first = try #require(documents[1]?["attributes"] as? [[String: Any]])
        #expect(first.map { $0["attribute"] as? String } == ["inn", "kpp"], "attribute order, both rows")
        #expect(first.map { $0["value"] as? String } == ["v1", "v1"])
        let second = try #require(documents[2]?["attributes"] as? [[String: Any]])
        #expect(second.map { $0["value"] as? String } == ["v2"])
        let left = try await db.client.query(
            "SELECT count(*) FROM pg_tables WHERE tablename = 'golden_attribute_lineage' AND schemaname = \(db.schema)")
        for try await count in left.decode(Int.self) { #expect(count == 0) }
        // The append-only guard is back in force after the migration.
        await #expect(throws: (any Error).self) {
            try await db.client.query("UPDATE golden_versions SET lineage = NULL WHERE golden_id = \(id)")
        }
    }

    @Test("an applied migration whose text changed is refused")
    func checksumMismatch() async throws {
        let db = try TestDatabase.require
        try await db.database.migrate()
        try await db.client.query("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1")
        await #expect(throws: StoreError.self) {
            try await db.database.migrate()
        }
        do {
            try await db.database.migrate()
        } catch let error as StoreError {
            #expect(error.code == .migrationChecksumMismatch)
        }
    }

    @Test("a failing migration rolls back whole and names itself")
    func failingMigrationRollsBack() async throws {
        let db = try TestDatabase.require
        let broken = Migrator(migrations: [
            Migration(version: 1, name: "ok", sql: "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int);"),
            Migration(version: 2, name: "broken", sql: "CREATE TABLE c (id int); SELECT * FROM missing_table;"),
        ])
        do {
            _ = try await broken.migrate(on: db.client, logger: db.logger)
            Issue.record("the broken migration applied")
        } catch let error as StoreError {
            #expect(error.code == .migrationFailed)
            #expect(error.message.contains("2 (broken)"))
            #expect(error.message.contains("missing_table"))
        }
        let rows = try await db.client.query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1")
        var tables: [String] = []
        for try await name in rows.decode(String.self) { tables.append(name) }
        #expect(tables == ["a", "b", "schema_migrations"])
    }

    @Test("migration 20 gives every membership row, open or closed, its record's entity")
    func xrefRowsGetTheirEntity() async throws {
        let db = try TestDatabase.require
        try await Migrator(migrations: Migration.all.filter { $0.version < 20 }).migrate(
            on: db.client, logger: db.logger)
        try await db.client.query("INSERT INTO sources (name, kind) VALUES ('crm_a', 'salesforce')")
        let hash = ByteBuffer(repeating: 3, count: 32)
        var entityOf: [UUID: String] = [:]
        for (index, entity) in ["organization", "person", "person", "organization"].enumerated() {
            let id = UUID()
            entityOf[id] = entity
            try await db.client.query(
                """
                INSERT INTO source_records (source_record_id, source, source_key, entity, version, content_sha256)
                VALUES (\(id), 'crm_a', \("k\(index)"), \(entity), 1, \(hash))
                """)
            // One closed row and one open row per record: both get the entity.
            try await db.client.query(
                """
                INSERT INTO xref (source_record_id, valid_from, valid_to, golden_id, reason)
                VALUES (\(id), now() - interval '2 days', now() - interval '1 day', \(UUID()), 'new')
                """)
            try await db.client.query(
                """
                INSERT INTO xref (source_record_id, valid_from, golden_id, reason)
                VALUES (\(id), now() - interval '1 day', \(UUID()), 'match')
                """)
        }
        let report = try await db.database.migrate()
        #expect(report.applied.first == 20)
        let rows = try await db.client.query("SELECT source_record_id, entity FROM xref")
        var seen = 0
        for try await (id, entity) in rows.decode((UUID, String).self) {
            #expect(entityOf[id] == entity, "xref row of \(id)")
            seen += 1
        }
        #expect(seen == 8)
        // Written from now on with the entity, or refused.
        await #expect(throws: PSQLError.self) {
            try await db.client.query(
                "INSERT INTO xref (source_record_id, valid_from, golden_id, reason) VALUES (\(UUID()), now(), \(UUID()), 'new')")
        }
    }
}

@Suite("SQL statement splitter")
struct SQLStatementSplitterTests {
    @Test func splitsAtTopLevelSemicolonsOnly() {
        let migration = Migration(
            version: 9, name: "t",
            sql: """
                -- a comment; with a semicolon
                CREATE TABLE t (note text DEFAULT 'a;b');
                /* block; comment */
                CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;
                CREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;
                -- trailing comment only
                """)
        let statements = migration.statements
        #expect(statements.count == 3)
        #expect(statements[0].hasSuffix("DEFAULT 'a;b')"))
        #expect(statements[1].contains("$body$ SELECT 1; $body$"))
        #expect(statements[2].contains("BEGIN RETURN 1; END;"))
    }

    @Test func schemaV1SplitsIntoManyStatements() {
        let statements = Migration.all[0].statements
        #expect(statements.count > 30)
        #expect(statements.allSatisfy { !$0.isEmpty })
    }
}
