/// One way the schema or a statement of the store would break on Citus, with the table or statement it concerns.
///
/// A value, not an error: ``DistributionRules`` returns every violation at once, so a test (or `migrate --citus`,
/// before it changes anything) can name them all.
public struct DistributionViolation: Sendable, Hashable, CustomStringConvertible {
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        /// A table of the schema has no entry in ``DistributionPlan``.
        case tableMissingFromPlan = "table_missing_from_plan"
        /// The plan names a table the schema does not have.
        case planEntryWithoutTable = "plan_entry_without_table"
        /// An entry comes before a table it references or the anchor it is co-located with.
        case planOrder = "plan_order"
        /// The distribution column is missing, nullable, or of another type than its co-location anchor's.
        case distributionColumn = "distribution_column"
        /// A distributed table is co-located with a table that is not the anchor of a distributed group.
        case colocation = "colocation"
        /// A primary key or unique index of a distributed table lacks the distribution column.
        case uniqueWithoutDistributionColumn = "unique_without_distribution_column"
        /// A foreign key that Citus cannot enforce: between distributed tables not joined on co-located
        /// distribution columns, from a reference table to a distributed one, or touching a coordinator-only table.
        case foreignKey = "foreign_key"
        /// A trigger on a distributed or reference table (Citus refuses to distribute it).
        case trigger = "trigger"
        /// An append-only table whose privileges still allow UPDATE, DELETE or TRUNCATE to some role.
        case appendOnlyPrivileges = "append_only_privileges"
        /// A function that is not immutable inside `ON CONFLICT … DO UPDATE SET`.
        case functionInConflictUpdate = "function_in_conflict_update"
        /// `INSERT … RETURNING` without an alias on the target table.
        case unaliasedInsertReturning = "unaliased_insert_returning"
        /// An advisory lock taken inside a larger statement instead of alone.
        case advisoryLockNotStandalone = "advisory_lock_not_standalone"
    }

    public let rule: Rule
    /// The table, or where a statement comes from (`File.swift:42`, `migration 3`).
    public let subject: String
    public let message: String

    public init(_ rule: Rule, _ subject: String, _ message: String) {
        self.rule = rule
        self.subject = subject
        self.message = message
    }

    public var description: String { "[\(rule.rawValue)] \(subject): \(message)" }
}
