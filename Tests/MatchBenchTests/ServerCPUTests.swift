import GoldenTestSupport
import PostgresNIO
import Testing

@testable import golden

@Suite("Server CPU for benchmarks", .database)
struct ServerCPUTests {
    @Test("a local server's CPU time is readable and grows with work done")
    func grows() async throws {
        let db = try TestDatabase.require
        let cpu = ServerCPU(database: db.database)
        #expect(try await cpu.seconds() != nil)
        // Measured on the one backend that does the work: other tests' connections come and go in parallel, and
        // a backend that exits takes its CPU time out of a sum over all of them.
        try await db.client.withConnection { connection in
            var pid: Int32 = 0
            for try await backend in try await connection.query("SELECT pg_backend_pid()", logger: db.logger)
                .decode(Int32.self)
            { pid = backend }
            let before = try #require(ServerCPU.seconds(of: [pid]))
            // About a second of server work; the rows must be read, or the call returns before the work is done.
            let rows = try await connection.query(
                "SELECT count(DISTINCT md5(g::text)) FROM generate_series(1, 1500000) AS g", logger: db.logger)
            for try await distinct in rows.decode(Int.self) { #expect(distinct == 1_500_000) }
            let after = try #require(ServerCPU.seconds(of: [pid]))
            #expect(after - before > 0.05)
        }
    }

    @Test("upkeep is counted apart: only processes marked maintenance in the later snapshot")
    func splitsUpkeep() {
        let start = ServerCPU.Snapshot(seconds: [1: 2.0, 2: 5.0], maintenance: [2])
        // Process 3 started inside the window and counts whole; process 1 ended and is lost.
        let end = ServerCPU.Snapshot(seconds: [2: 7.5, 3: 1.25, 4: 0.5], maintenance: [2, 3])
        #expect(ServerCPU.used(from: start, to: end) == 4.25)
        #expect(ServerCPU.used(from: start, to: end, maintenanceOnly: true) == 3.75)
        #expect(ServerCPU.used(from: start, to: ServerCPU.Snapshot()) == nil)
    }
}
