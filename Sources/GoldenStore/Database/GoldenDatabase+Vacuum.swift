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
        let logger = logger
        try await client.withConnection { connection in
            // The schema's tables as the distribution catalog reads them (a partitioned table's partitions with it).
            let tables = try await DistributionCatalog.read(on: connection, logger: logger).tables
            guard !tables.isEmpty else { return }
            // Identifiers from the catalog, quoted: VACUUM takes no bound parameters.
            let list = tables.map(SQLIdentifier.quoted).joined(separator: ", ")
            try await connection.query(PostgresQuery(unsafeSQL: "VACUUM (ANALYZE) \(list)"), logger: logger)
        }
    }
}
