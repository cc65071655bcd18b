import PostgresNIO

extension GoldenDatabase {
    /// Creates an empty schema (for a benchmark's or a test's private copy of the store).
    ///
    /// - Parameter name: lowercase letters, digits and `_`, starting with a letter or `_`: a schema name cannot be a
    ///   bound parameter, so only names that need no quoting are accepted.
    /// - Throws: `StoreError` with `.invalidSchemaName` for any other name.
    public func createSchema(_ name: String) async throws {
        let schema = try Self.checkedSchemaName(name)
        try await client.query("CREATE SCHEMA \(unescaped: schema)", logger: logger)
    }

    /// Drops a schema and everything in it.
    ///
    /// - Throws: `StoreError` with `.invalidSchemaName` for a name ``createSchema(_:)`` would refuse.
    public func dropSchema(_ name: String) async throws {
        let schema = try Self.checkedSchemaName(name)
        try await client.query("DROP SCHEMA \(unescaped: schema) CASCADE", logger: logger)
    }

    static func checkedSchemaName(_ name: String) throws -> String {
        let bytes = Array(name.utf8)
        let valid = !bytes.isEmpty && bytes.count <= 63
            && bytes.allSatisfy { $0 &- 97 < 26 || $0 &- 48 < 10 || $0 == UInt8(ascii: "_") }
            && !(bytes[0] &- 48 < 10)
        guard valid else {
            throw StoreError(.invalidSchemaName, "schema name '\(name)' must be lowercase letters, digits and '_'")
        }
        return name
    }
}
