import Foundation
import GoldenCore

/// A single delimited text file as a read-only source: one row, one record of the configured entity.
///
/// The watermark is the file's SHA-256 and name: pulling an unchanged file again yields nothing, a changed file is
/// read in full (a CSV export has no per-row change marker; landing turns unchanged rows into no-ops by their
/// content hash).
public struct CSVFileConnector: LandedRowSkipping {
    public let source: String
    public let url: URL
    public let entity: RawRecord.Entity
    public let keyColumn: String
    public let modifiedAtColumn: String?
    public let delimiter: UInt8?
    public let batchSize: Int
    /// How far an unclosed quote may run before its row is refused.
    public let limits: CSVReader.Limits
    /// `false` for the second and later entity passes over one file, so an unreadable row is kept once.
    public let keepsUnreadableRows: Bool
    private let onIssue: (@Sendable (ConnectorError) -> Void)?

    /// - Parameters:
    ///   - source: the configured source name.
    ///   - url: the file.
    ///   - entity: what every row is (`person` for a sign-up sheet, `organization` for a company list).
    ///   - keyColumn: the header name of the column that holds the row's stable id.
    ///   - modifiedAtColumn: a column with an ISO date or date-time (UTC when it has no zone), if the file has one.
    ///   - delimiter: `nil` detects `,` `;` tab or `|` from the header line.
    ///   - batchSize: records per batch.
    ///   - limits: how far an unclosed quote may run before its row is refused.
    ///   - keepsUnreadableRows: `false` for the second and later entity passes over one file.
    ///   - onIssue: receives each per-row problem (wrong value count, no key, undecodable text, unclosed quote).
    ///     `nil` sends them in the batches as ``RejectedRow``s, with their raw bytes, to be stored.
    public init(
        source: String, url: URL, entity: RawRecord.Entity, keyColumn: String = "id",
        modifiedAtColumn: String? = nil, delimiter: UInt8? = nil, batchSize: Int = 5_000,
        limits: CSVReader.Limits = .default, keepsUnreadableRows: Bool = true,
        onIssue: (@Sendable (ConnectorError) -> Void)? = nil
    ) {
        self.limits = limits
        self.keepsUnreadableRows = keepsUnreadableRows
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
        pull(since: watermark, landed: nil)
    }

    public func pull(
        since watermark: String?, skipping landed: @escaping @Sendable () async throws -> LandedRowDigests
    ) -> AsyncThrowingStream<RawRecordBatch, any Error> {
        pull(since: watermark, landed: .some(landed))
    }

    private func pull(
        since watermark: String?, landed: (@Sendable () async throws -> LandedRowDigests)?
    ) -> AsyncThrowingStream<RawRecordBatch, any Error> {
        let connector = self
        return FileBatchStream.make(batchSize: batchSize, startWatermark: watermark) { writer in
            let hash = try FileFingerprint.sha256(of: connector.url, source: connector.source)
            let name = connector.url.lastPathComponent
            let newWatermark = FileFingerprint.watermark(name: name, sha256: hash)
            guard newWatermark != watermark else { return }
            let issues = FileIssueReporter(
                source: connector.source, handler: connector.onIssue, writer: writer,
                keepsUnreadableRows: connector.keepsUnreadableRows)
            // Asked only now: a file that did not change reads nothing, and needs nothing from the store.
            let skippable = try landed.map { try FileBatchStream.wait(for: $0) } ?? .none
            try connector.read(into: writer, issues: issues, skipping: skippable)
            try writer.flush(watermark: newWatermark)
        }
    }

    /// Read-only: a file is not written back.
    public func push(_ deltas: [String: JSONValue]) async throws -> [String: PushOutcome] {
        throw ConnectorError.readOnly(source: source)
    }

    /// - Parameter skippable: digests of rows landing holds already (``LandedRowSkipping``).
    private func read(into writer: FileBatchWriter, issues: FileIssueReporter, skipping skippable: LandedRowDigests)
        throws
    {
        let reader = try CSVReader(url: url, source: source, delimiter: delimiter, limits: limits)
        if keepsUnreadableRows, let notice = reader.encodingNotice { writer.notice(notice) }
        let builder = try TabularRecordBuilder(
            source: source, file: reader.file, header: reader.header, entity: entity, keyColumn: keyColumn,
            modifiedAtColumn: modifiedAtColumn, headerLine: reader.headerLine,
            fileModifiedAt: FileFingerprint.modificationDate(of: url))
        if keepsUnreadableRows, let notice = builder.notice { writer.notice(notice) }
        let digester = CSVRowDigester(
            entity: entity, keyColumn: keyColumn, modifiedAtColumn: modifiedAtColumn, delimiter: reader.delimiter,
            header: reader.header)
        // Keys sent in this pull: never skipped again, since `skippable` was read before any of them landed.
        var sent = Set<String>()
        var noticed = reader.encodingNotice
        // The digest of the row last offered: every row returned as a success was offered first.
        var offered: RowDigest?
        while true {
            offered = nil
            // A row landed before is recognised by its bytes, before any of its values is decoded.
            guard let result = try reader.next(skipping: { raw, value in
                let digest = digester.digest(raw)
                offered = digest
                guard !skippable.isEmpty, skippable.contains(digest), !sent.contains(builder.key(column: value))
                else { return false }
                writer.skip()
                return true
            }) else { break }
            if keepsUnreadableRows, let notice = reader.encodingNotice, notice != noticed {
                writer.notice(notice)
                noticed = notice
            }
            switch result {
            case .success(let row):
                let digest = offered ?? digester.digest(reader.rawBytes)
                if !skippable.isEmpty { sent.insert(builder.key(of: row.values)) }
                switch builder.record(line: row.line, values: row.values, rowDigest: digest) {
                case .success(let record): try writer.append(record)
                case .failure(let issue):
                    try issues.report(issue, file: reader.file, line: row.line, raw: reader.rawBytes)
                }
            case .failure(let issue):
                try issues.report(issue, file: reader.file, line: reader.rowLine, raw: reader.rawBytes)
            }
        }
        // The encoding may have been decided while the last rows were passed over.
        if keepsUnreadableRows, let notice = reader.encodingNotice, notice != noticed { writer.notice(notice) }
    }
}
