import Foundation
import Logging
import Synchronization

/// One JSON object per line on standard error: what a log collector reads when `golden sync` or `golden schedule`
/// runs unattended (not on a terminal). On a terminal the plain text handler stays, for people.
///
/// Fields: `ts` (ISO 8601, UTC, milliseconds), `level`, `logger` (the label), `message`, `metadata` (merged handler
/// and call metadata; nested values stay nested), and `source`.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    /// Where lines go; standard error unless a test gives its own sink.
    let write: @Sendable (String) -> Void

    init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit { merged.merge(explicit) { _, new in new } }
        var object: [String: Any] = [
            "ts": Self.timestamp(Date()), "level": level.rawValue, "logger": label, "message": message.description,
            "source": source,
        ]
        if !merged.isEmpty { object["metadata"] = merged.mapValues(Self.json) }
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(json)
        case .dictionary(let values): values.mapValues(json)
        }
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }
}

/// How logs are written: `auto` picks text on a terminal and JSON lines otherwise.
enum LogFormat: String, CaseIterable, Sendable {
    case auto, text, json

    /// Installs the handler once per process; later calls keep the first choice (swift-log allows one bootstrap).
    func bootstrap() {
        LogFormat.chosen.withLock { chosen in
            guard chosen == nil else { return }
            chosen = self
            let json = self == .json || (self == .auto && isatty(STDERR_FILENO) == 0)
            LoggingSystem.bootstrap { label -> any LogHandler in
                json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            }
        }
    }

    private static let chosen = Mutex<LogFormat?>(nil)
}
