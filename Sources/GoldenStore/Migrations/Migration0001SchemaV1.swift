extension Migration {
    /// Schema v1: every table of the flow land → map → match → survive → publish → push.
    ///
    /// Citus rules from day one (see ARCHITECTURE.md, "Growing past one machine"): ids are UUIDs made by
    /// the application; every large table leads its primary key with its distribution column
    /// (`source_record_id` on the source side, `golden_id` on the golden side); foreign keys only join
    /// tables that share that column, or point at small configuration tables (`sources`, `users`,
    /// `roles`) that would become reference tables. Links across the two sides (`xref.golden_id`,
    /// `outbox.golden_id`) are kept consistent by the application inside one transaction.
    static let schemaV1 = Migration(
        version: 1,
        name: "schema_v1",
        sql: #"""
            -- Configuration (reference tables) --------------------------------------------------

            CREATE TABLE sources (
                name        text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_\-]{0,62}$'),
                kind        text NOT NULL,
                config      jsonb NOT NULL DEFAULT '{}'::jsonb,
                created_at  timestamptz NOT NULL DEFAULT now(),
                updated_at  timestamptz NOT NULL DEFAULT now()
            );

            -- A watermark is opaque to the store (a timestamp, a cursor, a file digest) and moves only
            -- in the transaction that commits the batch it describes.
            CREATE TABLE source_watermarks (
                source      text NOT NULL REFERENCES sources (name) ON UPDATE CASCADE,
                entity      text NOT NULL,
                watermark   text NOT NULL,
                run_id      uuid,
                updated_at  timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (source, entity)
            );

            CREATE TABLE roles (
                role        text PRIMARY KEY,
                description text NOT NULL
            );

            INSERT INTO roles (role, description) VALUES
                ('admin', 'configures sources, mappings, rules, users and tokens'),
                ('steward', 'reviews merge candidates, approves, rejects, splits, overrides values'),
                ('finance', 'confirms accounts against the accounting system'),
                ('viewer', 'reads golden records and reports');

            CREATE TABLE users (
                user_id      uuid PRIMARY KEY,
                login        text NOT NULL UNIQUE CHECK (length(login) BETWEEN 1 AND 200),
                display_name text NOT NULL DEFAULT '',
                created_at   timestamptz NOT NULL DEFAULT now(),
                disabled_at  timestamptz
            );

            CREATE TABLE user_roles (
                user_id     uuid NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
                role        text NOT NULL REFERENCES roles (role),
                granted_at  timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (user_id, role)
            );

            -- Only a digest of a token is stored; the token itself is shown once at creation.
            CREATE TABLE api_tokens (
                token_id     uuid PRIMARY KEY,
                user_id      uuid NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
                name         text NOT NULL,
                token_sha256 bytea NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
                created_at   timestamptz NOT NULL DEFAULT now(),
                expires_at   timestamptz,
                revoked_at   timestamptz,
                last_used_at timestamptz
            );

            -- Runs ---------------------------------------------------------------------------------

            CREATE TABLE sync_runs (
                run_id      uuid PRIMARY KEY,
                kind        text NOT NULL CHECK (kind IN ('sync', 'import', 'match', 'train', 'push', 'demo')),
                started_at  timestamptz NOT NULL DEFAULT now(),
                finished_at timestamptz,
                outcome     text NOT NULL DEFAULT 'running'
                            CHECK (outcome IN ('running', 'succeeded', 'partial', 'failed', 'abandoned')),
                counts      jsonb NOT NULL DEFAULT '{}'::jsonb,
                error       text,
                host        text,
                pid         integer,
                CHECK ((outcome = 'running') = (finished_at IS NULL))
            );

            CREATE TABLE sync_run_sources (
                run_id       uuid NOT NULL REFERENCES sync_runs (run_id) ON DELETE CASCADE,
                source       text NOT NULL REFERENCES sources (name) ON UPDATE CASCADE,
                pulled       bigint NOT NULL DEFAULT 0 CHECK (pulled >= 0),
                new_versions bigint NOT NULL DEFAULT 0 CHECK (new_versions >= 0),
                quarantined  bigint NOT NULL DEFAULT 0 CHECK (quarantined >= 0),
                deleted      bigint NOT NULL DEFAULT 0 CHECK (deleted >= 0),
                pushed       bigint NOT NULL DEFAULT 0 CHECK (pushed >= 0),
                push_failed  bigint NOT NULL DEFAULT 0 CHECK (push_failed >= 0),
                error        text,
                PRIMARY KEY (run_id, source)
            );

            -- Source side (distribution column: source_record_id) ----------------------------------

            -- The current state of each record of each source. `source_record_id` is a name-based UUID of
            -- (source, source_key), so the pair is unique through the primary key and landing needs no lookup.
            CREATE TABLE source_records (
                source_record_id    uuid PRIMARY KEY,
                source              text NOT NULL REFERENCES sources (name) ON UPDATE CASCADE,
                source_key          text NOT NULL CHECK (length(source_key) BETWEEN 1 AND 512),
                entity              text NOT NULL CHECK (entity IN ('organization', 'person')),
                version             integer NOT NULL CHECK (version >= 1),
                content_sha256      bytea NOT NULL CHECK (length(content_sha256) = 32),
                modified_at         timestamptz,
                deleted             boolean NOT NULL DEFAULT false,
                merged_into_key     text,
                attributes          jsonb NOT NULL DEFAULT '{}'::jsonb,
                -- Normalized columns that blocking reads without opening the jsonb.
                inn                 text,
                kpp                 text,
                ogrn                text,
                national_id         text,
                name_key            text,
                family_key          text,
                given_initial       text,
                email_keys          text[] NOT NULL DEFAULT '{}',
                phone_keys          text[] NOT NULL DEFAULT '{}',
                postcode            text,
                city_key            text,
                employer_key        text,
                first_landed_at     timestamptz NOT NULL DEFAULT now(),
                landed_at           timestamptz NOT NULL DEFAULT now()
            );

            -- Few indexes: every one costs landing time. (source, key) is unique through the derived primary key;
            -- blocking reads all records into memory, so SQL-side blocking indexes come with SQL-side blocking.
            CREATE INDEX source_records_by_inn ON source_records (inn) WHERE inn IS NOT NULL;
            CREATE INDEX source_records_by_landed ON source_records (source, landed_at);

            -- Every version ever seen, append-only, with its payload exactly as the source sent it.
            CREATE TABLE raw_record_versions (
                source_record_id uuid NOT NULL REFERENCES source_records (source_record_id),
                version          integer NOT NULL CHECK (version >= 1),
                content_sha256   bytea NOT NULL CHECK (length(content_sha256) = 32),
                modified_at      timestamptz,
                deleted          boolean NOT NULL DEFAULT false,
                payload          jsonb NOT NULL,
                run_id           uuid,
                landed_at        timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (source_record_id, version)
            );

            -- A value that failed validation: the record is kept with the field empty; the raw value waits here.
            CREATE TABLE quarantine (
                source_record_id uuid NOT NULL REFERENCES source_records (source_record_id),
                version          integer NOT NULL,
                field            text NOT NULL,
                raw_value        text,
                reason_code      text NOT NULL,
                reason           text NOT NULL,
                run_id           uuid,
                created_at       timestamptz NOT NULL DEFAULT now(),
                resolved_at      timestamptz,
                resolved_by      uuid REFERENCES users (user_id),
                PRIMARY KEY (source_record_id, version, field),
                FOREIGN KEY (source_record_id, version) REFERENCES raw_record_versions (source_record_id, version)
            );

            CREATE INDEX quarantine_open ON quarantine (reason_code) WHERE resolved_at IS NULL;

            -- Match: scored candidate pairs, always stored with the smaller id first.
            CREATE TABLE match_candidates (
                left_id          uuid NOT NULL REFERENCES source_records (source_record_id),
                right_id         uuid NOT NULL,
                entity           text NOT NULL CHECK (entity IN ('organization', 'person')),
                model_entity     text,
                model_version    integer,
                match_weight     double precision NOT NULL,
                probability      double precision NOT NULL CHECK (probability BETWEEN 0 AND 1),
                explanation      jsonb NOT NULL,
                status           text NOT NULL
                                 CHECK (status IN ('linked', 'review', 'approved', 'rejected', 'not_linked')),
                run_id           uuid,
                created_at       timestamptz NOT NULL DEFAULT now(),
                updated_at       timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (left_id, right_id),
                CHECK (left_id < right_id)
            );

            CREATE INDEX match_candidates_review ON match_candidates (entity, probability DESC) WHERE status = 'review';
            CREATE INDEX match_candidates_by_right ON match_candidates (right_id);

            -- Fellegi-Sunter parameters (m/u per level, lambda, TF tables), versioned so a past run stays explainable.
            CREATE TABLE match_models (
                entity      text NOT NULL CHECK (entity IN ('organization', 'person')),
                version     integer NOT NULL CHECK (version >= 1),
                parameters  jsonb NOT NULL,
                trained_at  timestamptz NOT NULL DEFAULT now(),
                run_id      uuid,
                PRIMARY KEY (entity, version)
            );

            -- Golden side (distribution column: golden_id) -------------------------------------------

            CREATE TABLE golden_records (
                golden_id       uuid PRIMARY KEY,
                entity          text NOT NULL CHECK (entity IN ('organization', 'person')),
                status          text NOT NULL DEFAULT 'provisional'
                                CHECK (status IN ('provisional', 'matched', 'confirmed')),
                lifecycle       text NOT NULL DEFAULT 'live' CHECK (lifecycle IN ('live', 'prospect', 'dead')),
                current_version integer NOT NULL CHECK (current_version >= 1),
                attributes      jsonb NOT NULL,
                merged_into     uuid,
                created_at      timestamptz NOT NULL DEFAULT now(),
                updated_at      timestamptz NOT NULL DEFAULT now(),
                confirmed_at    timestamptz,
                confirmed_by    uuid REFERENCES users (user_id),
                CHECK (merged_into IS NULL OR merged_into <> golden_id),
                CHECK ((status = 'confirmed') = (confirmed_at IS NOT NULL))
            );

            CREATE INDEX golden_records_merged ON golden_records (merged_into) WHERE merged_into IS NOT NULL;

            -- Every change is a new version; history is never overwritten.
            CREATE TABLE golden_versions (
                golden_id   uuid NOT NULL REFERENCES golden_records (golden_id),
                version     integer NOT NULL CHECK (version >= 1),
                status      text NOT NULL CHECK (status IN ('provisional', 'matched', 'confirmed')),
                attributes  jsonb NOT NULL,
                change      text NOT NULL CHECK (change IN ('create', 'survive', 'merge', 'split', 'override', 'confirm')),
                run_id      uuid,
                actor_id    uuid REFERENCES users (user_id),
                created_at  timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (golden_id, version)
            );

            -- Which source record and which survivorship rule produced each golden value.
            CREATE TABLE golden_attribute_lineage (
                golden_id        uuid NOT NULL,
                version          integer NOT NULL,
                attribute        text NOT NULL,
                value            jsonb,
                rule             text NOT NULL,
                source_record_id uuid,
                source_modified_at timestamptz,
                PRIMARY KEY (golden_id, version, attribute),
                FOREIGN KEY (golden_id, version) REFERENCES golden_versions (golden_id, version)
            );

            -- xref: which golden record a source record belongs to, over time. One open row per source record.
            CREATE TABLE xref (
                source_record_id uuid NOT NULL REFERENCES source_records (source_record_id),
                valid_from       timestamptz NOT NULL,
                valid_to         timestamptz,
                golden_id        uuid NOT NULL,
                reason           text NOT NULL CHECK (reason IN ('match', 'steward', 'merge', 'split', 'new')),
                run_id           uuid,
                PRIMARY KEY (source_record_id, valid_from),
                CHECK (valid_to IS NULL OR valid_to > valid_from)
            );

            CREATE UNIQUE INDEX xref_current ON xref (source_record_id) WHERE valid_to IS NULL;
            CREATE INDEX xref_by_golden ON xref (golden_id) WHERE valid_to IS NULL;

            -- Steward decisions are facts that outlive runs: must-link, cannot-link, value overrides, splits.
            CREATE TABLE steward_decisions (
                decision_id  uuid PRIMARY KEY,
                kind         text NOT NULL CHECK (kind IN ('must_link', 'cannot_link', 'override', 'split', 'confirm')),
                left_id      uuid,
                right_id     uuid,
                golden_id    uuid,
                attribute    text,
                value        jsonb,
                actor_id     uuid NOT NULL REFERENCES users (user_id),
                reason       text NOT NULL CHECK (length(reason) > 0),
                created_at   timestamptz NOT NULL DEFAULT now(),
                revoked_at   timestamptz,
                CHECK (kind NOT IN ('must_link', 'cannot_link') OR (left_id IS NOT NULL AND right_id IS NOT NULL AND left_id < right_id)),
                CHECK (kind <> 'override' OR (golden_id IS NOT NULL AND attribute IS NOT NULL)),
                CHECK (kind NOT IN ('split', 'confirm') OR golden_id IS NOT NULL)
            );

            CREATE INDEX steward_decisions_pairs ON steward_decisions (left_id, right_id) WHERE revoked_at IS NULL;
            CREATE INDEX steward_decisions_golden ON steward_decisions (golden_id) WHERE revoked_at IS NULL;

            -- Publish/push: one delta per (source record, golden version). The primary key is the idempotency key,
            -- so republishing the same golden version is a no-op.
            CREATE TABLE outbox (
                source_record_id uuid NOT NULL REFERENCES source_records (source_record_id),
                golden_id        uuid NOT NULL,
                golden_version   integer NOT NULL,
                source           text NOT NULL REFERENCES sources (name) ON UPDATE CASCADE,
                idempotency_key  text GENERATED ALWAYS AS
                                 (golden_id::text || ':' || golden_version::text || ':' || source_record_id::text) STORED,
                delta            jsonb NOT NULL,
                state            text NOT NULL DEFAULT 'pending'
                                 CHECK (state IN ('pending', 'in_flight', 'acked', 'failed', 'dead')),
                attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                last_error       text,
                next_attempt_at  timestamptz NOT NULL DEFAULT now(),
                created_at       timestamptz NOT NULL DEFAULT now(),
                acked_at         timestamptz,
                run_id           uuid,
                PRIMARY KEY (source_record_id, golden_id, golden_version),
                CHECK ((state = 'acked') = (acked_at IS NOT NULL))
            );

            CREATE INDEX outbox_due ON outbox (source, next_attempt_at) WHERE state IN ('pending', 'failed');

            -- Audit -----------------------------------------------------------------------------------

            CREATE TABLE audit_log (
                audit_id    uuid PRIMARY KEY,
                at          timestamptz NOT NULL DEFAULT now(),
                actor       text NOT NULL,
                action      text NOT NULL,
                subject     text,
                details     jsonb NOT NULL DEFAULT '{}'::jsonb,
                run_id      uuid
            );

            CREATE INDEX audit_log_by_subject ON audit_log (subject, at);

            -- History tables refuse UPDATE and DELETE: the store itself keeps them append-only.
            CREATE FUNCTION golden_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
            END;
            $$;

            CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION golden_reject_change();

            CREATE TRIGGER raw_record_versions_append_only BEFORE UPDATE OR DELETE ON raw_record_versions
                FOR EACH ROW EXECUTE FUNCTION golden_reject_change();

            CREATE TRIGGER golden_versions_append_only BEFORE UPDATE OR DELETE ON golden_versions
                FOR EACH ROW EXECUTE FUNCTION golden_reject_change();
            """#
    )
}
