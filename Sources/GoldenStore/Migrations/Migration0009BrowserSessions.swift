extension Migration {
    /// Browser sessions of the steward UI are tokens of their own kind.
    ///
    /// A session is what an API token is (a random secret the store keeps only a digest of, a user, one role, an
    /// expiry and a revocation), so it lives in `api_tokens` rather than a second table with the same checks. The
    /// kind keeps the two apart: a session cookie is not accepted as a bearer token nor the other way round, and
    /// `golden tokens list` shows API tokens only.
    static let browserSessions = Migration(
        version: 9,
        name: "browser_sessions",
        sql: #"""
            ALTER TABLE api_tokens ADD COLUMN kind text NOT NULL DEFAULT 'api' CHECK (kind IN ('api', 'browser'));
            """#
    )
}
