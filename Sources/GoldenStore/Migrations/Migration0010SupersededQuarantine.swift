extension Migration {
    /// Closes the quarantine rows of versions a newer version already replaced.
    ///
    /// Landing now does this for every new version (`LandingRepository.supersedeQuarantine`); this catches up stores
    /// landed before, where a record fixed in its CRM still counted its old bad values as open. Nothing is deleted.
    static let supersededQuarantine = Migration(
        version: 10,
        name: "superseded_quarantine",
        sql: #"""
            UPDATE quarantine AS q SET resolved_at = now()
            WHERE q.resolved_at IS NULL
              AND q.version < (SELECT s.version FROM source_records AS s WHERE s.source_record_id = q.source_record_id);
            """#
    )
}
