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
        // The rows must be read: the query call returns when the result starts, not when the server is done.
        let rows = try await db.client.query(
            "SELECT count(DISTINCT md5(g::text)) FROM generate_series(1, 1500000) AS g")
        for try await distinct in rows.decode(Int.self) { #expect(distinct == 1_500_000) }
        let after = try #require(try await cpu.seconds())
        #expect(after - before > 0.05)
    }
}
