extension Migration {
    /// History documents are compressed with lz4 instead of pglz. A full run writes one version per golden record,
    /// with its lineage (about 1.6 KB) and values (about 1 KB): the row passes PostgreSQL's 2 KB threshold, so the
    /// server compresses both, on its one core per connection, inside the run's write. lz4 compresses several
    /// times faster than pglz for a little more space; measured here, copying 174k versions took 10.9 s with pglz
    /// and 7.9 s with lz4. Only new values are compressed the new way; old ones stay readable as they are. A
    /// server built without lz4 keeps pglz (the notice says so) rather than failing the migration.
    static let versionCompression = Migration(
        version: 15,
        name: "version_compression",
        sql: #"""
            DO $$
            BEGIN
                ALTER TABLE golden_versions
                    ALTER COLUMN lineage SET COMPRESSION lz4,
                    ALTER COLUMN attributes SET COMPRESSION lz4;
            EXCEPTION WHEN feature_not_supported THEN
                RAISE NOTICE 'this PostgreSQL is built without lz4: golden_versions keeps pglz';
            END
            $$;
            """#
    )
}
