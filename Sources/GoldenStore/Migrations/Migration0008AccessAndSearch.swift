extension Migration {
    /// The REST API (issue 13): password hashes, a role per API token, and the golden search index.
    ///
    /// Users, roles and tokens exist since schema v1; a user now carries a bcrypt hash (for the browser login) and
    /// a token the one role it acts with, so a token can hold less than its user. Only tokens whose role their
    /// user still holds authenticate; older tokens without a role never do.
    ///
    /// Search: `golden_search_keys(attributes)` turns a golden document into keys, and a GIN index over it (active
    /// records only) answers `GET /api/v1/golden?q=`. Keys are `n:` + a folded word of a name (lower case,
    /// Cyrillic transliterated to Latin and a few Latin spellings merged, so Иванов and Ivanov fold to one key),
    /// `d:` + the digits of an INN, KPP, OGRN or phone, and `e:` + a lower-cased e-mail. The function is written
    /// with built-ins only and as a SQL-standard body, so the index never depends on `search_path`; the query side
    /// folds its words with the same function, so both sides always agree.
    static let accessAndSearch = Migration(
        version: 8,
        name: "access_and_search",
        sql: #"""
            ALTER TABLE users ADD COLUMN password_hash text;
            ALTER TABLE api_tokens ADD COLUMN role text REFERENCES roles (role);
            CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
            CREATE INDEX audit_log_by_time ON audit_log (at DESC, audit_id DESC);

            CREATE FUNCTION golden_search_fold(t text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                RETURN replace(replace(replace(replace(replace(translate(
                    replace(replace(replace(replace(replace(replace(replace(replace(replace(
                        lower(t), 'щ', 'shch'), 'ж', 'zh'), 'х', 'kh'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'), 'ю', 'yu'),
                        'я', 'ya'), 'ё', 'e'),
                    'абвгдезийклмнопрстуфыэъь', 'abvgdeziiklmnoprstufye'),
                    'kh', 'h'), 'x', 'ks'), 'w', 'v'), 'y', 'i'), 'j', 'i');

            CREATE FUNCTION golden_search_keys(attributes jsonb) RETURNS text[]
                LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                RETURN ARRAY(
                    SELECT DISTINCT k FROM (
                        SELECT 'n:' || w AS k
                        FROM jsonb_path_query(attributes, 'lax $.legal_name[*]') AS v,
                             regexp_split_to_table(golden_search_fold(v #>> '{}'), '[^a-z0-9]+') AS w
                        WHERE w <> ''
                        UNION ALL
                        SELECT 'n:' || w
                        FROM jsonb_path_query(attributes, 'lax $.short_name[*]') AS v,
                             regexp_split_to_table(golden_search_fold(v #>> '{}'), '[^a-z0-9]+') AS w
                        WHERE w <> ''
                        UNION ALL
                        SELECT 'n:' || w
                        FROM jsonb_path_query(attributes, 'lax $.name[*]') AS v,
                             regexp_split_to_table(golden_search_fold(v #>> '{}'), '[^a-z0-9]+') AS w
                        WHERE w <> ''
                        UNION ALL
                        SELECT 'e:' || lower(v #>> '{}')
                        FROM jsonb_path_query(attributes, 'lax $.email[*]') AS v
                        UNION ALL
                        SELECT 'd:' || regexp_replace(v #>> '{}', '[^0-9]', '', 'g')
                        FROM jsonb_path_query(attributes, 'lax $.phone[*]') AS v
                        UNION ALL
                        SELECT 'd:' || regexp_replace(v #>> '{}', '[^0-9]', '', 'g')
                        FROM jsonb_path_query(attributes, 'lax $.inn[*]') AS v
                        UNION ALL
                        SELECT 'd:' || regexp_replace(v #>> '{}', '[^0-9]', '', 'g')
                        FROM jsonb_path_query(attributes, 'lax $.ogrn[*]') AS v
                    ) AS keys
                    WHERE length(k) > 2
                );

            CREATE INDEX golden_records_search ON golden_records USING gin (golden_search_keys(attributes))
                WHERE state = 'active';
            """#
    )
}
