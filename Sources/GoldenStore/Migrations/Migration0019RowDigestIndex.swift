extension Migration {
    /// The live row digests of a source, as an index a changed file's pull reads instead of the table.
    ///
    /// Each changed file reads its source's digests once (`LandingRepository.landedRowDigests(source:)`). Without an
    /// index that is a scan of the whole of `source_records`, wide rows and all: at 1M records about 0.6 s of the
    /// server per file, ten files in the sync after 1% of the CRM records changed. Partial and covering, the index
    /// holds only what the read returns, and the read becomes an index-only scan once vacuum has marked the pages
    /// visible (0.6 s → 0.13 s per source there). Its upkeep is one more index entry per landed version.
    static let rowDigestIndex = Migration(
        version: 19,
        name: "row_digest_index",
        sql: #"""
            CREATE INDEX source_records_row_digests ON source_records (source) INCLUDE (row_digest)
                WHERE row_digest IS NOT NULL AND NOT deleted;
            """#
    )
}
