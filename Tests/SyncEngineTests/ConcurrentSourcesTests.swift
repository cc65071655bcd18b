import Connectors
import Foundation
import GoldenCore
import GoldenStore
import GoldenTestSupport
import PostgresNIO
import SyncEngine
import Testing

/// Counts the sources whose pull has started; a pull waits (up to a deadline) until `expected` have started.
private actor StartedPulls {
    private(set) var started = 0
    func arrive() { started += 1 }
}

/// A connector that delivers one empty batch once enough pulls are under way, and fails when they never are:
/// a sync that landed sources one after another could never satisfy it with more than one source.
private struct WaitingConnector: Connector {
    let source: String
    let pulls: StartedPulls
    let expected: Int

    func pull(since watermark: String?) -> AsyncThrowingStream<RawRecordBatch, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                await pulls.arrive()
                let deadline = ContinuousClock.now + .seconds(2)
                while await pulls.started < expected, ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(10))
                }
                if await pulls.started >= expected {
                    continuation.yield(RawRecordBatch(records: [], watermark: "done"))
                    continuation.finish()
                } else {
                    continuation.finish(throwing: ConnectorError(.unavailable, source: source, message: "alone"))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func push(_ deltas: [String: JSONValue]) async throws -> [String: PushOutcome] {
        throw ConnectorError.readOnly(source: source)
    }
}

private struct WaitingFactory: ConnectorFactory {
    let pulls = StartedPulls()
    let expected: Int

    func makeConnector(for source: SourceConfiguration) throws -> any Connector {
        WaitingConnector(source: source.name, pulls: pulls, expected: expected)
    }
}

@Suite("Landing sources concurrently", .database)
struct ConcurrentSourcesTests {
    func sources(_ names: [String]) throws -> [SourceConfiguration] {
        let mapping = try MappingLoader.load(
            contentsOf: repositoryRoot.appendingPathComponent("mappings/salesforce.yaml"))
        return names.map {
            SourceConfiguration(name: $0, kind: .csv, location: "/dev/null", mapping: mapping, entities: [.organization])
        }
    }

    @Test("three sources pull at the same time; the summary keeps the configured order")
    func concurrent() async throws {
        let db = try TestDatabase.require
        var job = LandingJob(
            database: db.database, connectors: WaitingFactory(expected: 3), standardizer: .init(), logger: db.logger)
        job.concurrentSources = 3
        let summary = try await job.run(try sources(["crm_c", "crm_a", "crm_b"]))
        #expect(summary.sources.map(\.name) == ["crm_c", "crm_a", "crm_b"])
        #expect(summary.sources.allSatisfy { $0.error == nil })
        #expect(summary.outcome == .succeeded)
        #expect(try await scalar(db, "SELECT count(*) FROM source_watermarks WHERE watermark = 'done'") == 3)
        #expect(try await scalar(db, "SELECT count(*) FROM sync_run_sources") == 3)
    }

    @Test("with one source at a time, the first pull waits for another in vain and fails by name")
    func sequential() async throws {
        let db = try TestDatabase.require
        var job = LandingJob(
            database: db.database, connectors: WaitingFactory(expected: 2), standardizer: .init(), logger: db.logger)
        job.concurrentSources = 1
        let summary = try await job.run(try sources(["crm_a", "crm_b"]))
        #expect(summary.sources.map(\.name) == ["crm_a", "crm_b"])
        // The first pull waited alone and failed; the second started after it, so it found it had started.
        #expect(summary.sources[0].error?.contains("alone") == true)
        #expect(summary.sources[1].error == nil)
        #expect(summary.outcome == .partial)
    }
}
