extension Migration {
    /// The image of each entity's match table as the last run read it (``MatchTableImageRepository``), so the next
    /// run reads one stored image plus the records whose version changed instead of every record. A cache: any
    /// row's version is checked against `source_records` before it is used, and a missing or unreadable image only
    /// means a full read. Stored in parts of a few megabytes, uncompressed (`STORAGE EXTERNAL`): the values are
    /// interned integers that pglz would spend seconds on for little.
    static let matchTableImages = Migration(
        version: 16,
        name: "match_table_images",
        sql: #"""
            CREATE TABLE match_table_images (
                entity      text NOT NULL,
                part        integer NOT NULL CHECK (part >= 0),
                parts       integer NOT NULL CHECK (parts > part),
                payload     bytea NOT NULL,
                written_at  timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (entity, part)
            );
            ALTER TABLE match_table_images ALTER COLUMN payload SET STORAGE EXTERNAL;
            """#
    )
}
