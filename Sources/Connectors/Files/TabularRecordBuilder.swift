import Foundation
import GoldenCore

/// Turns a header and one row of cell values into a ``RawRecord``: the shared last step of CSV and XLSX pulls.
///
/// An empty cell leaves its column out of the payload rather than storing `""`. Mapping treats missing and empty
/// alike, and leaving empties out keeps a record's content hash unchanged when a new, still empty column is added
/// to the sheet, so one added column does not version every row.
struct TabularRecordBuilder: Sendable {
    let source: String
    let file: String
    let header: [String]
    let entity: RawRecord.Entity
    let keyIndex: Int
    let modifiedAtIndex: Int?
    /// The time rows take when the mapped modified-at column is not in the header: the file's own modification time.
    let fallbackModifiedAt: Date?
    /// Says so, once per file, when ``fallbackModifiedAt`` is in use.
    let notice: String?

    /// - Parameter fileModifiedAt: the file's modification time. When the mapping names a modified-at column the
    ///   header lacks (a sign-up sheet has no `updated_at`), every row takes this time instead, and ``notice`` says
    ///   so; without it such a header is refused.
    /// - Throws: ``ConnectorError`` `malformedPage` when the key column is not in the header, or the modified-at
    ///   column is not and no file time is known.
    init(
        source: String, file: String, header: [String], entity: RawRecord.Entity, keyColumn: String,
        modifiedAtColumn: String?, headerLine: Int, fileModifiedAt: Date? = nil
    ) throws {
        guard let keyIndex = header.firstIndex(of: keyColumn) else {
            throw ConnectorError(
                .malformedPage, source: source, location: "\(file):\(headerLine)",
                message: "the header has no key column '\(keyColumn)' (columns: \(header.joined(separator: ", ")))")
        }
        var modifiedAtIndex: Int?
        var fallback: Date?
        var notice: String?
        if let modifiedAtColumn {
            if let index = header.firstIndex(of: modifiedAtColumn) {
                modifiedAtIndex = index
            } else if let fileModifiedAt {
                fallback = fileModifiedAt
                notice = "\(file):\(headerLine): the header has no modified-at column '\(modifiedAtColumn)'; every "
                    + "row takes the file's modification time, \(fileModifiedAt.formatted(.iso8601))"
            } else {
                throw ConnectorError(
                    .malformedPage, source: source, location: "\(file):\(headerLine)",
                    message: "the header has no modified-at column '\(modifiedAtColumn)'")
            }
        }
        self.fallbackModifiedAt = fallback
        self.notice = notice
        self.source = source
        self.file = file
        self.header = header
        self.entity = entity
        self.keyIndex = keyIndex
        self.modifiedAtIndex = modifiedAtIndex
    }

    /// The key text of a row's cells (what ``record(line:cells:rowDigest:)`` keys the record by).
    func key(of values: [String]) -> String {
        keyIndex < values.count ? values[keyIndex] : ""
    }

    /// The key of a row with a value for every column, decoding only the key's (``CSVReader/next(skipping:)``).
    func key(column value: (Int) -> String) -> String {
        keyIndex < header.count ? value(keyIndex) : ""
    }

    /// The record of one row, or the issue that keeps it from landing (no key).
    func record(line: Int, cells: [JSONValue?], rowDigest: RowDigest? = nil) -> Result<RawRecord, ConnectorError> {
        var members: [String: JSONValue] = [:]
        members.reserveCapacity(header.count)
        for (index, cell) in cells.enumerated() where index < header.count {
            guard let cell else { continue }
            if case .string(let text) = cell, text.isEmpty { continue }
            members[header[index]] = cell
        }
        let key = keyIndex < cells.count ? cells[keyIndex]?.scalarText ?? "" : ""
        guard key.utf8.contains(where: { $0 != UInt8(ascii: " ") && $0 != 0x09 }) else {
            return .failure(ConnectorError(
                .malformedRecord, source: source, location: "\(file):\(line)",
                message: "row has no value in key column '\(header[keyIndex])'", rowReason: .missingKey))
        }
        var modifiedAt = fallbackModifiedAt
        if let modifiedAtIndex, modifiedAtIndex < cells.count, let text = cells[modifiedAtIndex]?.scalarText {
            modifiedAt = FileDateParser.date(from: text, timeZone: .gmt)
        }
        return .success(RawRecord(
            source: source, sourceKey: key, entity: entity, modifiedAt: modifiedAt,
            payload: .object(members), origin: "\(file):\(line)", rowDigest: rowDigest))
    }

    /// Convenience for text rows (CSV).
    func record(line: Int, values: [String], rowDigest: RowDigest? = nil) -> Result<RawRecord, ConnectorError> {
        record(line: line, cells: values.map { JSONValue.string($0) }, rowDigest: rowDigest)
    }
}
