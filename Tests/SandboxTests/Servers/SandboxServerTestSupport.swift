import Connectors
import Foundation
import Sandbox
import ServiceLifecycle
import Testing

/// Runs a sandbox server for the length of `body`, on a free port, and stops it afterwards.
func withServer<Server: SandboxCRMServer, Result: Sendable>(
    _ server: Server, _ body: @Sendable (String) async throws -> Result
) async throws -> Result {
    let group = ServiceGroup(services: [server], logger: SandboxLogging.quiet)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let port = try await server.port()
        do {
            let result = try await body("http://127.0.0.1:\(port)")
            await group.triggerGracefulShutdown()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
    }
}

/// What a pull delivered before it ended, and how it ended.
struct PullResult: Sendable {
    var batches: [RawRecordBatch] = []
    var error: (any Error)?
    var records: [RawRecord] { batches.flatMap(\.records) }
    var lastWatermark: String? { batches.compactMap(\.watermark).last }
    var connectorError: ConnectorError? { error as? ConnectorError }
}

func pullAll(_ connector: any Connector, since watermark: String? = nil) async -> PullResult {
    var result = PullResult()
    do {
        for try await batch in connector.pull(since: watermark) { result.batches.append(batch) }
    } catch {
        result.error = error
    }
    return result
}

/// A mapping file of the repository, as `golden.yaml` would name it.
func repositoryMapping(_ name: String) throws -> SourceMapping {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    return try MappingLoader.load(contentsOf: root.appendingPathComponent("mappings/\(name).yaml"))
}

/// Retries fast enough for a test suite.
let quickRetries = RetryPolicy(
    maxAttempts: 12, baseDelay: .milliseconds(2), maxDelay: .milliseconds(20), requestTimeout: .seconds(10))

/// One generated dataset for all server tests: deterministic and small enough to page through quickly.
let serverDataset = DatasetGenerator(GeneratorConfiguration(records: 4000, seed: 11)).generate()

/// Reads three live companies and three live contacts of `source` by id, plus a deleted one (when the dataset has
/// one) and `unknown`, and checks the read returns exactly the live ones, each with the payload and stamp a full
/// pull delivers (so a record read unchanged lands as a no-op). Returns the records read.
@discardableResult
func expectReadMatchesPull(
    _ connector: any Connector & RecordReading, source: String, unknown: String
) async throws -> [RawRecord] {
    let records = serverDataset.records(for: source)
    let pulled = await pullAll(connector).records
    let live = records.filter { !$0.deleted }
    let chosen = Array(
        live.filter { $0.entity == .organization }.prefix(3) + live.filter { $0.entity == .person }.prefix(3))
    func entity(_ record: GeneratedRecord) -> RawRecord.Entity {
        record.entity == .organization ? .organization : .person
    }
    var keys: [String: RawRecord.Entity] = [:]
    for record in chosen { keys[record.sourceId] = entity(record) }
    if let deleted = records.first(where: \.deleted) { keys[deleted.sourceId] = entity(deleted) }
    keys[unknown] = .person
    let read = try await connector.read(keys)
    #expect(Set(read.map(\.sourceKey)) == Set(chosen.map(\.sourceId)))
    let byKey = Dictionary(uniqueKeysWithValues: pulled.map { ($0.sourceKey, $0) })
    for record in read {
        #expect(record.payload == byKey[record.sourceKey]?.payload, "\(source)/\(record.sourceKey)")
        #expect(record.modifiedAt == byKey[record.sourceKey]?.modifiedAt)
    }
    return read
}
