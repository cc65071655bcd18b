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
