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
        let before = try #require(try await cpu.seconds())
        // About a second of server work: hashing a few million rows.
        try await db.client.query("SELECT count(DISTINCT md5(g::text)) FROM generate_series(1, 1500000) AS g")
        let after = try #require(try await cpu.seconds())
        #expect(after - before > 0.05)
    }
}
