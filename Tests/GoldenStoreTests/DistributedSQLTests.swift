import Foundation
import GoldenStore
import Testing

/// The store's SQL text keeps the rules that failed on a real Citus cluster (issue 16, items 3–5).
@Suite("SQL of the store on Citus")
struct DistributedSQLTests {
    @Test("every SQL literal under Sources and every migration statement keeps the rules")
    func storeSQLKeepsTheRules() throws {
        let literals = try SwiftSQLLiterals.scanSources()
        // The scan must see the store's statements, or an empty result would pass vacuously.
        #expect(
            literals.count > 40,
            "only \(literals.count) SQL literals found under \(SwiftSQLLiterals.sourcesDirectory.path)")
        #expect(literals.filter { $0.text.uppercased().contains("ON CONFLICT") }.count >= 3)
        #expect(literals.contains { $0.file.hasSuffix("MatchModelRepository.swift") && $0.text.contains("RETURNING") })

        var violations = literals.flatMap { DistributionRules.violations(inStatement: $0.text, at: $0.location) }
        for migration in Migration.all {
            for (index, statement) in migration.statements.enumerated() {
                violations += DistributionRules.violations(
                    inStatement: statement, at: "migration \(migration.version) statement \(index + 1)")
            }
        }
        #expect(violations.isEmpty, "\(violations.map(\.description).joined(separator: "\n"))")
    }

    static let brokenStatements: [(sql: String, rule: DistributionViolation.Rule)] = [
        (
            """
            INSERT INTO sources (name, kind) VALUES ($1, $2)
            ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, updated_at = now()
            WHERE sources.kind <> excluded.kind
            """, .functionInConflictUpdate
        ),
        (
            "INSERT INTO t AS x (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET seen_at = CURRENT_TIMESTAMP",
            .functionInConflictUpdate
        ),
        (
            "INSERT INTO t AS x (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET id = gen_random_uuid()",
            .functionInConflictUpdate
        ),
        (
            """
            INSERT INTO match_models (entity, version, parameters, run_id)
            SELECT $1, coalesce(max(version), 0) + 1, $2::jsonb, $3 FROM match_models WHERE entity = $4
            RETURNING version
            """, .unaliasedInsertReturning
        ),
        (
            "SELECT count(*) FROM sources, pg_advisory_xact_lock($1, hashtext($2)) WHERE name = $3",
            .advisoryLockNotStandalone
        ),
    ]

    @Test("statements that failed on Citus are reported", arguments: brokenStatements)
    func brokenStatementsAreReported(sql: String, rule: DistributionViolation.Rule) {
        let violations = DistributionRules.violations(inStatement: sql, at: "test")
        #expect(violations.map(\.rule) == [rule], "\(violations)")
    }

    @Test(
        "the fixed forms, comments and literals pass",
        arguments: [
            """
            INSERT INTO sources AS s (name, kind) VALUES ($1, $2)
            ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, updated_at = excluded.updated_at
            WHERE s.kind <> excluded.kind AND s.updated_at < now()
            """,
            "INSERT INTO t AS x (a, n) VALUES ($1, $2) ON CONFLICT (a) DO UPDATE SET n = coalesce(x.n, 0) + excluded.n",
            "INSERT INTO t AS x (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET note = 'now()' -- now()",
            "INSERT INTO match_models AS m (entity) SELECT $1 RETURNING m.version",
            "INSERT INTO audit_log (audit_id, actor, action) VALUES ($1, $2, $3)",
            "SELECT pg_advisory_xact_lock($1, hashtext($2))",
            "SELECT pg_advisory_lock($1, hashtext(current_schema()))",
        ])
    func fixedStatementsPass(sql: String) {
        #expect(DistributionRules.violations(inStatement: sql, at: "test").isEmpty)
    }

    @Test("the Swift literal scanner reads interpolations, raw strings and comments")
    func literalScanner() {
        let source = ##"""
            // "SELECT commented out"
            let a = "SELECT 1 WHERE x = \(value("nested \(1)")) AND y = 'z'"
            let b = """
                INSERT INTO t AS x (a) VALUES (\(a))
                RETURNING x.a
                """
            let c = #"SELECT '\(not interpolated)' \#(id)"#
            let d = "not sql"
            """##
        let literals = SwiftSQLLiterals.sqlLiterals(in: source, file: "F.swift")
        #expect(
            literals.map(\.text) == [
                "SELECT 1 WHERE x = $1 AND y = 'z'",
                "INSERT INTO t AS x (a) VALUES ($1)\n    RETURNING x.a",
                #"SELECT '\(not interpolated)' $1"#,
            ])
        #expect(literals.map(\.line) == [2, 3, 7])
    }
}

/// `golden migrate --citus` turns the plan into steps without Citus being present; these check their order and
/// that a rerun is a no-op.
@Suite("Distribution steps")
struct DistributionStepTests {
    let plan = DistributionPlan.golden
    let triggers = ["raw_record_versions", "golden_versions", "audit_log"].map {
        DistributionCatalog.Trigger(table: $0, name: "\($0)_append_only")
    }

    @Test("a fresh store: reference tables first, anchors before their groups, triggers dropped just before")
    func freshStore() throws {
        let steps = try plan.steps(placements: [:], triggers: triggers)
        let order = plan.tables.map(\.table)
        var placed: [String] = []
        for step in steps {
            switch step {
            case .createReferenceTable(let table):
                #expect(plan.entry(for: table)?.isReference == true)
                placed.append(table)
            case .createDistributedTable(let table, let column, let anchor):
                #expect(plan.entry(for: table)?.distributionColumn == column)
                if let anchor { #expect(placed.contains(anchor), "\(table) before its anchor \(anchor)") }
                placed.append(table)
            case .dropAppendOnlyTrigger(let table, _):
                #expect(!placed.contains(table))
            }
        }
        #expect(placed == order.filter { plan.entry(for: $0)?.role != .coordinatorOnly })
        #expect(steps.contains(.dropAppendOnlyTrigger(table: "audit_log", trigger: "audit_log_append_only")))
        #expect(
            steps.contains(
                .createDistributedTable(table: "source_records", column: "source_record_id", colocateWith: nil)))
        #expect(
            steps.contains(
                .createDistributedTable(table: "outbox", column: "source_record_id", colocateWith: "source_records")))
        let lastReference = try #require(steps.lastIndex { if case .createReferenceTable = $0 { true } else { false } })
        let firstDistributed = try #require(
            steps.firstIndex { if case .createDistributedTable = $0 { true } else { false } })
        #expect(lastReference < firstDistributed)
    }

    @Test("a distributed store needs no step; a half-distributed one gets only the rest")
    func rerunIsIdempotent() throws {
        var placements: [String: CitusPlacement] = [:]
        for entry in plan.tables {
            switch entry.role {
            case .reference: placements[entry.table] = .reference
            case .distributed(let column, let anchor):
                placements[entry.table] = .distributed(column: column, colocationID: anchor == "source_records" ? 1 : 2)
            case .coordinatorOnly: continue
            }
        }
        #expect(try plan.steps(placements: placements, triggers: []).isEmpty)

        placements["outbox"] = nil
        #expect(
            try plan.steps(placements: placements, triggers: []) == [
                .createDistributedTable(table: "outbox", column: "source_record_id", colocateWith: "source_records")
            ])
    }

    static let conflicts: [(table: String, placement: CitusPlacement, remedy: String)] = [
        ("xref", .distributed(column: "golden_id", colocationID: 1), "alter_distributed_table"),
        ("xref", .citusLocal, "undistribute_table"),
        ("sources", .distributed(column: "name", colocationID: 3), "undistribute_table"),
        ("schema_migrations", .reference, "undistribute_table"),
    ]

    @Test("a table placed otherwise than planned is refused, with the way out", arguments: conflicts)
    func conflictsAreRefused(table: String, placement: CitusPlacement, remedy: String) {
        do {
            _ = try plan.steps(placements: [table: placement], triggers: [])
            Issue.record("no conflict reported")
        } catch {
            #expect(error.code == .distributionConflict)
            #expect(error.message.contains(table) && error.message.contains(remedy))
        }
    }

    @Test("group members on another co-location group than their anchor are refused")
    func colocationMismatch() {
        #expect(throws: StoreError.self) {
            try plan.steps(
                placements: [
                    "source_records": .distributed(column: "source_record_id", colocationID: 1),
                    "xref": .distributed(column: "source_record_id", colocationID: 9),
                ], triggers: [])
        }
    }
}
