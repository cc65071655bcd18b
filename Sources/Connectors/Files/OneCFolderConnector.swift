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
/// for then: where the XML breaks, the part up to the next record start tag is kept as one rejected row
/// (`xml.broken`) naming the line, and reading resumes at that tag (``readResuming(_:into:issues:)``); a file
/// truncated in its last record lands every record before the break.
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
                if connector.file == nil {
                    let reader = OneCXMLReader(url: url, source: connector.source, timeZone: connector.timeZone)
                    try reader.read { result in
                        switch result {
                        case .success(let record): try writer.append(record)
                        case .failure(let issue):
                            let raw = reader.issueRaw
                            try issues.report(issue, file: name, line: raw.line, raw: raw.json)
                        }
                    }
                } else {
                    try connector.readResuming(url, into: writer, issues: issues)
                }
                try writer.flush(watermark: FileFingerprint.watermark(name: name, sha256: hash))
            }
        }
    }

    /// How many times one file is resumed after a break before the rest of it is refused whole.
    static let maximumResumptions = 1_000

    /// Reads one file on its own. Where the XML breaks, the bytes from the line of the break to the next record
    /// start tag are kept as one `xml.broken` row and the parse resumes at that tag (``XMLResumption``); with no
    /// record after the break, the rest of the file is the refused row.
    func readResuming(_ url: URL, into writer: FileBatchWriter, issues: FileIssueReporter) throws {
        let name = url.lastPathComponent
        var resume: OneCXMLReader.Resume?
        var prefix: [UInt8]?
        for attempt in 0... {
            let reader = OneCXMLReader(url: url, source: source, timeZone: timeZone, resume: resume)
            do {
                try reader.read { result in
                    switch result {
                    case .success(let record): try writer.append(record)
                    case .failure(let issue):
                        let raw = reader.issueRaw
                        try issues.report(issue, file: name, line: raw.line, raw: raw.json)
                    }
                }
                return
            } catch let error as ConnectorError where error.code == .malformedPage {
                let line = reader.brokenLine ?? 1
                let from = try XMLResumption.offset(
                    ofLine: line, in: url, start: resume?.offset ?? 0, startLine: resume?.line ?? 1)
                var next: XMLResumption.Point?
                if let from, attempt < Self.maximumResumptions,
                    let nextLine = try XMLResumption.offset(ofLine: line + 1, in: url, start: from, startLine: line)
                {
                    next = try XMLResumption.nextRecord(in: url, from: nextLine, line: line + 1)
                }
                let refused = try XMLResumption.bytes(
                    of: url, from: from ?? 0, to: next?.offset, limit: RejectedRow.maximumRawBytes)
                // A resumed parse always breaks on the original closing tags at the end: not a refused row.
                if resume != nil, next == nil, refused.total <= RejectedRow.maximumRawBytes,
                    XMLResumption.isOnlyClosingTags(refused.bytes)
                {
                    return
                }
                let rest = next.map { next in
                    let lines = next.line - 1 > line ? "lines \(line)–\(next.line - 1)" : "line \(line)"
                    return "; \(lines) (\(refused.total) bytes) refused, reading resumes at line \(next.line)"
                }
                    ?? "; the rest of the file from line \(line) (\(refused.total) bytes) is not read"
                try issues.report(
                    ConnectorError(
                        .malformedRecord, source: source, location: error.location, message: error.message + rest,
                        rowReason: .brokenXML),
                    file: name, line: line, raw: refused.bytes)
                guard let next else { return }
                let start = try prefix ?? XMLResumption.prefix(of: url)
                prefix = start
                resume = OneCXMLReader.Resume(
                    prefix: start, offset: next.offset, line: next.line, elements: reader.elementCount,
                    documentDate: reader.documentDate)
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
