import Connectors
import Foundation
import GoldenCore
import GoldenStore
import GoldenTestSupport
import PostgresNIO
import Sandbox
import ServiceLifecycle
import SyncEngine
import Testing

/// Two Salesforce sandbox orgs as real sources: pull, match, survive, publish to the outbox, push back.
struct SalesforcePair {
    static let token = "sf-publish-token"
    let dataset = DatasetGenerator(GeneratorConfiguration(records: 600, seed: 21)).generate()

    func servers(faults: FaultPlan = .none) -> [SalesforceSandbox] {
        ["sf_a", "sf_b"].map { server($0, faults: faults) }
    }

    /// One org over its generated records: a fresh copy of it, or one with faults the other org does not have.
    func server(_ name: String, faults: FaultPlan = .none) -> SalesforceSandbox {
        SalesforceSandbox(name: name, records: dataset.records(for: name), token: Self.token, faults: faults)
    }

    func sources(_ urls: [String]) throws -> [SourceConfiguration] {
        let mapping = try MappingLoader.load(contentsOf: repositoryRoot.appendingPathComponent("mappings/salesforce.yaml"))
        return zip(["sf_a", "sf_b"], urls).map { name, url in
            SourceConfiguration(
                name: name, kind: .salesforce, location: url, mapping: mapping,
                credentials: ["token": "SANDBOX_TOKEN"], entities: [.organization, .person])
        }
    }

    var connectors: DefaultConnectorFactory { DefaultConnectorFactory(environment: ["SANDBOX_TOKEN": Self.token]) }
}

/// Runs sandbox servers for the length of `body`, on free ports.
func withSandboxes<Result: Sendable>(
    _ servers: [SalesforceSandbox], _ body: @Sendable ([String]) async throws -> Result
) async throws -> Result {
    let group = ServiceGroup(services: servers, logger: SandboxLogging.quiet)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var urls: [String] = []
        for server in servers { urls.append("http://127.0.0.1:\(try await server.port())") }
        do {
            let result = try await body(urls)
            await group.triggerGracefulShutdown()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
    }
}

@Suite("Publish and push", .database)
struct PublishPushTests {
    /// Land both orgs, run the golden job with publishing, push; returns the job's and the push's summaries.
    func sync(
        _ db: TestDatabase, _ pair: SalesforcePair, _ sources: [SourceConfiguration], push: PushJob? = nil
    ) async throws -> (GoldenRecordJob.Summary, PushJob.Summary) {
        let standardizer = RecordStandardizer(
            standardizers: try ReferenceData.standardizers(
                mappingsDirectory: repositoryRoot.appendingPathComponent("mappings")))
        let landing = try await LandingJob(
            database: db.database, connectors: pair.connectors, standardizer: standardizer, logger: db.logger
        ).run(sources)
        #expect(landing.outcome == .succeeded)
        let golden = try await GoldenRecordJob(
            database: db.database, standardizer: standardizer, publish: PublishRules(sources: sources),
            logger: db.logger
        ).run(runID: landing.runID)
        let pushJob = push ?? PushJob(database: db.database, connectors: pair.connectors, logger: db.logger)
        return (golden, try await pushJob.run(sources))
    }

    @Test("changed golden values reach the other org, and the echo of a push pushes nothing")
    func publishAndEcho() async throws {
        let db = try TestDatabase.require
        let pair = SalesforcePair()
        let servers = pair.servers()
        try await withSandboxes(servers) { urls in
            let sources = try pair.sources(urls)
            let (golden, pushed) = try await sync(db, pair, sources)
            #expect(golden.golden.deltasQueued > 0)
            #expect(pushed.pushed == golden.golden.deltasQueued)
            #expect(pushed.failed == 0 && pushed.parked == 0 && pushed.queued == 0)
            #expect(pushed.errors.isEmpty)

            // Every acked delta is what the org now shows.
            let rows = try await db.client.query(
                """
                SELECT o.source, s.source_key, o.delta::text FROM outbox AS o
                JOIN source_records AS s ON s.source_record_id = o.source_record_id WHERE o.state = 'acked'
                """)
            var checked = 0
            for try await (source, key, delta) in rows.decode((String, String, String).self) {
                let server = try #require(servers.first { $0.name == source })
                let object = try #require(try JSONSerialization.jsonObject(with: Data(delta.utf8)) as? [String: Any])
                let fields = try #require(object["fields"] as? [String: Any])
                let record = try #require(await server.store.record(id: key))
                for (path, value) in fields {
                    guard let text = value as? String else { continue }
                    #expect(record.payload[path]?.stringValue == text, "\(source)/\(key).\(path)")
                    checked += 1
                }
            }
            #expect(checked > 0)

            // The next sync pulls the pushed values back: recognised as ours, nothing new is queued or pushed.
            let (again, pushedAgain) = try await sync(db, pair, sources)
            #expect(again.golden.deltasQueued == 0)
            if again.golden.deltasQueued > 0 {
                let rows = try await db.client.query(
                    "SELECT o.source, o.delta::text, o.golden_id FROM outbox o ORDER BY o.created_at DESC LIMIT 1")
                for try await (source, delta, golden) in rows.decode((String, String, UUID).self) {
                    Issue.record("echo queued \(source) \(delta)")
                    let all = try await db.client.query(
                        "SELECT source, golden_version, delta::text, state FROM outbox WHERE golden_id = \(golden) ORDER BY created_at")
                    for try await (s, v, d, st) in all.decode((String, Int, String, String).self) { Issue.record("outbox \(s) v\(v) \(st) \(d)") }
                    let docs = try await db.client.query(
                        "SELECT s.source, s.version, s.attributes::text FROM source_records s JOIN xref x USING (source_record_id) WHERE x.golden_id = \(golden) AND x.valid_to IS NULL")
                    for try await (s, v, d) in docs.decode((String, Int, String).self) { Issue.record("doc \(s) v\(v) \(d)") }
                }
            }
            #expect(pushedAgain.pushed == 0)
            #expect(again.golden.created == 0 && again.golden.merged == 0)
        }
    }

    @Test("a delta the source keeps refusing is retried, then parked with its error")
    func retryThenPark() async throws {
        let db = try TestDatabase.require
        let pair = SalesforcePair()
        let servers = pair.servers(faults: FaultPlan(writeFailureRate: 0.3, seed: 9))
        try await withSandboxes(servers) { urls in
            let sources = try pair.sources(urls)
            var push = PushJob(database: db.database, connectors: pair.connectors, logger: db.logger)
            push.baseDelay = .zero
            push.maxAttempts = 3
            let (golden, pushed) = try await sync(db, pair, sources, push: push)
            #expect(golden.golden.deltasQueued > 0)
            // Refused deltas are tried again at once (no backoff here); some fail all three times.
            #expect(pushed.failed > 0)
            #expect(pushed.parked > 0)
            #expect(pushed.pushed + pushed.parked == golden.golden.deltasQueued)
            let parked = try await OutboxRepository(database: db.database).parked()
            #expect(parked.count == pushed.parked)
            #expect(parked.allSatisfy { !$0.error.isEmpty })
            let attempts = try await scalar(db, "SELECT max(attempts) FROM outbox WHERE state = 'dead'")
            #expect(attempts == 3)
            // A person fixes the cause: parked rows go back to the queue.
            #expect(try await OutboxRepository(database: db.database).retryParked(source: nil) == pushed.parked)
        }
    }
}
