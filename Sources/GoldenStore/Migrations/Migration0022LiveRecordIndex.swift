extension Migration {
    /// Each entity's live records by id, with their version: what a match run checks its stored table image against
    /// (`LandedRecordRepository.liveVersions(entity:)`) and what a golden run fingerprints its inputs from. Migration 24
    /// replaced that read with landing's log of changed records and dropped the index.
    ///
    /// Both read every live record's id and version. Without this index that is a scan of the whole of
    /// `source_records`, wide rows of both entities and all, plus a sort: at 1M records about 1.1 s of the server per
    /// entity in the sync after 1% changed, on its critical path. Partial and covering, the index holds only what
    /// those reads return, in id order. Its upkeep is one more index entry per landed version.
    static let liveRecordIndex = Migration(
        version: 22,
        name: "live_record_index",
        sql: #"""
            CREATE INDEX source_records_live ON source_records (entity, source_record_id) INCLUDE (version)
                WHERE NOT deleted;
            """#
    )
}
