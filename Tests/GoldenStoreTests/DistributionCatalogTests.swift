import Foundation
import GoldenStore
import GoldenTestSupport
import NIOCore
import PostgresNIO
import Testing

/// CI has no Citus: these checks on plain PostgreSQL are what keep the store distributable (issue 16).
@Suite("Distribution plan against the migrated catalog", .database)
struct DistributionCatalogTests {
    @Test("the migrated schema distributes as DistributionPlan.golden says")
    func migratedSchemaFollowsThePlan() async throws {
        let db = try TestDatabase.require
        let violations = try await db.database.distributionViolations()
        #expect(violations.isEmpty, "\(violations.map(\.description).joined(separator: "\n"))")
    }

    /// One deliberately broken migration each: the checker must name the rule and the table.
    struct BrokenMigration: Sendable, CustomTestStringConvertible {
        let name: String
        let statements: [String]
        let rule: DistributionViolation.Rule
        let subject: String

        var testDescription: String { name }

        static let all: [BrokenMigration] = [
            BrokenMigration(
                name: "a new table without a plan entry",
                statements: ["CREATE TABLE golden_widgets (golden_id uuid PRIMARY KEY, note text)"],
                rule: .tableMissingFromPlan, subject: "golden_widgets"),
            BrokenMigration(
                name: "a unique index without the distribution column",
                statements: ["CREATE UNIQUE INDEX golden_records_one_merge ON golden_records (merged_into)"],
                rule: .uniqueWithoutDistributionColumn, subject: "golden_records"),
            BrokenMigration(
                name: "a primary key without the distribution column",
                statements: [
                    "ALTER TABLE xref DROP CONSTRAINT xref_pkey",
                    "ALTER TABLE xref ADD PRIMARY KEY (golden_id, valid_from)",
                ],
                rule: .uniqueWithoutDistributionColumn, subject: "xref"),
            BrokenMigration(
                name: "a trigger on a distributed table",
                statements: [
                    """
                    CREATE TRIGGER xref_guard BEFORE DELETE ON xref
                    FOR EACH ROW EXECUTE FUNCTION golden_reject_change()
                    """
                ],
                rule: .trigger, subject: "xref"),
            BrokenMigration(
                name: "a trigger on a reference table",
                statements: [
                    """
                    CREATE TRIGGER sources_guard BEFORE DELETE ON sources
                    FOR EACH ROW EXECUTE FUNCTION golden_reject_change()
                    """
                ],
                rule: .trigger, subject: "sources"),
            BrokenMigration(
                name: "a foreign key across co-location groups",
                statements: [
                    """
                    ALTER TABLE xref ADD CONSTRAINT xref_golden_fkey
                    FOREIGN KEY (golden_id) REFERENCES golden_records (golden_id)
                    """
                ],
                rule: .foreignKey, subject: "xref.xref_golden_fkey"),
            BrokenMigration(
                name: "a foreign key within a group that skips the distribution column",
                statements: [
                    """
                    ALTER TABLE match_candidates ADD CONSTRAINT match_candidates_right_fkey
                    FOREIGN KEY (right_id) REFERENCES source_records (source_record_id)
                    """
                ],
                rule: .foreignKey, subject: "match_candidates.match_candidates_right_fkey"),
            BrokenMigration(
                name: "a reference table referencing a distributed one",
                statements: [
                    "ALTER TABLE sources ADD COLUMN golden_id uuid REFERENCES golden_records (golden_id)"
                ],
                rule: .foreignKey, subject: "sources.sources_golden_id_fkey"),
            BrokenMigration(
                name: "a nullable distribution column",
                statements: [
                    "ALTER TABLE golden_proposals DROP CONSTRAINT golden_proposals_pkey",
                    "ALTER TABLE golden_proposals ALTER COLUMN golden_id DROP NOT NULL",
                ],
                rule: .distributionColumn, subject: "golden_proposals"),
            BrokenMigration(
                name: "history that the application may update",
                statements: ["GRANT UPDATE ON raw_record_versions TO PUBLIC"],
                rule: .appendOnlyPrivileges, subject: "raw_record_versions"),
        ]
    }

    @Test("a broken migration is reported", arguments: BrokenMigration.all)
    func brokenMigrationIsReported(_ broken: BrokenMigration) async throws {
        let db = try TestDatabase.require
        for statement in broken.statements {
            try await db.client.query(PostgresQuery(unsafeSQL: statement))
        }
        let violations = try await db.database.distributionViolations()
        #expect(
            violations.contains { $0.rule == broken.rule && $0.subject == broken.subject },
            """
            expected [\(broken.rule.rawValue)] \(broken.subject), got:
            \(violations.map(\.description).joined(separator: "\n"))
            """
        )
    }

    @Test("a table missing from the plan is named, with where to add it")
    func missingPlanEntryIsNamed() async throws {
        let db = try TestDatabase.require
        let plan = DistributionPlan(DistributionPlan.golden.tables.filter { $0.table != "outbox" })
        let violations = try await db.database.distributionViolations(plan: plan)
        let missing = try #require(violations.first { $0.rule == .tableMissingFromPlan })
        #expect(violations.count == 1)
        #expect(missing.subject == "outbox")
        #expect(missing.message.contains("DistributionPlan.golden"))
        #expect(missing.message.contains("Sources/GoldenStore/Distribution/DistributionPlan.swift"))
    }

    @Test("a plan entry placed before what it references or co-locates with is reported")
    func planOrderIsChecked() async throws {
        let db = try TestDatabase.require
        var tables = DistributionPlan.golden.tables
        let xref = tables.remove(at: try #require(tables.firstIndex { $0.table == "xref" }))
        tables.insert(xref, at: 0)
        let violations = try await db.database.distributionViolations(plan: DistributionPlan(tables))
        #expect(violations.contains { $0.rule == .planOrder && $0.subject == "xref" })
    }

    @Test("a stale plan entry is reported")
    func stalePlanEntry() async throws {
        let db = try TestDatabase.require
        let plan = DistributionPlan(DistributionPlan.golden.tables + [.reference("retired_settings")])
        let violations = try await db.database.distributionViolations(plan: plan)
        #expect(violations.map(\.rule) == [.planEntryWithoutTable])
    }

    @Test("migrate --citus on plain PostgreSQL says there is no Citus and changes nothing")
    func citusRequired() async throws {
        let db = try TestDatabase.require
        let before = try await db.database.distributionViolations()
        do {
            _ = try await db.database.migrateAndDistribute(applicationRole: nil)
            Issue.record("distribution ran without Citus")
        } catch let error as StoreError {
            #expect(error.code == .citusUnavailable)
            #expect(error.message.contains("no citus extension"))
        }
        #expect(try await db.database.distributionViolations() == before)
    }
}

/// History is append-only by privileges for the role golden runs as: the guard that remains on Citus.
@Suite("Application role privileges", .database)
struct ApplicationRoleTests {
    @Test("the application role may insert history but not update or delete it")
    func historyIsAppendOnlyForTheApplicationRole() async throws {
        let db = try TestDatabase.require
        let role = "golden_app_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try await db.client.query(PostgresQuery(unsafeSQL: "CREATE ROLE \(role) NOLOGIN"))
        do {
            #expect(try await db.database.grantApplicationRole(role).isEmpty)
            // Rerunning is a no-op, and the grants themselves keep to the plan.
            try await db.database.grantApplicationRole(role)
            #expect(try await db.database.distributionViolations().isEmpty)
            try await db.client.withConnection { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "SET ROLE \(role)"), logger: db.logger)
                do {
                    // `golden serve` and `sync` migrate at start: a no-op the application role may run.
                    let report = try await Migrator(migrations: Migration.all).migrate(
                        on: connection, logger: db.logger)
                    #expect(report.applied.isEmpty)
                    try await Self.exerciseHistory(on: connection, db: db)
                } catch {
                    _ = try? await connection.query("RESET ROLE", logger: db.logger)
                    throw error
                }
                // The connection goes back to the pool, which drops the role next.
                try await connection.query("RESET ROLE", logger: db.logger)
            }
        } catch {
            try? await Self.dropRole(role, db: db)
            throw error
        }
        try await Self.dropRole(role, db: db)
    }

    static func exerciseHistory(on connection: PostgresConnection, db: TestDatabase) async throws {
        let logger = db.logger
        let id = UUID()
        let hash = ByteBuffer(repeating: 3, count: 32)
        try await connection.query("INSERT INTO sources (name, kind) VALUES ('crm_a', 'salesforce')", logger: logger)
        try await connection.query(
            """
            INSERT INTO source_records (source_record_id, source, source_key, entity, version, content_sha256)
            VALUES (\(id), 'crm_a', 'k1', 'person', 1, \(hash))
            """, logger: logger)
        try await connection.query(
            """
            INSERT INTO raw_record_versions (source_record_id, version, content_sha256, payload)
            VALUES (\(id), 1, \(hash), '{}')
            """, logger: logger)
        // The foreign key to raw_record_versions is checked as its owner, who keeps UPDATE: inserts still work.
        try await connection.query(
            """
            INSERT INTO quarantine (source_record_id, version, field, reason_code, reason)
            VALUES (\(id), 1, 'phone', 'phone.invalid', 'phone: not a number')
            """, logger: logger)
        try await connection.query(
            "UPDATE source_records SET deleted = true WHERE source_record_id = \(id)", logger: logger)
        for statement in [
            "UPDATE raw_record_versions SET deleted = true", "DELETE FROM raw_record_versions",
            "DELETE FROM audit_log", "UPDATE golden_versions SET run_id = NULL",
        ] {
            do {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                Issue.record("the application role could run: \(statement)")
            } catch let error as PSQLError {
                #expect(error.serverInfo?[.message]?.hasPrefix("permission denied") == true, "\(statement)")
            }
        }
    }

    @Test("the role that owns the tables, or one that does not exist, is refused")
    func ownerAndUnknownRolesAreRefused() async throws {
        let db = try TestDatabase.require
        let rows = try await db.client.query("SELECT current_user::text")
        var owner = ""
        for try await name in rows.decode(String.self) { owner = name }
        for role in [owner, "golden_no_such_role"] {
            do {
                try await db.database.grantApplicationRole(role)
                Issue.record("granted \(role)")
            } catch let error as StoreError {
                #expect(error.code == .invalidApplicationRole)
            }
        }
    }

    static func dropRole(_ role: String, db: TestDatabase) async throws {
        try await db.client.query(PostgresQuery(unsafeSQL: "DROP OWNED BY \(role)"))
        try await db.client.query(PostgresQuery(unsafeSQL: "DROP ROLE \(role)"))
    }
}
