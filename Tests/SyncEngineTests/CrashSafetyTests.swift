import Foundation
import GoldenStore
import GoldenTestSupport
import PostgresNIO
import Sandbox
import Testing

/// `kill -9` at several points of a real `golden sync` process, then a rerun: the store and the CRMs must end as an
/// uninterrupted run leaves them.
@Suite("Crash safety", .database)
struct CrashSafetyTests {
    /// The `golden` executable next to this test binary (`swift build --build-tests` builds both).
    var golden: URL {
        get throws {
            let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("golden")
            let candidates = [beside, repositoryRoot.appendingPathComponent(".build/debug/golden")]
            return try #require(
                candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                "build the golden executable first (scripts/test does: swift build --build-tests)")
        }
    }

    /// Writes golden.yaml for the two sandbox orgs.
    func configuration(_ urls: [String], in directory: URL) throws -> URL {
        let mapping = repositoryRoot.appendingPathComponent("mappings/salesforce.yaml").path
        var lines = ["sources:"]
        for (name, url) in zip(["sf_a", "sf_b"], urls) {
            lines += [
                "  - name: \(name)", "    kind: salesforce", "    location: \(url)", "    mapping: \(mapping)",
                "    credentials: { token: SANDBOX_TOKEN }",
            ]
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("golden.yaml")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Runs `golden sync --json` against `schema`; returns how it ended (a signal number when killed).
    ///
    /// Awaits the process instead of blocking on it: the run talks to the sandboxes this test process serves, and
    /// a thread of Swift concurrency's pool (two on a two-core machine) held for the whole run leaves them and every
    /// other test one thread. Its output goes to a file, not a pipe: a pipe's end is inherited by any process
    /// another test starts meanwhile, and the read would wait for that one to exit as well.
    func sync(config: URL, schema: String, killAt: String?) async throws -> (status: Int32, killed: Bool, output: String) {
        let process = Process()
        process.executableURL = try golden
        process.arguments = ["sync", "--config", config.path, "--json"]
        process.currentDirectoryURL = repositoryRoot
        var environment = ProcessInfo.processInfo.environment
        let base = environment["DATABASE_URL"] ?? ""
        environment["DATABASE_URL"] = base + (base.contains("?") ? "&" : "?") + "search_path=\(schema)"
        environment["SANDBOX_TOKEN"] = SalesforcePair.token
        environment["GOLDEN_KILL_AT"] = killAt
        process.environment = environment
        let outputFile = config.deletingLastPathComponent().appendingPathComponent("sync-\(UUID()).json")
        FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputFile)
        defer { try? FileManager.default.removeItem(at: outputFile) }
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try await withCheckedThrowingContinuation { (finished: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in finished.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                finished.resume(throwing: error)
            }
        }
        try output.close()
        return (
            process.terminationStatus, process.terminationReason == .uncaughtSignal,
            String(decoding: (try? Data(contentsOf: outputFile)) ?? Data(), as: UTF8.self)
        )
    }

    /// What a run leaves: each golden record as the sorted keys of its members, with its values; and the runs.
    struct Snapshot: Equatable {
        var goldenRecords: [[String]: String] = [:]
        var activeCount = 0
        var undelivered = 0
        var running = 0
        var abandoned = 0
    }

    func snapshot(_ db: TestDatabase, schema: String) async throws -> Snapshot {
        var snapshot = Snapshot()
        var members: [UUID: [String]] = [:]
        let rows = try await db.client.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT s.source || '/' || s.source_key, x.golden_id FROM \(schema).source_records AS s
                    JOIN \(schema).xref AS x ON x.source_record_id = s.source_record_id AND x.valid_to IS NULL
                    """))
        for try await (key, golden) in rows.decode((String, UUID).self) { members[golden, default: []].append(key) }
        let documents = try await db.client.query(
            PostgresQuery(
                unsafeSQL: "SELECT golden_id, attributes::text FROM \(schema).golden_records WHERE state = 'active'"))
        for try await (golden, attributes) in documents.decode((UUID, String).self) {
            snapshot.activeCount += 1
            // Values compared as parsed JSON with sorted keys. Golden ids differ between stores (they are minted),
            // so a person's employer is named by its members instead.
            var object = try #require(try JSONSerialization.jsonObject(with: Data(attributes.utf8)) as? [String: Any])
            if let employer = (object["employer"] as? String).flatMap(UUID.init(uuidString:)) {
                object["employer"] = (members[employer] ?? []).sorted().joined(separator: ",")
            }
            let canonical = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            snapshot.goldenRecords[(members[golden] ?? []).sorted()] = String(decoding: canonical, as: UTF8.self)
        }
        snapshot.undelivered = try await db.count(
            "SELECT count(*) FROM \(schema).outbox WHERE state <> 'acked'")
        snapshot.running = try await db.count("SELECT count(*) FROM \(schema).sync_runs WHERE outcome = 'running'")
        snapshot.abandoned = try await db.count(
            "SELECT count(*) FROM \(schema).sync_runs WHERE outcome = 'abandoned'")
        return snapshot
    }

    @Test("kill -9 after landing, mid-match and mid-push, then one rerun: the same golden records, values and CRMs")
    func killedRunsRepair() async throws {
        let db = try TestDatabase.require
        let crashed = db.schema + "_k"
        try await db.client.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(crashed)"))
        defer {
            Task { _ = try? await db.client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(crashed) CASCADE")) }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("golden-crash-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let pair = SalesforcePair()
        let clean = pair.servers()
        let killed = pair.servers()
        try await withSandboxes(clean + killed) { urls in
            let cleanConfig = try configuration(Array(urls[0..<2]), in: directory.appendingPathComponent("clean"))
            let killedConfig = try configuration(Array(urls[2..<4]), in: directory.appendingPathComponent("killed"))

            let reference = try await sync(config: cleanConfig, schema: db.schema, killAt: nil)
            #expect(reference.status == 0 && !reference.killed, "\(reference.output)")

            for point in ["landed", "organizations_written", "first_push_batch"] {
                let run = try await sync(config: killedConfig, schema: crashed, killAt: point)
                #expect(run.killed && run.status == SIGKILL, "the run was to die at \(point)")
            }
            let rerun = try await sync(config: killedConfig, schema: crashed, killAt: nil)
            #expect(rerun.status == 0 && !rerun.killed, "\(rerun.output)")

            let expected = try await snapshot(db, schema: db.schema)
            let actual = try await snapshot(db, schema: crashed)
            #expect(expected.activeCount > 100)
            #expect(actual.activeCount == expected.activeCount, "no golden record duplicated or lost")
            #expect(Set(actual.goldenRecords.keys) == Set(expected.goldenRecords.keys), "the same membership")
            let differing = expected.goldenRecords.filter { actual.goldenRecords[$0.key] != $0.value }
            for (key, value) in differing.prefix(2) {
                Issue.record("values differ for \(key):\n uninterrupted \(value)\n repaired      \(actual.goldenRecords[key] ?? "-")")
            }
            #expect(actual.undelivered == 0 && expected.undelivered == 0)
            // The uninterrupted run recorded what it delivered to each source.
            let recorded = try await db.count("SELECT coalesce(sum(pushed), 0)::bigint FROM \(db.schema).sync_run_sources")
            #expect(recorded > 0)
            #expect(recorded == (try await db.count("SELECT count(*) FROM \(db.schema).outbox WHERE state = 'acked'")))
            #expect(actual.running == 0)
            #expect(actual.abandoned == 3, "each killed run is closed as abandoned")

            // The CRMs show what an uninterrupted run left them, record by record (write stamps aside, and the
            // golden id each record now carries, which is minted per store: it must be there on both sides).
            let stamps: Set<String> = ["LastModifiedDate", "SystemModstamp", "Golden_Id__c"]
            var compared = 0
            for (reference, repaired) in zip(clean, killed) {
                for record in await reference.store.records(object: "Account")
                    + reference.store.records(object: "Contact")
                {
                    let other = await repaired.store.record(id: record.id)
                    let mine = record.payload.filter { !stamps.contains($0.key) }
                    let theirs = other?.payload.filter { !stamps.contains($0.key) }
                    #expect(theirs == mine, "\(reference.name)/\(record.id)")
                    if !record.deleted {
                        #expect(record.payload["Golden_Id__c"]?.stringValue != nil)
                        #expect(other?.payload["Golden_Id__c"]?.stringValue != nil)
                    }
                    compared += 1
                }
            }
            #expect(compared > 200)
        }
    }
}

extension TestDatabase {
    func count(_ sql: String) async throws -> Int {
        var result = 0
        for try await value in try await client.query(PostgresQuery(unsafeSQL: sql)).decode(Int.self) { result = value }
        return result
    }
}
