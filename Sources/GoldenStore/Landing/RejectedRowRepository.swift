import Foundation
import GoldenCore
import PostgresNIO

/// Reads over `rejected_rows`: the rows of files that never became records, kept whole with their reason.
public struct RejectedRowRepository: Sendable {
    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// The open rejected rows of `source`, in file and line order.
    public func rows(source: String) async throws -> [RejectedRow] {
        let rows = try await database.client.query(
            """
            SELECT source, file, line, reason_code, reason, raw_text, raw_bytes
            FROM rejected_rows WHERE source = \(source) AND resolved_at IS NULL
            ORDER BY file, line, created_at
            """, logger: database.logger)
        var result: [RejectedRow] = []
        for try await (source, file, line, code, reason, text, bytes) in rows.decode(
            (String, String, Int, String, String, String?, ByteBuffer).self)
        {
            result.append(
                RejectedRow(
                    source: source, file: file, line: line, reasonCode: code, reason: reason,
                    rawBytes: Array(buffer: bytes), rawText: text))
        }
        return result
    }

    /// How many open rejected rows there are per reason code (`row.column_count`, `xml.broken`, …).
    public func countsByReason(source: String) async throws -> [String: Int] {
        let rows = try await database.client.query(
            """
            SELECT reason_code, count(*) FROM rejected_rows WHERE source = \(source) AND resolved_at IS NULL
            GROUP BY reason_code
            """, logger: database.logger)
        var counts: [String: Int] = [:]
        for try await (code, count) in rows.decode((String, Int).self) { counts[code] = count }
        return counts
    }
}
