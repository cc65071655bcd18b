extension Migration {
    /// Which records each landing batch changed, per source and entity, numbered in commit order: what a match run
    /// reads to learn which rows of its stored table image are out of date, instead of every live record's version.
    ///
    /// `source_fingerprints.batches` counts the batches of a source that changed an entity's live records. A batch
    /// bumps it and logs the ids it changed under the number it reached, in its own transaction and under its
    /// source's landing lock, so a source's batches commit in the order of their numbers; the landing timestamp
    /// does not (a batch that started before a run read and committed after it would never be seen). An image
    /// records the numbers it was read at; the next run reads only the ids logged after them (a run after 1% of 1M
    /// records changed read a million ids and versions, 0.25 s of the server per entity, to find ten thousand).
    /// The ids are packed (`uuid_send` back to back) and stored uncompressed: random ids do not compress. Rows a
    /// written image no longer needs are deleted with its write.
    ///
    /// Migration 22's index of every live record's id and version served only the read this replaces, and costs an
    /// entry per landed version: it goes.
    static let landingChanges = Migration(
        version: 24,
        name: "landing_changes",
        sql: #"""
            ALTER TABLE source_fingerprints ADD COLUMN batches bigint NOT NULL DEFAULT 0;
            CREATE TABLE landing_changes (
                source  text NOT NULL REFERENCES sources (name) ON UPDATE CASCADE,
                entity  text NOT NULL,
                batch   bigint NOT NULL CHECK (batch >= 1),
                ids     bytea NOT NULL,
                PRIMARY KEY (source, entity, batch)
            );
            ALTER TABLE landing_changes ALTER COLUMN ids SET STORAGE EXTERNAL;
            DROP INDEX source_records_live;
            """#
    )
}
