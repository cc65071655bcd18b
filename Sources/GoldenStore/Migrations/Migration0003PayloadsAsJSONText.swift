extension Migration {
    /// Raw payloads and stored attributes are `json` (validated text), not `jsonb`.
    ///
    /// Both are written once per version and read back whole by `golden` itself (which parses them in Swift); no
    /// query looks inside them on a hot path, and no index covers them. `jsonb` made the server parse each document
    /// into its binary form on the way in and print it again on the way out: a fifth of the server's landing time,
    /// for documents that came out larger (≈735 bytes against ≈585 of text for the attributes). `json` still
    /// rejects malformed text, keeps the payload byte for byte as landing wrote it (canonical JSON), and
    /// `payload->>'Name'` still works for ad-hoc SQL.
    static let payloadsAsJSONText = Migration(
        version: 3,
        name: "payloads_as_json_text",
        sql: #"""
            ALTER TABLE raw_record_versions ALTER COLUMN payload TYPE json USING payload::json;
            ALTER TABLE source_records ALTER COLUMN attributes DROP DEFAULT;
            ALTER TABLE source_records ALTER COLUMN attributes TYPE json USING attributes::json;
            ALTER TABLE source_records ALTER COLUMN attributes SET DEFAULT '{}'::json;
            """#
    )
}
