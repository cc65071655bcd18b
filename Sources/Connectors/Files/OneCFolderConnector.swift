import Foundation
import GoldenCore

/// A folder that 1C drops exchange files into (CommerceML 2 or EnterpriseData), as a read-only source.
///
/// Files (`*.xml`, any case) are processed in name order, which is the order 1C and exchange scripts write them
/// (`orders_20240501_1200.xml`, `Message_BP_MDM_52.xml`). The watermark is the SHA-256 and name of the last file
/// fully processed, moved only by the last batch of that file:
/// - a file whose name sorts after the watermark's is new and read;
/// - the watermark's own file is read again only when its hash changed (1C rewrote it in place);
/// - a file that sorts before it is history and not read again.
///
/// A fatal error in a file (truncated XML, usually 1C still writing it) ends the pull after the records before the
/// break were delivered, with the watermark still before that file, so the next pull reads it again once complete.
/// Later files wait: reading past a broken file would move the watermark over it for good.
///
/// Given one file instead of a folder (``init(source:file:batchSize:timeZone:onIssue:)``, what `golden import FILE`
/// uses), it reads exactly that file, and nothing else in its folder. There is no later, complete version to wait
/// for then: the records before a break land, and the rest of the file is kept as one rejected row
/// (`xml.broken`) naming the line where it broke.
public struct OneCFolderConnector: Connector {
    public let source: String
    public let folder: URL
    /// The one file to read, when the connector was made for a file rather than a drop folder.
    public let file: URL?
    public let batchSize: Int
    public let timeZone: TimeZone
    private let onIssue: (@Sendable (ConnectorError) -> Void)?

    /// - Parameters:
    ///   - source: the configured source name (`acc_1c`).
    ///   - folder: where the exchange files are dropped.
    ///   - batchSize: records per batch; a batch never spans two files.
    ///   - timeZone: the zone of 1C's zone-less timestamps.
    ///   - onIssue: receives each counterparty that cannot land (no id). `nil` sends them in the batches as
    ///     ``RejectedRow``s, to be stored.
    public init(
        source: String, folder: URL, batchSize: Int = 5_000,
        timeZone: TimeZone = TimeZone(identifier: "Europe/Moscow") ?? .gmt,
        onIssue: (@Sendable (ConnectorError) -> Void)? = nil
    ) {
        self.source = source
        self.folder = folder
        self.file = nil
        self.batchSize = batchSize
        self.timeZone = timeZone
        self.onIssue = onIssue
    }

    /// One exchange file read on its own (its folder's other files are not this source's input).
    public init(
        source: String, file: URL, batchSize: Int = 5_000,
        timeZone: TimeZone = TimeZone(identifier: "Europe/Moscow") ?? .gmt,
        onIssue: (@Sendable (ConnectorError) -> Void)? = nil
    ) {
        self.source = source
        self.folder = file.deletingLastPathComponent()
        self.file = file
        self.batchSize = batchSize
        self.timeZone = timeZone
        self.onIssue = onIssue
    }

    public func pull(since watermark: String?) -> AsyncThrowingStream<RawRecordBatch, any Error> {
        let connector = self
        return FileBatchStream.make(batchSize: batchSize, startWatermark: watermark) { writer in
            let issues = FileIssueReporter(source: connector.source, handler: connector.onIssue, writer: writer)
            let last = watermark.flatMap(FileFingerprint.parse(watermark:))
            for url in try connector.file.map { [$0] } ?? connector.exchangeFiles() {
                let name = url.lastPathComponent
                if connector.file == nil, let last, Self.precedes(name, last.name) { continue }
                let hash = try FileFingerprint.sha256(of: url, source: connector.source)
                if let last, name == last.name, hash == last.sha256 { continue }
                let reader = OneCXMLReader(url: url, source: connector.source, timeZone: connector.timeZone)
                do {
                    try reader.read { result in
                        switch result {
                        case .success(let record): try writer.append(record)
                        case .failure(let issue):
                            let raw = reader.issueRaw
                            try issues.report(issue, file: name, line: raw.line, raw: raw.json)
                        }
                    }
                } catch let error as ConnectorError where error.code == .malformedPage && connector.file != nil {
                    let line = reader.brokenLine ?? 1
                    let rest = try FileRemainder.read(url, fromLine: line, source: connector.source)
                    try issues.report(
                        ConnectorError(
                            .malformedRecord, source: connector.source, location: error.location,
                            message: error.message + "; the rest of the file from line \(line) (\(rest.total) "
                                + "bytes) is not read", rowReason: .brokenXML),
                        file: name, line: line, raw: rest.bytes)
                }
                try writer.flush(watermark: FileFingerprint.watermark(name: name, sha256: hash))
            }
        }
    }

    /// Read-only: accounting is the arbiter and receives nothing back.
    public func push(_ deltas: [String: JSONValue]) async throws -> [String: PushOutcome] {
        throw ConnectorError.readOnly(source: source)
    }

    /// Name order: the byte order of the UTF-8 names, the same on every platform and locale.
    static func precedes(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    /// The folder's XML files in name order (byte order of the UTF-8 names, stable on every platform).
    func exchangeFiles() throws -> [URL] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw ConnectorError(
                .unavailable, source: source, location: folder.path,
                message: "cannot list the folder: \(error.localizedDescription)")
        }
        return names
            .filter { $0.lowercased().hasSuffix(".xml") && !$0.hasPrefix(".") }
            .sorted(by: Self.precedes)
            .map { folder.appendingPathComponent($0) }
    }
}
