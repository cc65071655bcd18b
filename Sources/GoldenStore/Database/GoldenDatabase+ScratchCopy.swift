import Foundation
import Logging
import PostgresNIO

extension GoldenDatabase {
    /// Runs `body` against a private, throwaway copy of the store, so a what-if can run the real pipeline (landing
    /// included) and leave the store exactly as it was.
    ///
    /// Every table of the store's schema is copied, in one repeatable-read transaction (one consistent snapshot
    /// while other runs go on), into an unlogged table of a new schema `golden_dry_run_…` with the same columns,
    /// defaults, checks and indexes (not foreign keys or triggers: nothing outlives the copy). `body` gets a
    /// database whose `search_path` is that schema first and the store's second (for its functions); the schema is
    /// dropped when `body` ends or throws. A copy costs a read of the whole store: it is meant for `--dry-run`, not
    /// for every run.
    ///
    /// - Throws: `StoreError` `.invalidSchemaName` when the store's schema has a name that needs quoting.
    public func withScratchCopy<Result: Sendable>(
        _ body: @Sendable (GoldenDatabase) async throws -> Result
    ) async throws -> Result {
        var schemaRows = try await client.query("SELECT current_schema()", logger: logger).decode(String.self)
            .makeAsyncIterator()
        let main = try Self.checkedSchemaName(try await schemaRows.next() ?? "public")
        let scratch = "golden_dry_run_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            .prefix(16)
        try await createSchema(scratch)
        do {
            try await copyTables(from: main, into: scratch)
            let copy = GoldenDatabase(
                configuration: configuration.with(searchPath: "\(scratch), \(main)"), logger: logger)
            let result = try await copy.withRunning(body)
            try await dropSchema(scratch)
            return result
        } catch {
            try? await dropSchema(scratch)
            throw error
        }
    }

    private func copyTables(from main: String, into scratch: String) async throws {
        let logger = logger
        try await client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: logger)
                var tables: [String] = []
                let rows = try await connection.query(
                    """
                    SELECT c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
                    WHERE n.nspname = \(main) AND c.relkind = 'r' AND NOT c.relispartition ORDER BY c.relname
                    """, logger: logger)
                for try await name in rows.decode(String.self) { tables.append(name) }
                for table in tables {
                    var columns: [String] = []
                    let found = try await connection.query(
                        """
                        SELECT a.attname FROM pg_attribute AS a
                        WHERE a.attrelid = format('%I.%I', \(main)::text, \(table)::text)::regclass
                          AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                        ORDER BY a.attnum
                        """, logger: logger)
                    for try await name in found.decode(String.self) { columns.append(SQLIdentifier.quoted(name)) }
                    // Identifiers from the catalog, quoted: DDL and column lists take no bound parameters.
                    let source = SQLIdentifier.quoted(main) + "." + SQLIdentifier.quoted(table)
                    let target = SQLIdentifier.quoted(scratch) + "." + SQLIdentifier.quoted(table)
                    let list = columns.joined(separator: ", ")
                    try await connection.query(
                        PostgresQuery(
                            unsafeSQL: "CREATE UNLOGGED TABLE \(target) (LIKE \(source) INCLUDING DEFAULTS "
                                + "INCLUDING GENERATED INCLUDING CONSTRAINTS INCLUDING INDEXES)"),
                        logger: logger)
                    try await connection.query(
                        PostgresQuery(unsafeSQL: "INSERT INTO \(target) (\(list)) SELECT \(list) FROM \(source)"),
                        logger: logger)
                }
            }
        }
    }
}
