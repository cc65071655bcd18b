import Foundation
import GoldenCore
import Logging
import NIOCore
import PostgresNIO

/// The yardstick for landing throughput: PostgreSQL's own COPY of the same payloads into one plain table, with the
/// payload column typed as landing types it (`json`).
///
/// `golden bench ingest` prints it beside the landing figure from the same run, on the same server, so the ratio
/// says how much landing (hashing, standardizing, three tables, indexes) costs over the raw write path.
public struct CopyBaseline: Sendable {
    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// COPYs a file already in COPY text format (`key <TAB> payload` lines) into a fresh two-column table, the way
    /// `psql \copy` would, and returns rows per second; the table is dropped after.
    public func measure(file: URL) async throws -> (rowsPerSecond: Double, bytes: Int) {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            try await connection.query("DROP TABLE IF EXISTS golden_bench_copy_baseline", logger: logger)
            try await connection.query(
                "CREATE TABLE golden_bench_copy_baseline (source_key text NOT NULL, payload json NOT NULL)",
                logger: logger)
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            let clock = ContinuousClock()
            let start = clock.now
            var bytes = 0
            try await connection.copyFrom(table: "golden_bench_copy_baseline", logger: logger) { writer in
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    bytes += chunk.count
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
            }
            let elapsed = clock.now - start
            let rows = try await connection.query("SELECT count(*) FROM golden_bench_copy_baseline", logger: logger)
            var count = 0
            for try await value in rows.decode(Int.self) { count = value }
            try await connection.query("DROP TABLE golden_bench_copy_baseline", logger: logger)
            let seconds = elapsed.secondsValue
            return (Double(count) / max(seconds, 1e-9), bytes)
        }
    }
}

/// COPY text-format escaping for code that writes COPY files itself (benchmarks, exports).
public enum COPYText {
    public static func escape(_ value: String) -> String {
        var writer = COPYTextWriter(capacity: value.utf8.count + 8)
        writer.text(value)
        return writer.buffer.getString(at: writer.buffer.readerIndex, length: writer.buffer.readableBytes) ?? ""
    }
}
