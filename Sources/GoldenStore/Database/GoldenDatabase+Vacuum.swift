import PostgresNIO

extension GoldenDatabase {
    /// Vacuums and analyzes every table of the store's schema (the first of its search path), as the server's
    /// autovacuum does in time after a large load.
    ///
    /// For benchmarks: a sync right after a million-record load runs beside the autovacuum of the load's tables in
    /// some runs and not in others, which says more about when the autovacuum started than about the sync. A
    /// scheduled sync minutes later finds those tables vacuumed; this makes a benchmark start from that store. An
    /// explicit `VACUUM` is not throttled as autovacuum is, so it ends in seconds.
    public func vacuumAnalyze() async throws {
        var tables: [String] = []
        let rows = try await client.query(
            """
            SELECT c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm') ORDER BY c.relname
            """, logger: logger)
        for try await name in rows.decode(String.self) { tables.append(name) }
        guard !tables.isEmpty else { return }
        // Identifiers from the catalog, quoted: VACUUM takes no bound parameters.
        let list = tables.map(SQLIdentifier.quoted).joined(separator: ", ")
        try await client.query(PostgresQuery(unsafeSQL: "VACUUM (ANALYZE) \(list)"), logger: logger)
    }
}
