import Foundation
import GoldenCore

/// One worksheet of an Excel workbook as a read-only source: the first row names the columns, every later
/// non-empty row is one record of the configured entity.
///
/// Watermark and issue handling are those of ``CSVFileConnector``. A value in a column the header leaves unnamed
/// is a per-row issue rather than a dropped cell.
public struct XLSXFileConnector: Connector {
    public let source: String
    public let url: URL
    public let sheet: String?
    public let entity: RawRecord.Entity
    public let keyColumn: String
    public let modifiedAtColumn: String?
    public let batchSize: Int
    /// `false` for the second and later entity passes over one workbook, so an unreadable row is kept once.
    public let keepsUnreadableRows: Bool
    private let onIssue: (@Sendable (ConnectorError) -> Void)?

    /// - Parameters:
    ///   - sheet: the tab to read; `nil` reads the first sheet.
    ///   - source, url, entity, keyColumn, modifiedAtColumn, batchSize, onIssue: as for ``CSVFileConnector``.
    public init(
        source: String, url: URL, sheet: String? = nil, entity: RawRecord.Entity, keyColumn: String = "id",
        modifiedAtColumn: String? = nil, batchSize: Int = 5_000, keepsUnreadableRows: Bool = true,
        onIssue: (@Sendable (ConnectorError) -> Void)? = nil
    ) {
        self.keepsUnreadableRows = keepsUnreadableRows
        self.source = source
        self.url = url
        self.sheet = sheet
        self.entity = entity
        self.keyColumn = keyColumn
        self.modifiedAtColumn = modifiedAtColumn
        self.batchSize = batchSize
        self.onIssue = onIssue
    }

    public func pull(since watermark: String?) -> AsyncThrowingStream<RawRecordBatch, any Error> {
        let connector = self
        return FileBatchStream.make(batchSize: batchSize, startWatermark: watermark) { writer in
            let hash = try FileFingerprint.sha256(of: connector.url, source: connector.source)
            let newWatermark = FileFingerprint.watermark(name: connector.url.lastPathComponent, sha256: hash)
            guard newWatermark != watermark else { return }
            let issues = FileIssueReporter(
                source: connector.source, handler: connector.onIssue, writer: writer,
                keepsUnreadableRows: connector.keepsUnreadableRows)
            try connector.read(into: writer, issues: issues)
            try writer.flush(watermark: newWatermark)
        }
    }

    /// Read-only: a workbook is not written back.
    public func push(_ deltas: [String: JSONValue]) async throws -> [String: PushOutcome] {
        throw ConnectorError.readOnly(source: source)
    }

    private func read(into writer: FileBatchWriter, issues: FileIssueReporter) throws {
        let reader = try XLSXReader(url: url, source: source, sheet: sheet)
        let file = reader.file
        var builder: TabularRecordBuilder?
        try reader.readRows { result in
            let row: XLSXRow
            switch result {
            case .success(let value): row = value
            case .failure(let issue):
                guard builder != nil else { throw issue }
                let raw = reader.rawRow
                try issues.report(
                    issue, file: file, line: reader.rowNumber, raw: Array(raw.utf8), text: raw)
                return
            }
            guard let tabular = builder else {
                let names = row.cells.map { $0?.scalarText ?? "" }
                let header = try TableHeader.validated(
                    names, file: file, line: row.number, source: source, columnName: XLSXRow.columnName)
                builder = try TabularRecordBuilder(
                    source: source, file: file, header: header, entity: entity, keyColumn: keyColumn,
                    modifiedAtColumn: modifiedAtColumn, headerLine: row.number,
                    fileModifiedAt: FileFingerprint.modificationDate(of: url))
                if keepsUnreadableRows, let notice = builder?.notice { writer.notice(notice) }
                return
            }
            if let extra = row.cells.indices.dropFirst(tabular.header.count).first(where: { row.cells[$0] != nil }) {
                let raw = reader.rawRow
                try issues.report(
                    ConnectorError(
                        .malformedRecord, source: source, location: "\(file):\(row.number)",
                        message: "cell \(XLSXRow.columnName(extra))\(row.number) has a value but column "
                            + "\(XLSXRow.columnName(extra)) has no header", rowReason: .badCell),
                    file: file, line: row.number, raw: Array(raw.utf8), text: raw)
                return
            }
            switch tabular.record(line: row.number, cells: row.cells) {
            case .success(let record): try writer.append(record)
            case .failure(let issue):
                let raw = reader.rawRow
                try issues.report(issue, file: file, line: row.number, raw: Array(raw.utf8), text: raw)
            }
        }
        if builder == nil {
            throw ConnectorError(
                .malformedPage, source: source, location: file,
                message: "sheet '\(reader.sheetName)' has no header row")
        }
    }
}
