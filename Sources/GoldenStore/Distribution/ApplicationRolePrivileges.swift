import Foundation
import Logging
import PostgresNIO

/// The privileges of the role `golden` runs as (`golden serve`, `sync`, `schedule`), derived from the plan.
///
/// History is append-only by privileges: the application role gets SELECT and INSERT on the plan's append-only
/// tables and nothing more, so no code path can rewrite history. The owner (the role that runs `golden migrate`)
/// keeps every privilege, because PostgreSQL checks a foreign key as the referenced table's owner with
/// `SELECT … FOR KEY SHARE`, which needs UPDATE: revoking UPDATE from the owner would refuse every insert into
/// `quarantine` or `golden_versions`. On plain PostgreSQL the append-only triggers stay as a second guard;
/// on Citus, where triggers cannot stay, these grants are the guard.
public struct ApplicationRolePrivileges: Sendable {
    public let role: String
    public let plan: DistributionPlan

    public init(role: String, plan: DistributionPlan = .golden) {
        self.role = role
        self.plan = plan
    }

    /// The statements for `schema`, in order. Identifiers are quoted here; DDL takes no bound parameters.
    public func statements(schema: String) -> [String] {
        let grantee = SQLIdentifier.quoted(role)
        var statements = ["GRANT USAGE ON SCHEMA \(SQLIdentifier.quoted(schema)) TO \(grantee)"]
        for entry in plan.tables {
            let table = "\(SQLIdentifier.quoted(schema)).\(SQLIdentifier.quoted(entry.table))"
            statements.append("REVOKE ALL ON \(table) FROM \(grantee)")
            let privileges =
                switch (entry.role, entry.appendOnly) {
                // The health check reads the schema version; only the migrator writes it.
                case (.coordinatorOnly, _) where entry.table == "schema_migrations": "SELECT"
                case (.coordinatorOnly, _): "SELECT, INSERT, UPDATE, DELETE"
                case (_, true): "SELECT, INSERT"
                case (_, false): "SELECT, INSERT, UPDATE, DELETE"
                }
            statements.append("GRANT \(privileges) ON \(table) TO \(grantee)")
        }
        return statements
    }

    /// Grants the role its privileges on the connection's current schema; rerunning is a no-op.
    ///
    /// - Throws: ``StoreError`` `invalidApplicationRole` when the role does not exist or owns a table of the schema
    ///   (an owner holds every privilege whatever is granted).
    /// - Returns: notes for the operator (a superuser application role bypasses privileges).
    @discardableResult
    public func grant(on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let rows = try await connection.query(
            """
            SELECT r.rolsuper,
                   EXISTS (SELECT 1 FROM pg_class c
                           WHERE c.relnamespace = current_schema()::regnamespace AND c.relowner = r.oid),
                   current_schema()
            FROM pg_roles r WHERE r.rolname = \(role)
            """, logger: logger)
        var found: (superuser: Bool, owns: Bool, schema: String)?
        for try await (superuser, owns, schema) in rows.decode((Bool, Bool, String).self) {
            found = (superuser, owns, schema)
        }
        guard let found else {
            throw StoreError(
                .invalidApplicationRole,
                "role '\(role)' does not exist; create it first (CREATE ROLE \(role) LOGIN PASSWORD '…')")
        }
        guard !found.owns else {
            throw StoreError(
                .invalidApplicationRole,
                "role '\(role)' owns tables of schema '\(found.schema)'; the application role must be another role "
                    + "than the one that runs migrations, or privileges cannot keep history append-only")
        }
        for statement in statements(schema: found.schema) {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        return found.superuser
            ? ["role '\(role)' is a superuser: privileges do not bind it, so history is append-only only by convention"]
            : []
    }
}

/// Quoting for the identifiers DDL needs spliced in (roles, schemas); never for values.
enum SQLIdentifier {
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
