extension Migration {
    /// What each entity's last match run decided, per record (`MatchState`: a digest of everything the record's pairs
    /// were decided from, its link component and its cluster), so the next run re-scores and re-clusters only the
    /// components its changes touch. A cache like `match_table_images`: a missing, damaged or outdated state only
    /// means the next run matches every record. One value per entity, uncompressed (hashes do not compress).
    static let matchStates = Migration(
        version: 21,
        name: "match_states",
        sql: #"""
            CREATE TABLE match_states (
                entity      text PRIMARY KEY,
                state       bytea NOT NULL,
                written_at  timestamptz NOT NULL DEFAULT now()
            );
            ALTER TABLE match_states ALTER COLUMN state SET STORAGE EXTERNAL;
            """#
    )
}
