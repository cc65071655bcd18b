import Logging
import PostgresNIO

/// What the rules need to know about the current schema: its tables, their columns, unique indexes, foreign keys,
/// triggers and the privileges on them. Read from `pg_catalog` on plain PostgreSQL or a Citus coordinator alike.
public struct DistributionCatalog: Sendable, Hashable {
    public struct Column: Sendable, Hashable {
        public var table: String
        public var name: String
        public var type: String
        public var notNull: Bool

        public init(table: String, name: String, type: String, notNull: Bool) {
            self.table = table
            self.name = name
            self.type = type
            self.notNull = notNull
        }
    }

    /// A primary key or unique index; `columns` are its key columns, `hasExpression` when one of them is an expression.
    public struct UniqueIndex: Sendable, Hashable {
        public var table: String
        public var name: String
        public var columns: [String]
        public var hasExpression: Bool

        public init(table: String, name: String, columns: [String], hasExpression: Bool = false) {
            self.table = table
            self.name = name
            self.columns = columns
            self.hasExpression = hasExpression
        }
    }

    public struct ForeignKey: Sendable, Hashable {
        public var name: String
        public var table: String
        public var columns: [String]
        public var referencedTable: String
        public var referencedColumns: [String]

        public init(
            name: String, table: String, columns: [String], referencedTable: String, referencedColumns: [String]
        ) {
            self.name = name
            self.table = table
            self.columns = columns
            self.referencedTable = referencedTable
            self.referencedColumns = referencedColumns
        }
    }

    public struct Trigger: Sendable, Hashable {
        public var table: String
        public var name: String

        public init(table: String, name: String) {
            self.table = table
            self.name = name
        }
    }

    /// The roles other than the owner that may change rows of a table (UPDATE, DELETE or TRUNCATE).
    ///
    /// The owner is left out on purpose: PostgreSQL checks a foreign key as the referenced table's owner with
    /// `SELECT … FOR KEY SHARE`, which needs UPDATE, so the owner (the role that runs migrations) must keep it. The
    /// application runs as another role (see ``ApplicationRolePrivileges``).
    public struct ChangePrivileges: Sendable, Hashable {
        public var table: String
        public var holders: [String]

        public init(table: String, holders: [String]) {
            self.table = table
            self.holders = holders
        }
    }

    public var tables: [String]
    public var columns: [Column]
    public var uniqueIndexes: [UniqueIndex]
    public var foreignKeys: [ForeignKey]
    public var triggers: [Trigger]
    public var changePrivileges: [ChangePrivileges]

    public init(
        tables: [String], columns: [Column] = [], uniqueIndexes: [UniqueIndex] = [], foreignKeys: [ForeignKey] = [],
        triggers: [Trigger] = [], changePrivileges: [ChangePrivileges] = []
    ) {
        self.tables = tables
        self.columns = columns
        self.uniqueIndexes = uniqueIndexes
        self.foreignKeys = foreignKeys
        self.triggers = triggers
        self.changePrivileges = changePrivileges
    }

    public func column(_ name: String, of table: String) -> Column? {
        columns.first { $0.table == table && $0.name == name }
    }
}

extension DistributionCatalog {
    /// Reads the catalog of the connection's current schema.
    public static func read(on connection: PostgresConnection, logger: Logger) async throws -> DistributionCatalog {
        var catalog = DistributionCatalog(tables: [])

        let tables = try await connection.query(
            """
            SELECT c.relname::text FROM pg_class c
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            ORDER BY c.relname
            """, logger: logger)
        for try await name in tables.decode(String.self) { catalog.tables.append(name) }

        let columns = try await connection.query(
            """
            SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
              AND a.attnum > 0 AND NOT a.attisdropped
            """, logger: logger)
        for try await (table, name, type, notNull) in columns.decode((String, String, String, Bool).self) {
            catalog.columns.append(Column(table: table, name: name, type: type, notNull: notNull))
        }

        // Key columns only (INCLUDE columns do not make an index unique); attnum 0 is an expression.
        let indexes = try await connection.query(
            """
            SELECT t.relname::text, i.relname::text,
                   array(SELECT a.attname::text
                         FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                         JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                         WHERE k.n <= x.indnkeyatts ORDER BY k.n),
                   x.indexprs IS NOT NULL
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relnamespace = current_schema()::regnamespace AND x.indisunique
            ORDER BY t.relname, i.relname
            """, logger: logger)
        for try await (table, name, keyColumns, hasExpression) in indexes.decode((String, String, [String], Bool).self)
        {
            catalog.uniqueIndexes.append(
                UniqueIndex(table: table, name: name, columns: keyColumns, hasExpression: hasExpression))
        }

        let keys = try await connection.query(
            """
            SELECT k.conname::text, s.relname::text,
                   array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS c(attnum, n)
                         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = c.attnum ORDER BY c.n),
                   r.relname::text,
                   array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS c(attnum, n)
                         JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = c.attnum ORDER BY c.n)
            FROM pg_constraint k JOIN pg_class s ON s.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
            WHERE k.contype = 'f' AND s.relnamespace = current_schema()::regnamespace
            ORDER BY s.relname, k.conname
            """, logger: logger)
        for try await (name, table, columns, referenced, referencedColumns) in keys.decode(
            (String, String, [String], String, [String]).self)
        {
            catalog.foreignKeys.append(
                ForeignKey(
                    name: name, table: table, columns: columns, referencedTable: referenced,
                    referencedColumns: referencedColumns))
        }

        let triggers = try await connection.query(
            """
            SELECT c.relname::text, t.tgname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal
            ORDER BY c.relname, t.tgname
            """, logger: logger)
        for try await (table, name) in triggers.decode((String, String).self) {
            catalog.triggers.append(Trigger(table: table, name: name))
        }

        // A grantee of 0 in an ACL item is PUBLIC. No ACL yet (NULL) means the owner's defaults only.
        let privileges = try await connection.query(
            """
            SELECT c.relname::text,
                   array(SELECT DISTINCT CASE WHEN p.grantee = 0 THEN 'PUBLIC' ELSE p.grantee::regrole::text END
                         FROM aclexplode(c.relacl) AS p
                         WHERE p.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE') AND p.grantee <> c.relowner
                         ORDER BY 1)
            FROM pg_class c
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
            ORDER BY c.relname
            """, logger: logger)
        for try await (table, holders) in privileges.decode((String, [String]).self) {
            catalog.changePrivileges.append(ChangePrivileges(table: table, holders: holders))
        }
        return catalog
    }
}
