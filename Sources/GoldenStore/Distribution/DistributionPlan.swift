/// Where every table of the store lives on a Citus cluster: the one declaration `golden migrate --citus` applies and
/// the catalog test checks the migrated schema against.
///
/// Citus cannot be installed on CI, so this plan plus ``DistributionRules`` are what keep the store distributable:
/// a migration that adds a table without an entry here, a unique index without the distribution column, a foreign
/// key across co-location groups or a trigger on a distributed table fails `DistributionCatalogTests`.
///
/// ## Adding a table (in the same commit as its migration)
///
/// - A small configuration table that everything may reference: `.reference("name")`.
/// - A source-side table (one row per source record, or many): `.distributed("name", by: "source_record_id",
///   colocatedWith: "source_records")`. Its primary key and unique indexes start with (or at least include)
///   `source_record_id`; its foreign keys go to `source_records`-co-located tables through that column, or to
///   reference tables.
/// - A golden-side table: `.distributed("name", by: "golden_id", colocatedWith: "golden_records")`, likewise.
/// - An append-only history table: add `appendOnly: true`; the application role gets no UPDATE or DELETE on it.
///
/// Order matters: the array is the order in which `migrate --citus` distributes. Put a table after every table it
/// references (reference tables first, then each group's anchor, then the tables co-located with it); the catalog
/// test names any entry that comes too early.
public struct DistributionPlan: Sendable, Hashable {
    public let tables: [TableDistribution]

    public init(_ tables: [TableDistribution]) {
        precondition(
            Set(tables.map(\.table)).count == tables.count, "a table appears twice in the distribution plan")
        self.tables = tables
    }

    /// The entry of `table`, if the plan has one.
    public func entry(for table: String) -> TableDistribution? {
        tables.first { $0.table == table }
    }

    /// The plan of this build: every table migrations 1… create, and the migrator's own bookkeeping.
    public static let golden = DistributionPlan([
        // Reference tables: small, read everywhere, copied to every node. Referenced tables come first.
        .reference("sources"),
        .reference("source_watermarks"),
        .reference("roles"),
        .reference("users"),
        .reference("user_roles"),
        .reference("api_tokens"),
        .reference("sync_runs"),
        .reference("sync_run_sources"),
        .reference("match_models"),
        // One row: the fingerprint of what the last golden run read.
        .reference("golden_run_inputs"),
        // A row per source and entity, moved by every landing batch of that source.
        .reference("source_fingerprints"),
        // The ids each landing batch changed, per source and entity: written by that source's landing, read by
        // the match run, and pruned to what the stored table images have not read.
        .reference("landing_changes"),
        // Steward decisions are few (people make them), carry nullable pair and golden ids that cannot be a
        // distribution column, and every match run reads all of them as hard rules: a reference table.
        .reference("steward_decisions"),

        // Source side: everything keyed by a source record lives on that record's shard.
        .distributed("source_records", by: "source_record_id"),
        .distributed(
            "raw_record_versions", by: "source_record_id", colocatedWith: "source_records", appendOnly: true),
        .distributed("quarantine", by: "source_record_id", colocatedWith: "source_records"),
        // A pair lives with its smaller record; `right_id` is kept consistent by the application.
        .distributed("match_candidates", by: "left_id", colocatedWith: "source_records"),
        .distributed("xref", by: "source_record_id", colocatedWith: "source_records"),
        // The outbox is source-side: a delta is addressed to one source record (its foreign key says so), and
        // the push reads it by source record; `golden_id` is a cross-side link the application keeps.
        .distributed("outbox", by: "source_record_id", colocatedWith: "source_records"),

        // Golden side: a golden record and its versions (which carry their lineage) share a shard.
        .distributed("golden_records", by: "golden_id"),
        .distributed("golden_versions", by: "golden_id", colocatedWith: "golden_records", appendOnly: true),
        .distributed("golden_proposals", by: "golden_id", colocatedWith: "golden_records"),

        // Rows of files that never became records: keyed by their own id, referencing only `sources`.
        .distributed("rejected_rows", by: "rejected_row_id"),

        // Audit: append-only, grows with every action, read by subject (a fan-out query is fine there).
        .distributed("audit_log", by: "audit_id", appendOnly: true),

        // A cache of the match run's input, read and written whole by the one run that holds the identity lock:
        // on the coordinator, where the run connects, rather than copied to every node.
        .coordinatorOnly("match_table_images"),
        .coordinatorOnly("match_states"),

        // The migrator's own bookkeeping stays an ordinary table on the coordinator, where migrations run.
        .coordinatorOnly("schema_migrations"),
    ])
}

/// One table's place on a Citus cluster.
public struct TableDistribution: Sendable, Hashable {
    public enum Role: Sendable, Hashable {
        /// Copied whole to every node; any table may reference it.
        case reference
        /// Sharded by `column`; shards of tables with the same `colocatedWith` sit together. A table co-located
        /// with itself starts a co-location group (its anchor).
        case distributed(column: String, colocatedWith: String)
        /// Stays an ordinary table on the coordinator; nothing may reference it and it references nothing.
        case coordinatorOnly
    }

    public let table: String
    public let role: Role
    /// History that is never updated or deleted: the application role gets only SELECT and INSERT on it, and on
    /// Citus that privilege replaces the append-only trigger of plain PostgreSQL (see ``appendOnlyTrigger``).
    public let appendOnly: Bool

    public init(table: String, role: Role, appendOnly: Bool = false) {
        precondition(Self.isPlainIdentifier(table), "'\(table)' is not a plain lower-case SQL identifier")
        if case .distributed(let column, let anchor) = role {
            precondition(Self.isPlainIdentifier(column) && Self.isPlainIdentifier(anchor))
        }
        self.table = table
        self.role = role
        self.appendOnly = appendOnly
    }

    public static func reference(_ table: String, appendOnly: Bool = false) -> TableDistribution {
        TableDistribution(table: table, role: .reference, appendOnly: appendOnly)
    }

    /// A distributed table; without `colocatedWith` it is the anchor of its own co-location group.
    public static func distributed(
        _ table: String, by column: String, colocatedWith anchor: String? = nil, appendOnly: Bool = false
    ) -> TableDistribution {
        TableDistribution(
            table: table, role: .distributed(column: column, colocatedWith: anchor ?? table), appendOnly: appendOnly)
    }

    public static func coordinatorOnly(_ table: String) -> TableDistribution {
        TableDistribution(table: table, role: .coordinatorOnly)
    }

    /// The distribution column, for a distributed table.
    public var distributionColumn: String? {
        if case .distributed(let column, _) = role { return column }
        return nil
    }

    /// The table whose co-location group this one joins (itself for an anchor), for a distributed table.
    public var colocationAnchor: String? {
        if case .distributed(_, let anchor) = role { return anchor }
        return nil
    }

    public var isReference: Bool { role == .reference }

    /// The trigger migration 1 put on append-only history (`<table>_append_only`). Plain PostgreSQL keeps it;
    /// `golden migrate --citus` drops it, because Citus refuses to distribute a table with triggers.
    public var appendOnlyTrigger: String? { appendOnly ? "\(table)_append_only" : nil }

    /// Names in the plan are spliced into DDL (`DROP TRIGGER … ON name`, `GRANT … ON name`), so they must be plain.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first), name.count <= 63
        else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }
}
