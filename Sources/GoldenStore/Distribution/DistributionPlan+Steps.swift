/// Where a table already sits on a Citus cluster, as `pg_dist_partition` says.
public enum CitusPlacement: Sendable, Hashable {
    case reference
    /// Hash-distributed by `column`, in co-location group `colocationID`.
    case distributed(column: String, colocationID: Int)
    /// A Citus local table (or a single-shard table): what a table becomes when it references a reference table
    /// while `citus.enable_local_reference_table_foreign_keys` is on. It cannot be distributed from there.
    case citusLocal
}

/// One change `golden migrate --citus` makes, in plan order.
public enum DistributionStep: Sendable, Hashable, CustomStringConvertible {
    /// Drops the append-only trigger of plain PostgreSQL; the application role's privileges keep history append-only.
    case dropAppendOnlyTrigger(table: String, trigger: String)
    case createReferenceTable(table: String)
    /// `colocateWith` is `nil` for the anchor of a new co-location group (`colocate_with => 'none'`).
    case createDistributedTable(table: String, column: String, colocateWith: String?)

    public var description: String {
        switch self {
        case .dropAppendOnlyTrigger(let table, let trigger): "drop trigger \(trigger) on \(table)"
        case .createReferenceTable(let table): "reference table \(table)"
        case .createDistributedTable(let table, let column, let anchor):
            "distributed table \(table) by \(column)" + (anchor.map { ", co-located with \($0)" } ?? ", new group")
        }
    }
}

extension DistributionPlan {
    /// The steps that bring a cluster where `placements` says to this plan; empty when it is there already.
    ///
    /// Idempotent by construction: a table already placed as planned gets no step. A table placed differently is
    /// an error naming the table and the Citus function that undoes it; nothing is guessed.
    ///
    /// - Parameters:
    ///   - placements: the current schema's tables in `pg_dist_partition`, by name.
    ///   - triggers: the triggers of the current schema (only the plan's append-only triggers are dropped).
    /// - Throws: ``StoreError`` `distributionConflict`.
    public func steps(
        placements: [String: CitusPlacement], triggers: [DistributionCatalog.Trigger]
    ) throws(StoreError) -> [DistributionStep] {
        var steps: [DistributionStep] = []
        for entry in tables {
            let placement = placements[entry.table]
            switch (entry.role, placement) {
            case (.coordinatorOnly, nil), (.reference, .reference?):
                continue
            case (.distributed(let column, let anchor), .distributed(let placedColumn, let group)?):
                guard placedColumn == column else {
                    throw conflict(
                        entry.table,
                        "is distributed by '\(placedColumn)', the plan says '\(column)'; fix it with "
                            + "SELECT alter_distributed_table('\(entry.table)', distribution_column => '\(column)')")
                }
                if anchor != entry.table, case .distributed(_, let anchorGroup)? = placements[anchor],
                    anchorGroup != group
                {
                    throw conflict(
                        entry.table,
                        "is not co-located with '\(anchor)'; fix it with "
                            + "SELECT alter_distributed_table('\(entry.table)', colocate_with => '\(anchor)')")
                }
            case (.reference, nil):
                steps += dropTrigger(of: entry, triggers: triggers)
                steps.append(.createReferenceTable(table: entry.table))
            case (.distributed(let column, let anchor), nil):
                steps += dropTrigger(of: entry, triggers: triggers)
                steps.append(
                    .createDistributedTable(
                        table: entry.table, column: column, colocateWith: anchor == entry.table ? nil : anchor))
            case (_, .citusLocal?):
                throw conflict(
                    entry.table,
                    "is a Citus local table (it was given a foreign key to a reference table while "
                        + "citus.enable_local_reference_table_foreign_keys was on); undo it with "
                        + "SELECT undistribute_table('\(entry.table)', cascade_via_foreign_keys => true) and rerun")
            case (_, let placed?):
                throw conflict(
                    entry.table,
                    "is already placed as \(placed), the plan says \(entry.role); undo it with "
                        + "SELECT undistribute_table('\(entry.table)', cascade_via_foreign_keys => true) and rerun")
            }
        }
        return steps
    }

    private func dropTrigger(
        of entry: TableDistribution, triggers: [DistributionCatalog.Trigger]
    ) -> [DistributionStep] {
        guard let trigger = entry.appendOnlyTrigger,
            triggers.contains(DistributionCatalog.Trigger(table: entry.table, name: trigger))
        else { return [] }
        return [.dropAppendOnlyTrigger(table: entry.table, trigger: trigger)]
    }

    private func conflict(_ table: String, _ message: String) -> StoreError {
        StoreError(.distributionConflict, "table '\(table)' \(message)")
    }
}
