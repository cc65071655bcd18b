extension Migration {
    /// Golden identity: what matching reads, stored once at landing; golden record states; membership versions;
    /// steward decisions that pin membership (split, move) and undo earlier ones; stale review candidates.
    ///
    /// Columns are added, never retyped, so the migration is quick on a full store. No table is added: every
    /// change stays within the distribution plan of the tables it touches (golden side by `golden_id`, source
    /// side by `source_record_id`; `steward_decisions` is small and keyed by its own id).
    static let goldenIdentity = Migration(
        version: 5,
        name: "golden_identity",
        sql: #"""
            -- What matching reads (the Matching module's StoredMatchValues text), written once at landing. NULL for
            -- records landed before this column existed: the match run standardizes those from `attributes`.
            ALTER TABLE source_records ADD COLUMN match_values text;

            -- A golden record is active, merged into another (its id resolves through `merged_into`), or retired
            -- (no live member left). Nothing is ever deleted.
            ALTER TABLE golden_records ADD COLUMN state text NOT NULL DEFAULT 'active'
                CHECK (state IN ('active', 'merged', 'retired'));
            ALTER TABLE golden_records ADD COLUMN member_count integer NOT NULL DEFAULT 0 CHECK (member_count >= 0);
            ALTER TABLE golden_records ADD CONSTRAINT golden_records_merged_state
                CHECK ((state = 'merged') = (merged_into IS NOT NULL));
            CREATE INDEX golden_records_active ON golden_records (entity, golden_id) WHERE state = 'active';

            -- Every membership change is a version: who belonged, what caused it (a run or a steward decision), and
            -- the golden ids involved (absorbed ids of a merge, the origin of a split-off, the survivor of a loser).
            ALTER TABLE golden_versions DROP CONSTRAINT golden_versions_change_check;
            ALTER TABLE golden_versions ADD CONSTRAINT golden_versions_change_check CHECK (change IN
                ('create', 'survive', 'merge', 'split', 'override', 'confirm', 'membership', 'merged_into', 'retire',
                 'move'));
            ALTER TABLE golden_versions ADD COLUMN members uuid[];
            ALTER TABLE golden_versions ADD COLUMN related uuid[] NOT NULL DEFAULT '{}';
            ALTER TABLE golden_versions ADD COLUMN decision_id uuid;

            -- A steward's split names the records that leave and those that stay; a move names the record, its
            -- new golden record and the members it leaves; an undo names the decision it reverses.
            ALTER TABLE steward_decisions DROP CONSTRAINT steward_decisions_kind_check;
            ALTER TABLE steward_decisions ADD CONSTRAINT steward_decisions_kind_check CHECK (kind IN
                ('must_link', 'cannot_link', 'override', 'split', 'confirm', 'move', 'undo'));
            ALTER TABLE steward_decisions ADD COLUMN entity text CHECK (entity IN ('organization', 'person'));
            ALTER TABLE steward_decisions ADD COLUMN records uuid[] NOT NULL DEFAULT '{}';
            ALTER TABLE steward_decisions ADD COLUMN others uuid[] NOT NULL DEFAULT '{}';
            ALTER TABLE steward_decisions ADD COLUMN undoes uuid;
            ALTER TABLE steward_decisions ADD CONSTRAINT steward_decisions_undo_names
                CHECK ((kind = 'undo') = (undoes IS NOT NULL));
            CREATE INDEX steward_decisions_live ON steward_decisions (entity, created_at) WHERE revoked_at IS NULL;

            -- A review pair whose records changed, or that a later run no longer puts in the review band, is stale:
            -- never shown with an old score.
            ALTER TABLE match_candidates DROP CONSTRAINT match_candidates_status_check;
            ALTER TABLE match_candidates ADD CONSTRAINT match_candidates_status_check CHECK (status IN
                ('linked', 'review', 'approved', 'rejected', 'not_linked', 'stale', 'deferred'));
            ALTER TABLE match_candidates ADD COLUMN decision_id uuid;
            """#
    )
}
