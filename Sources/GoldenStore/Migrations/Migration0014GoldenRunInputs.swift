extension Migration {
    /// What the last completed golden run read, as one fingerprint, so a scheduled run with nothing new can stop
    /// after one query instead of re-reading a million records to find that nothing changed. One row: the
    /// fingerprint covers both entities, because persons depend on the organizations' result. The partial index
    /// makes "golden records waiting to be computed again" (a push conflict, a confirmation, an accepted proposal)
    /// cheap to count: after a run it holds almost nothing.
    static let goldenRunInputs = Migration(
        version: 14,
        name: "golden_run_inputs",
        sql: #"""
            CREATE TABLE golden_run_inputs (
                scope       text PRIMARY KEY CHECK (scope = 'golden_run'),
                fingerprint text NOT NULL,
                run_id      uuid,
                recorded_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX golden_records_to_survive ON golden_records (golden_id)
                WHERE survived_input IS NULL AND state = 'active';
            """#
    )
}
