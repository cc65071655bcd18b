import GoldenStore
import GoldenTestSupport
import PostgresNIO
import Testing

@Suite("Server processes for benchmarks", .database)
struct ServerProcessesTests {
    @Test("the server's process list includes the backend serving another connection")
    func listsBackends() async throws {
        let db = try TestDatabase.require
        var probePID: Int32?
        for try await pid in try await db.client.query("SELECT pg_backend_pid()").decode(Int32.self) { probePID = pid }
        let pids = try await ServerProcesses(database: db.database).ids()
        #expect(pids.contains(try #require(probePID)))
    }

    @Test("client backends are client work, and the server's own processes are upkeep")
    func marksUpkeep() async throws {
        let db = try TestDatabase.require
        var probePID: Int32?
        for try await pid in try await db.client.query("SELECT pg_backend_pid()").decode(Int32.self) { probePID = pid }
        var upkeep: Set<Int32> = []
        for try await pid in try await db.client.query(
            "SELECT pid FROM pg_stat_activity WHERE backend_type IN ('checkpointer', 'walwriter', 'background writer')"
        ).decode(Int32.self) { upkeep.insert(pid) }
        #expect(!upkeep.isEmpty, "a running server has a checkpointer")
        let processes = try await ServerProcesses(database: db.database).processes()
        let probe = try #require(processes.first { $0.pid == probePID })
        #expect(!probe.isMaintenance)
        for pid in upkeep {
            #expect(processes.first { $0.pid == pid }?.isMaintenance == true, "process \(pid)")
        }
    }
}
