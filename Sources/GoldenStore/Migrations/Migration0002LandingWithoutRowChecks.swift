extension Migration {
    /// Landing writes source rows and their versions with COPY; it no longer pays a foreign-key check per row.
    ///
    /// PostgreSQL checks a foreign key with one query per inserted row; on a bulk load those checks were a fifth
    /// of the server's time. Both links are kept by `LandingRepository` inside its transaction instead: it refuses
    /// a batch whose source is not registered or whose records name another source, and it writes a version only
    /// together with (or after) its current row. The history tables never lose rows (they are append-only), so
    /// nothing can orphan a version later. Source names cannot be renamed anyway: source record ids derive from them.
    static let landingWithoutRowChecks = Migration(
        version: 2,
        name: "landing_without_row_checks",
        sql: #"""
            ALTER TABLE raw_record_versions DROP CONSTRAINT raw_record_versions_source_record_id_fkey;
            ALTER TABLE source_records DROP CONSTRAINT source_records_source_fkey;
            """#
    )
}
