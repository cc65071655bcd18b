import Foundation
import Logging
import Synchronization
import Testing

@testable import golden

@Suite("JSON log lines")
struct JSONLogHandlerTests {
    final class Sink: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
    }

    @Test("one JSON object per line with level, logger, message and merged metadata, nested values kept")
    func lines() throws {
        let sink = Sink()
        var handler = JSONLogHandler(label: "golden.sync", write: { sink.append($0) })
        handler.logLevel = .info
        handler[metadataKey: "run_id"] = "r1"
        let logger = Logger(label: "golden.sync") { _ in handler }
        logger.info("landed \"sf_a\"", metadata: ["records": "12", "sources": .array(["sf_a", "hubspot"])])
        logger.debug("below the level")
        let written = sink.lines.withLock { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(line.hasSuffix("\n") && !line.dropLast().contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["logger"] as? String == "golden.sync")
        #expect(object["message"] as? String == "landed \"sf_a\"")
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["run_id"] as? String == "r1")
        #expect(metadata["sources"] as? [String] == ["sf_a", "hubspot"])
        let timestamp = try #require(object["ts"] as? String)
        #expect(timestamp.hasSuffix("Z") && timestamp.contains("T"))
    }
}
