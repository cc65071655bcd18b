@testable import Connectors
import Foundation
import Testing

/// A fresh folder under the system temp directory for one test, removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async rethrows -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("golden-files-test-\(UUID().uuidString)", isDirectory: true)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url)
}

/// Synchronous variant for tests that need no connector.
func withTemporaryDirectorySync<T>(_ body: (URL) throws -> T) rethrows -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("golden-files-test-\(UUID().uuidString)", isDirectory: true)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}

@discardableResult
func write(_ bytes: [UInt8], to folder: URL, name: String) throws -> URL {
    let url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url
}

@discardableResult
func write(_ text: String, to folder: URL, name: String) throws -> URL {
    try write(Array(text.utf8), to: folder, name: name)
}

/// Everything a pull produced: the batches, and the error that ended it, if any.
struct PullResult {
    var batches: [RawRecordBatch] = []
    var error: (any Error)?

    var records: [RawRecord] { batches.flatMap(\.records) }
    var lastWatermark: String? { batches.last?.watermark }
    var connectorError: ConnectorError? { error as? ConnectorError }
}

func pullAll(_ connector: some Connector, since watermark: String? = nil) async -> PullResult {
    var result = PullResult()
    do {
        for try await batch in connector.pull(since: watermark) { result.batches.append(batch) }
    } catch {
        result.error = error
    }
    return result
}

/// Thread-safe collector for `onIssue` handlers.
final class IssueCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [ConnectorError] = []

    var issues: [ConnectorError] { lock.withLock { stored } }

    var handler: @Sendable (ConnectorError) -> Void {
        { issue in self.lock.withLock { self.stored.append(issue) } }
    }
}

/// A small deterministic generator (SplitMix64) so fuzz runs are reproducible from their seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension JSONValue {
    var text: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}

/// `text` in windows-1251 (every character must exist in that code page).
func windows1251Bytes(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { scalar in
        if scalar.value < 0x80 { return UInt8(scalar.value) }
        guard let index = Windows1251Decoder.table.firstIndex(of: UInt16(scalar.value)) else { return 0x3F }
        return UInt8(0x80 + index)
    }
}
