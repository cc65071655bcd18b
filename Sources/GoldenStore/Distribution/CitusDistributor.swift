import Logging
import PostgresNIO

/// What `golden migrate --citus` did.
public struct CitusDistributionReport: Sendable, Equatable, Codable {
    public let migration: MigrationReport
    public let citusVersion: String
    /// The steps taken now, in order (`reference table sources`, `distributed table xref by source_record_id, …`).
    public let steps: [String]
    /// Tables of the plan that were already placed as planned.
    public let alreadyPlaced: [String]
    /// Things the operator should know (an application role that is a superuser, no application role given).
    public let notes: [String]
}

/// Migrates a Citus coordinator and places every table as ``DistributionPlan`` says, idempotently.
///
/// Everything runs on one leased connection, because two session settings must hold throughout:
/// `citus.enable_local_reference_table_foreign_keys = off` (otherwise a table that references a reference table
/// becomes a Citus local table, which can no longer be distributed, and no order of distribution works), and the
/// migrator's advisory lock. The order is the plan's: reference tables, then each co-location group's anchor, then
/// the tables co-located with it, so every foreign key points at a table that is already placed.
///
/// Before changing anything the migrated catalog is checked with ``DistributionRules``; a schema that breaks a rule
/// is refused whole, rather than distributed halfway.
public struct CitusDistributor: Sendable {
    public let database: GoldenDatabase
    public let plan: DistributionPlan
    public let migrations: [Migration]

    public init(database: GoldenDatabase, plan: DistributionPlan = .golden, migrations: [Migration] = Migration.all) {
        self.database = database
        self.plan = plan
        self.migrations = migrations
    }

    /// - Parameter applicationRole: the role `golden` runs as; it gets ``ApplicationRolePrivileges``, which keep
    ///   history append-only once the triggers are gone.
    /// - Throws: ``StoreError`` `citusUnavailable` (no citus extension, or not the coordinator), the migrator's
    ///   errors, `distributionPlanViolated`, `distributionConflict`, `invalidApplicationRole`.
    public func run(applicationRole: String?) async throws -> CitusDistributionReport {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            let version = try await Self.citusVersion(on: connection, logger: logger)
            try await connection.query("SET citus.enable_local_reference_table_foreign_keys = off", logger: logger)
            do {
                let report = try await distribute(
                    on: connection, citusVersion: version, applicationRole: applicationRole)
                try await connection.query("RESET citus.enable_local_reference_table_foreign_keys", logger: logger)
                return report
            } catch {
                // The connection goes back to the pool: leave it as it was.
                _ = try? await connection.query("RESET citus.enable_local_reference_table_foreign_keys", logger: logger)
                throw error
            }
        }
    }

    private func distribute(
        on connection: PostgresConnection, citusVersion version: String, applicationRole: String?
    ) async throws -> CitusDistributionReport {
        let logger = database.logger
        let migration = try await Migrator(migrations: migrations).migrate(on: connection, logger: logger)

        let catalog = try await DistributionCatalog.read(on: connection, logger: logger)
        let violations = DistributionRules.violations(of: catalog, against: plan)
        guard violations.isEmpty else {
            throw StoreError(
                .distributionPlanViolated,
                "the schema breaks the distribution plan; nothing was distributed:\n"
                    + violations.map { "  \($0)" }.joined(separator: "\n"))
        }
        let placements = try await Self.placements(on: connection, logger: logger)
        let steps = try plan.steps(placements: placements, triggers: catalog.triggers)
        for step in steps {
            var stepLogger = logger
            stepLogger[metadataKey: "step"] = "\(step)"
            stepLogger.info("distributing")
            try await Self.apply(step, on: connection, logger: stepLogger)
        }

        var notes: [String] = []
        if let applicationRole {
            notes += try await ApplicationRolePrivileges(role: applicationRole, plan: plan)
                .grant(on: connection, logger: logger)
        } else if plan.tables.contains(where: \.appendOnly) {
            notes.append(
                "no --app-role given: history tables are append-only only for a role without UPDATE and DELETE "
                    + "on them; run golden as such a role (golden migrate --citus --app-role NAME grants it)")
        }
        let placedNow = Set(steps.compactMap(\.table))
        return CitusDistributionReport(
            migration: migration, citusVersion: version, steps: steps.map(\.description),
            alreadyPlaced: plan.tables.filter { $0.role != .coordinatorOnly && !placedNow.contains($0.table) }
                .map(\.table),
            notes: notes)
    }

    /// The installed citus version, after checking this is the coordinator.
    static func citusVersion(on connection: PostgresConnection, logger: Logger) async throws -> String {
        let rows = try await connection.query(
            "SELECT extversion FROM pg_extension WHERE extname = 'citus'", logger: logger)
        var version: String?
        for try await found in rows.decode(String.self) { version = found }
        guard let version else {
            throw StoreError(
                .citusUnavailable,
                "this database has no citus extension, so there is nothing to distribute: use `golden migrate` "
                    + "on plain "
                    + "PostgreSQL, or run CREATE EXTENSION citus on the Citus coordinator's database first")
        }
        let coordinator = try await connection.query("SELECT citus_is_coordinator()", logger: logger)
        for try await isCoordinator in coordinator.decode(Bool.self) where !isCoordinator {
            throw StoreError(
                .citusUnavailable, "this is a Citus worker node; run `golden migrate --citus` against the coordinator")
        }
        return version
    }

    /// The current schema's tables in `pg_dist_partition`: method `h` is hash-distributed; method `n` with
    /// replication model `t` is a reference table, with `s` a Citus local (or single-shard) table.
    static func placements(on connection: PostgresConnection, logger: Logger) async throws -> [String: CitusPlacement] {
        let rows = try await connection.query(
            """
            SELECT c.relname::text, p.partmethod::text, p.repmodel::text, p.colocationid::int8,
                   CASE WHEN p.partmethod = 'h' THEN column_to_column_name(p.logicalrelid, p.partkey) END
            FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid
            WHERE c.relnamespace = current_schema()::regnamespace
            """, logger: logger)
        var placements: [String: CitusPlacement] = [:]
        for try await (table, method, model, group, column) in rows.decode((String, String, String, Int, String?).self)
        {
            switch (method, model, column) {
            case ("h", _, let column?): placements[table] = .distributed(column: column, colocationID: group)
            case ("n", "t", _): placements[table] = .reference
            default: placements[table] = .citusLocal
            }
        }
        return placements
    }

    /// One step, as its own statement. Table and column names come from the plan (plain identifiers, checked when
    /// the plan is built) and are passed as bound text; `regclass` resolves them through the search path.
    static func apply(_ step: DistributionStep, on connection: PostgresConnection, logger: Logger) async throws {
        switch step {
        case .dropAppendOnlyTrigger(let table, let trigger):
            try await connection.query(
                PostgresQuery(
                    unsafeSQL:
                        "DROP TRIGGER IF EXISTS \(SQLIdentifier.quoted(trigger)) ON \(SQLIdentifier.quoted(table))"),
                logger: logger)
        case .createReferenceTable(let table):
            try await connection.query("SELECT create_reference_table(\(table)::regclass)", logger: logger)
        case .createDistributedTable(let table, let column, let anchor):
            try await connection.query(
                """
                SELECT create_distributed_table(\(table)::regclass, \(column), colocate_with => \(anchor ?? "none"))
                """, logger: logger)
        }
    }
}

extension DistributionStep {
    /// The table a step places (not the trigger drops, which come with a placement).
    var table: String? {
        switch self {
        case .dropAppendOnlyTrigger: nil
        case .createReferenceTable(let table), .createDistributedTable(let table, _, _): table
        }
    }
}
