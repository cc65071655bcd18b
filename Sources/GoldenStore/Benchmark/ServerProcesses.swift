import PostgresNIO

/// The server's current processes, for benchmarks that measure the server's CPU next to their own.
public struct ServerProcesses: Sendable {
    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// The process ids of every backend and background worker the server lists in `pg_stat_activity`.
    public func ids() async throws -> [Int32] {
        let rows = try await database.client.query("SELECT pid FROM pg_stat_activity", logger: database.logger)
        var pids: [Int32] = []
        for try await pid in rows.decode(Int32.self) { pids.append(pid) }
        return pids
    }
}
