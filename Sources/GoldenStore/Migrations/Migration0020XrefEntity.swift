extension Migration {
    /// Each membership row names its record's entity, so a run reads one entity's membership from `xref` alone.
    ///
    /// A golden run reads the current membership of each entity before it can plan (`currentMembership`). Without
    /// the entity on the row, that read joined `xref` to `source_records` only to filter by entity: a scan of the
    /// whole of `source_records` (about 1.2 GB at 1M records) for one text column, run as a parallel hash join on
    /// both cores. A statement trace put it on the critical path of every incremental run: 1.1 and 1.5 s per entity
    /// at 300k records, 1.2–1.7 s at 1M, while the image it waits beside was read in 0.3 s. On `xref` alone it is a
    /// scan of that table (0.79 → 0.29 s for the organizations of a kept 1M schema, on one core instead of three).
    ///
    /// A record's entity never changes (landing sets it with the record's first version), so the copy cannot drift.
    /// Existing rows are filled from `source_records`, which keeps every record it ever landed (a deleted one is
    /// flagged, not removed), and every golden write checks its records are there.
    static let xrefEntity = Migration(
        version: 20,
        name: "xref_entity",
        sql: #"""
            ALTER TABLE xref ADD COLUMN entity text;
            UPDATE xref AS x SET entity = s.entity
                FROM source_records AS s WHERE s.source_record_id = x.source_record_id;
            ALTER TABLE xref ALTER COLUMN entity SET NOT NULL;
            ALTER TABLE xref ADD CONSTRAINT xref_entity_check CHECK (entity IN ('organization', 'person'));
            """#
    )
}
