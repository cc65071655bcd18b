import PostgresNIO

/// What the store holds: the schema version and each table of the current schema with its row count, for
/// `/health`, `golden demo` and status pages.
public struct SchemaInventory: Sendable {
    public struct Table: Sendable, Equatable {
        public let name: String
        public let rows: Int
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// The highest migration applied to the current schema, 0 when none is.
    public func schemaVersion() async throws -> Int {
        let rows = try await database.client.query(
            "SELECT coalesce(max(version), 0) FROM schema_migrations", logger: database.logger)
        var version = 0
        for try await value in rows.decode(Int.self) { version = value }
        return version
    }

    public func tables() async throws -> [Table] {
        // Exact counts through the catalog: one query, no dynamic SQL per table.
        let rows = try await database.client.query(
            """
            SELECT c.relname::text,
                   (xpath('/row/n/text()',
                          query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')
                   ))[1]::text::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r'
            ORDER BY c.relname
            """, logger: database.logger)
        var tables: [Table] = []
        for try await (name, count) in rows.decode((String, Int).self) {
            tables.append(Table(name: name, rows: count))
        }
        return tables
    }
}
