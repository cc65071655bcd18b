import Foundation
import GoldenStore
import GoldenTestSupport
import PostgresNIO
import SyncEngine
import Testing

@Suite("Abandoned runs", .database)
struct AbandonedRunsTests {
    /// Starts a short-lived process and returns its pid; with `wait`, after it exited.
    func process(_ arguments: [String], wait: Bool) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c"] + arguments
        try process.run()
        if wait { process.waitUntilExit() }
        return (process, Int(process.processIdentifier))
    }

    @Test("a run whose process is gone is closed as abandoned by the next run; a live one is left alone")
    func abandoned() async throws {
        let db = try TestDatabase.require
        let host = ProcessInfo.processInfo.hostName
        let (_, deadPID) = try process(["exit 0"], wait: true)
        let (sleeper, reusedPID) = try process(["sleep 30"], wait: false)
        defer { sleeper.terminate() }
        let dead = UUID(), reused = UUID(), alive = UUID(), elsewhere = UUID()
        let hourAgo = Date().addingTimeInterval(-3600)
        let rows: [(UUID, String, Int, Date)] = [
            (dead, host, deadPID, hourAgo), (reused, host, reusedPID, hourAgo), (alive, host, 1, Date()),
            (elsewhere, "another-host", deadPID, hourAgo),
        ]
        for (id, runHost, pid, started) in rows {
            try await db.client.query(
                """
                INSERT INTO sync_runs (run_id, kind, host, pid, started_at)
                VALUES (\(id), 'sync', \(runHost), \(pid), \(started))
                """)
        }
        _ = try await makeJob(db).run([])
        func outcome(_ id: UUID) async throws -> String {
            var result = ""
            for try await value in try await db.client.query(
                "SELECT outcome FROM sync_runs WHERE run_id = \(id)"
            ).decode(String.self) { result = value }
            return result
        }
        #expect(try await outcome(dead) == "abandoned")
        // The pid is alive but its process started after the run did: the pid was reused.
        #expect(try await outcome(reused) == "abandoned")
        // pid 1 has run since boot, before this run started: still running as far as anyone can tell.
        #expect(try await outcome(alive) == "running")
        #expect(try await outcome(elsewhere) == "running")
    }
}
