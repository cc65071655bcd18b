extension Migration {
    /// Rows of a file that never became a record: kept whole, with where they were and why, beside the good rows.
    ///
    /// `quarantine` hangs a bad value on a stored version (`raw_record_versions (source_record_id, version)`), so
    /// a row with the wrong number of values, undecodable bytes, a quote that never closes or a broken XML element
    /// has nowhere to go there: it has no key, hence no source record id. `raw_bytes` is the row exactly as the
    /// file held it (`text` cannot hold every byte string: invalid UTF-8 and NUL are refused), `raw_text` the same
    /// row as text when it is text. A row is keyed by its own UUIDv7 and references only `sources`, a reference
    /// table, so the table distributes by that id (like `audit_log`) with no co-location to keep.
    static let rejectedRows = Migration(
        version: 7,
        name: "rejected_rows",
        sql: #"""
            CREATE TABLE rejected_rows (
                rejected_row_id uuid PRIMARY KEY,
                source          text NOT NULL REFERENCES sources (name) ON UPDATE CASCADE,
                file            text NOT NULL,
                line            integer NOT NULL CHECK (line >= 0),
                reason_code     text NOT NULL,
                reason          text NOT NULL,
                raw_text        text,
                raw_bytes       bytea NOT NULL,
                run_id          uuid,
                created_at      timestamptz NOT NULL DEFAULT now(),
                resolved_at     timestamptz,
                resolved_by     uuid REFERENCES users (user_id)
            );

            CREATE INDEX rejected_rows_open ON rejected_rows (source, reason_code) WHERE resolved_at IS NULL;
            """#
    )
}
