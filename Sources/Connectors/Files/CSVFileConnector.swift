import Foundation

/// A single delimited text file as a read-only source: one row, one record of the configured entity.
///
/// The watermark is the file's SHA-256 and name: pulling an unchanged file again yields nothing, a changed file is
/// read in full (a CSV export has no per-row change marker; landing turns unchanged rows into no-ops by their
/// content hash).
public struct CSVFileConnector: Connector {
    public let source: String
    public let url: URL
    public let entity: RawRecord.Entity
    public let keyColumn: String
    public let modifiedAtColumn: String?
    public let delimiter: UInt8?
    public let batchSize: Int
    private let onIssue: (@Sendable (ConnectorError) -> Void)?

    /// - Parameters:
    ///   - source: the configured source name.
    ///   - url: the file.
    ///   - entity: what every row is (`person` for a sign-up sheet, `organization` for a company list).
    ///   - keyColumn: the header name of the column that holds the row's stable id.
    ///   - modifiedAtColumn: a column with an ISO date or date-time (UTC when it has no zone), if the file has one.
    ///   - delimiter: `nil` detects `,` `;` tab or `|` from the header line.
    ///   - batchSize: records per batch.
    ///   - onIssue: receives each per-row problem (wrong value count, no key, undecodable text). `nil` makes the
    ///     pull end with one error listing them after every good row was delivered.
    public init(
        source: String, url: URL, entity: RawRecord.Entity, keyColumn: String = "id",
        modifiedAtColumn: String? = nil, delimiter: UInt8? = nil, batchSize: Int = 5_000,
        onIssue: (@Sendable (ConnectorError) -> Void)? = nil
    ) {
        self.source = source
        self.url = url
        self.entity = entity
        self.keyColumn = keyColumn
        self.modifiedAtColumn = modifiedAtColumn
        self.delimiter = delimiter
        self.batchSize = batchSize
        self.onIssue = onIssue
    }

    public func pull(since watermark: String?) -> AsyncThrowingStream<RawRecordBatch, any Error> {
        let connector = self
        return FileBatchStream.make(batchSize: batchSize, startWatermark: watermark) { writer in
            let hash = try FileFingerprint.sha256(of: connector.url, source: connector.source)
            let name = connector.url.lastPathComponent
            let newWatermark = FileFingerprint.watermark(name: name, sha256: hash)
            guard newWatermark != watermark else { return }
            let issues = FileIssueReporter(source: connector.source, handler: connector.onIssue)
            try connector.read(into: writer, issues: issues)
            try writer.flush(watermark: newWatermark)
            try issues.finish()
        }
    }

    /// Read-only: a file is not written back.
    public func push(_ deltas: [String: JSONValue]) async throws -> [String: PushOutcome] {
        throw ConnectorError.readOnly(source: source)
    }

    private func read(into writer: FileBatchWriter, issues: FileIssueReporter) throws {
        let reader = try CSVReader(url: url, source: source, delimiter: delimiter)
        let builder = try TabularRecordBuilder(
            source: source, file: reader.file, header: reader.header, entity: entity, keyColumn: keyColumn,
            modifiedAtColumn: modifiedAtColumn, headerLine: reader.headerLine)
        while let result = try reader.next() {
            switch result.flatMap({ builder.record(line: $0.line, values: $0.values) }) {
            case .success(let record): try writer.append(record)
            case .failure(let issue): issues.report(issue)
            }
        }
    }
}
