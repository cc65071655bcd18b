extension Migration {
    /// Search keys become a column the application writes (`GoldenSearchKeys`), indexed as they are, instead of an
    /// index over `golden_search_keys(attributes)` that the server evaluated for every written golden record (about
    /// 22 µs each: 13 s of a full run at 1M records, on the server's one core). Existing rows are filled by the
    /// function, which stays the definition; the query side still folds its words with it.
    static let searchKeysColumn = Migration(
        version: 13,
        name: "search_keys_column",
        sql: #"""
            ALTER TABLE golden_records ADD COLUMN search_keys text[] NOT NULL DEFAULT '{}';
            UPDATE golden_records SET search_keys = golden_search_keys(attributes);
            DROP INDEX golden_records_search;
            CREATE INDEX golden_records_search ON golden_records USING gin (search_keys) WHERE state = 'active';
            """#
    )
}
