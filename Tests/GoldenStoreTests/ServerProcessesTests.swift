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
}
