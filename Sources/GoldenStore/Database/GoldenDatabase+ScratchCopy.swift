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
    /// A process killed during its dry run cannot drop its copy. Each copy is therefore owned through a session
    /// advisory lock held on one connection for as long as it lives; the server releases the lock when the owner's
    /// connection dies, whichever host it ran on, and the next scratch copy drops every copy whose lock it can take.
    ///
    /// - Throws: `StoreError` `.invalidSchemaName` when the store's schema has a name that needs quoting.
    public func withScratchCopy<Result: Sendable>(
        _ body: @Sendable (GoldenDatabase) async throws -> Result
    ) async throws -> Result {
        var schemaRows = try await client.query("SELECT current_schema()", logger: logger).decode(String.self)
            .makeAsyncIterator()
        let main = try Self.checkedSchemaName(try await schemaRows.next() ?? "public")
        try await dropAbandonedScratchCopies()
        let scratch = Self.scratchPrefix
            + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let logger = logger
        return try await client.withConnection { owner in
            try await owner.query(
                "SELECT pg_advisory_lock(\(Self.scratchLockClass), hashtext(\(scratch)))", logger: logger)
            do {
                try await createSchema(scratch)
                try await copyTables(from: main, into: scratch)
                let copy = GoldenDatabase(
                    configuration: configuration.with(searchPath: "\(scratch), \(main)"), logger: logger)
                let result = try await copy.withRunning(body)
                try await dropSchema(scratch)
                try await owner.query(
                    "SELECT pg_advisory_unlock(\(Self.scratchLockClass), hashtext(\(scratch)))", logger: logger)
                return result
            } catch {
                try? await dropSchema(scratch)
                _ = try? await owner.query(
                    "SELECT pg_advisory_unlock(\(Self.scratchLockClass), hashtext(\(scratch)))", logger: logger)
                throw error
            }
        }
    }

    static let scratchPrefix = "golden_dry_run_"

    /// The advisory lock class of scratch copies; the key is `hashtext` of the copy's schema name.
    static let scratchLockClass: Int32 = 0x676C_6472  // "gldr"

    /// Drops the scratch copies whose owner is gone (its lock is free); returns their names.
    @discardableResult
    public func dropAbandonedScratchCopies() async throws -> [String] {
        let rows = try await client.query(
            """
            SELECT nspname FROM pg_namespace WHERE starts_with(nspname, \(Self.scratchPrefix)) ORDER BY nspname
            """, logger: logger)
        var candidates: [String] = []
        for try await name in rows.decode(String.self) { candidates.append(name) }
        guard !candidates.isEmpty else { return [] }
        let logger = logger
        var dropped: [String] = []
        try await client.withConnection { connection in
            for schema in candidates {
                var free = false
                for try await taken in try await connection.query(
                    "SELECT pg_try_advisory_lock(\(Self.scratchLockClass), hashtext(\(schema)))", logger: logger
                ).decode(Bool.self) { free = taken }
                guard free else { continue }
                do {
                    try await dropSchema(schema)
                    dropped.append(schema)
                } catch {
                    logger.warning(
                        "an abandoned dry-run copy could not be dropped",
                        metadata: ["schema": "\(schema)", "error": "\(error)"])
                }
                try await connection.query(
                    "SELECT pg_advisory_unlock(\(Self.scratchLockClass), hashtext(\(schema)))", logger: logger)
            }
        }
        if !dropped.isEmpty {
            logger.notice("dropped dry-run copies of killed runs", metadata: ["schemas": "\(dropped)"])
        }
        return dropped
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
