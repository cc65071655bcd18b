import Logging
import PostgresNIO

/// What a migration run did: the version before and after, and which migrations applied.
public struct MigrationReport: Sendable, Equatable, Codable {
    public let fromVersion: Int
    public let toVersion: Int
    public let applied: [Int]
    public let schema: String
}

/// Applies ordered migrations under a PostgreSQL advisory lock, so two processes migrating at once is safe.
///
/// The lock is keyed by the current schema: two `golden` processes on one schema wait for each other, while tests
/// that each own a schema migrate in parallel. Each migration runs in its own transaction together with its
/// `schema_migrations` row, so a failure leaves the database at the last version that applied fully.
public struct Migrator: Sendable {
    /// First key of the two-key advisory lock: "golden" in a 32-bit constant, so it cannot collide with app locks.
    static let lockNamespace: Int32 = 0x676F_6C64

    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        precondition(
            zip(migrations, migrations.dropFirst()).allSatisfy { $0.version < $1.version },
            "migrations must be in strictly increasing version order")
        self.migrations = migrations
    }

    public func migrate(on client: PostgresClient, logger: Logger) async throws -> MigrationReport {
        try await client.withConnection { connection in
            try await migrate(on: connection, logger: logger)
        }
    }

    /// Migrates through one leased connection, for callers that set session settings first (`migrate --citus`).
    public func migrate(on connection: PostgresConnection, logger: Logger) async throws -> MigrationReport {
        let schema = try await currentSchema(connection, logger: logger)
        try await connection.query(
            "SELECT pg_advisory_lock(\(Self.lockNamespace), hashtext(current_schema()))", logger: logger)
        do {
            let report = try await migrateLocked(connection, schema: schema, logger: logger)
            try await unlock(connection, logger: logger)
            return report
        } catch {
            try? await unlock(connection, logger: logger)
            throw error
        }
    }

    private func unlock(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "SELECT pg_advisory_unlock(\(Self.lockNamespace), hashtext(current_schema()))", logger: logger)
    }

    private func currentSchema(_ connection: PostgresConnection, logger: Logger) async throws -> String {
        let rows = try await connection.query("SELECT current_schema()", logger: logger)
        for try await schema in rows.decode(String?.self) {
            if let schema { return schema }
        }
        throw StoreError(.migrationFailed, "no schema is selected (check search_path)")
    }

    private func migrateLocked(
        _ connection: PostgresConnection, schema: String, logger: Logger
    ) async throws -> MigrationReport {
        // Created only when missing: even CREATE TABLE IF NOT EXISTS needs CREATE on the schema, which the
        // application role (`--app-role`) does not have, and `golden serve`/`sync` migrate (a no-op) at start.
        let existing = try await connection.query(
            """
            SELECT EXISTS (SELECT 1 FROM pg_class
                           WHERE relname = 'schema_migrations' AND relnamespace = current_schema()::regnamespace)
            """, logger: logger)
        var hasTable = false
        for try await found in existing.decode(Bool.self) { hasTable = found }
        if !hasTable {
            try await createMigrationsTable(connection, logger: logger)
        }

        var applied: [Int: String] = [:]
        let rows = try await connection.query("SELECT version, checksum FROM schema_migrations", logger: logger)
        for try await (version, checksum) in rows.decode((Int, String).self) {
            applied[version] = checksum
        }
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        if let newest = applied.keys.max(), known[newest] == nil, newest > (migrations.last?.version ?? 0) {
            throw StoreError(
                .schemaTooNew,
                "schema '\(schema)' is at version \(newest); this build knows up to \(migrations.last?.version ?? 0)")
        }
        for (version, checksum) in applied {
            if let migration = known[version], migration.checksum != checksum {
                throw StoreError(
                    .migrationChecksumMismatch,
                    "migration \(version) (\(migration.name)) was applied with different SQL; restore it, never edit an applied migration"
                )
            }
        }

        let fromVersion = applied.keys.max() ?? 0
        var newlyApplied: [Int] = []
        for migration in migrations where applied[migration.version] == nil {
            var migrationLogger = logger
            migrationLogger[metadataKey: "migration"] = "\(migration.version)_\(migration.name)"
            migrationLogger.info("applying migration")
            do {
                try await connection.withTransaction(logger: migrationLogger) { connection in
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: migrationLogger)
                    }
                    try await connection.query(
                        """
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """, logger: migrationLogger)
                }
            } catch {
                migrationLogger.error("migration failed", metadata: ["error": "\(String(reflecting: error))"])
                throw StoreError(
                    .migrationFailed, "migration \(migration.version) (\(migration.name)) failed: \(Self.summary(of: error))")
            }
            newlyApplied.append(migration.version)
        }
        return MigrationReport(
            fromVersion: fromVersion, toVersion: max(fromVersion, newlyApplied.last ?? 0), applied: newlyApplied,
            schema: schema)
    }

    private func createMigrationsTable(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
    }

    /// The server's own message (e.g. "relation already exists"), without SQL text or connection details.
    static func summary(of error: any Error) -> String {
        var error = error
        if let transactionError = error as? PostgresTransactionError, let closureError = transactionError.closureError {
            error = closureError
        }
        if let psql = error as? PSQLError, let message = psql.serverInfo?[.message] {
            return message
        }
        return "\(type(of: error))"
    }
}
