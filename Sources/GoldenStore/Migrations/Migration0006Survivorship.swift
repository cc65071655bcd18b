extension Migration {
    /// Survivorship: the golden values a run keeps, what they were computed from, and finance's proposals.
    ///
    /// `golden_records.attributes` already holds the current values and `golden_versions.attributes` each version's;
    /// `golden_attribute_lineage` holds "why this value won", one row per attribute of every version a survivorship
    /// wrote. `survived_input` is a digest of everything survivorship read for the record (members and their
    /// versions, employers, overrides, status, rules): an unchanged digest lets a run skip the record. `values_digest`
    /// lets a run that recomputed the same values write no version. `lineage_version` is the version whose lineage
    /// is current (membership-only versions written by a steward's split carry none).
    static let survivorship = Migration(
        version: 6,
        name: "survivorship",
        sql: #"""
            ALTER TABLE golden_records ADD COLUMN survived_input bigint;
            ALTER TABLE golden_records ADD COLUMN values_digest bigint;
            ALTER TABLE golden_records ADD COLUMN lineage_version integer;
            ALTER TABLE golden_records ADD COLUMN dead_reason text;

            -- Lineage is written for every attribute of every survived version and read back whole, never queried
            -- inside: json keeps the text as written and costs the server a syntax check instead of a jsonb build.
            ALTER TABLE golden_attribute_lineage ALTER COLUMN value TYPE json USING value::json;

            ALTER TABLE golden_versions DROP CONSTRAINT golden_versions_change_check;
            ALTER TABLE golden_versions ADD CONSTRAINT golden_versions_change_check CHECK (change IN
                ('create', 'survive', 'merge', 'split', 'override', 'confirm', 'membership', 'merged_into', 'retire',
                 'move', 'unlock', 'proposal'));

            -- A value that differs from a locked legal field of a confirmed company waits here for finance. One row
            -- per (golden record, attribute, proposed value) for ever: a rejected value is not proposed again.
            CREATE TABLE golden_proposals (
                proposal_id      uuid NOT NULL,
                golden_id        uuid NOT NULL,
                attribute        text NOT NULL,
                current_value    text,
                proposed_value   text NOT NULL,
                proposed_raw     text,
                source_record_id uuid,
                rule             text NOT NULL,
                status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
                run_id           uuid,
                created_at       timestamptz NOT NULL DEFAULT now(),
                decided_at       timestamptz,
                decided_by       uuid REFERENCES users (user_id),
                reason           text,
                PRIMARY KEY (golden_id, proposal_id),
                CHECK ((status = 'open') = (decided_at IS NULL))
            );
            CREATE UNIQUE INDEX golden_proposals_once ON golden_proposals (golden_id, attribute, proposed_value);
            CREATE INDEX golden_proposals_open ON golden_proposals (created_at) WHERE status = 'open';

            -- Steward overrides and unlocks name their golden record and attribute; the value is jsonb text.
            ALTER TABLE steward_decisions DROP CONSTRAINT steward_decisions_kind_check;
            ALTER TABLE steward_decisions ADD CONSTRAINT steward_decisions_kind_check CHECK (kind IN
                ('must_link', 'cannot_link', 'override', 'split', 'confirm', 'move', 'undo', 'proposal'));
            """#
    )
}
