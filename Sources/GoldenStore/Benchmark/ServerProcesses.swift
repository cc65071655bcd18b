import PostgresNIO

/// The server's processes as `pg_stat_activity` lists them, for benchmarks that measure the server's CPU.
public struct ServerProcesses: Sendable {
    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// One server process: its id, and whether it is the server's own upkeep rather than work a client asked for.
    public struct Process: Sendable, Hashable {
        public let pid: Int32
        /// Autovacuum, the checkpointer, the background and WAL writers: work the server schedules itself, which
        /// lands in a benchmark's window whenever it happens to run (the vacuum of a million rows just loaded).
        public let isMaintenance: Bool
    }

    /// The process ids of every backend and background worker the server lists in `pg_stat_activity`.
    public func ids() async throws -> [Int32] {
        try await processes().map(\.pid)
    }

    /// Every process the server lists, each marked client work (a backend, or a parallel worker for one) or upkeep.
    public func processes() async throws -> [Process] {
        let rows = try await database.client.query(
            "SELECT pid, coalesce(backend_type, '') FROM pg_stat_activity", logger: database.logger)
        var processes: [Process] = []
        for try await (pid, type) in rows.decode((Int32, String).self) {
            processes.append(Process(pid: pid, isMaintenance: type != "client backend" && type != "parallel worker"))
        }
        return processes
    }
}
