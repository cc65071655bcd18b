extension Migration {
    /// A delta can be superseded, knows the source version it was computed from, and a run counts echoes.
    ///
    /// `superseded`: the push found the record changed at the source after the pull the delta was computed from, so
    /// the record was pulled again and survived again, and the row gave way to whatever still differs. The row stays
    /// (the outbox is the history of what we meant to send) with its reason. `echoes`: versions landing recognised
    /// as our own pushes coming back, kept apart from `new_versions`. `source_version`: the member's version the
    /// delta was computed from, whose modified time the push compares with the source's (null for older rows: the
    /// record's current version stands in).
    static let supersededDeltasAndEchoes = Migration(
        version: 11,
        name: "superseded_deltas_and_echoes",
        sql: #"""
            ALTER TABLE outbox DROP CONSTRAINT outbox_state_check;
            ALTER TABLE outbox ADD CONSTRAINT outbox_state_check
                CHECK (state IN ('pending', 'in_flight', 'acked', 'failed', 'dead', 'superseded'));
            ALTER TABLE outbox ADD COLUMN superseded_reason text;
            ALTER TABLE outbox ADD COLUMN source_version integer;
            ALTER TABLE sync_run_sources ADD COLUMN echoes bigint NOT NULL DEFAULT 0 CHECK (echoes >= 0);
            """#
    )
}
