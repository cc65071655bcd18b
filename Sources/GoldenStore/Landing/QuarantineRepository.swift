import PostgresNIO

/// Reads over the quarantine: the values landing kept aside with a reason.
public struct QuarantineRepository: Sendable {
    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// How many quarantined values there are per reason code (`inn.bad_checksum`, `email.syntax`, …).
    public func countsByReason() async throws -> [String: Int] {
        let rows = try await database.client.query(
            "SELECT reason_code, count(*) FROM quarantine GROUP BY reason_code", logger: database.logger)
        var counts: [String: Int] = [:]
        for try await (code, count) in rows.decode((String, Int).self) { counts[code] = count }
        return counts
    }
}
