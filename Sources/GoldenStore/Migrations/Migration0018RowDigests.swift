extension Migration {
    /// The digest of the file row each source record's current version was built from (``RowDigest``), written
    /// with the version, so a file exported again is read without building, hashing and looking up the rows that
    /// landing holds already (`LandedRowSkipping`). NULL for records of APIs and for versions landed before it.
    /// A plain column of the distributed `source_records`; the pull reads a source's digests whole, from the index
    /// migration 19 adds. The column comes without a default and its check `NOT VALID`, so neither rewrites nor
    /// scans the table (every row is NULL until it lands again); rows written from now on are checked.
    static let rowDigests = Migration(
        version: 18,
        name: "row_digests",
        sql: #"""
            ALTER TABLE source_records ADD COLUMN row_digest bytea;
            ALTER TABLE source_records ADD CONSTRAINT source_records_row_digest_length
                CHECK (row_digest IS NULL OR length(row_digest) = 16) NOT VALID;
            """#
    )
}
