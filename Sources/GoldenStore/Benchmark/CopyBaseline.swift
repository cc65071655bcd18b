import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The yardstick for landing throughput: PostgreSQL's own COPY of the same payloads into one plain table.
///
/// `golden bench ingest` prints it beside the landing figure from the same run, on the same server, so the ratio
/// says how much landing (hashing, standardizing, three tables, indexes) costs over the raw write path.
public struct CopyBaseline: Sendable {
    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// COPYs `(key, payload)` rows into a fresh table and returns rows per second; the table is dropped after.
    public func measure(rows: [(key: String, payloadJSON: String)]) async throws -> (rowsPerSecond: Double, bytes: Int) {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            try await connection.query("DROP TABLE IF EXISTS golden_bench_copy_baseline", logger: logger)
            try await connection.query(
                "CREATE TABLE golden_bench_copy_baseline (source_key text NOT NULL, payload jsonb NOT NULL)",
                logger: logger)
            let clock = ContinuousClock()
            let start = clock.now
            var bytes = 0
            try await connection.copyFrom(table: "golden_bench_copy_baseline", logger: logger) { writer in
                var row = COPYTextWriter()
                for (key, payload) in rows {
                    row.text(key)
                    row.text(payload)
                    row.endRow()
                    if row.buffer.readableBytes > 1 << 20 {
                        bytes += row.buffer.readableBytes
                        try await writer.write(row.buffer)
                        row.reset()
                    }
                }
                bytes += row.buffer.readableBytes
                if row.buffer.readableBytes > 0 { try await writer.write(row.buffer) }
            }
            let elapsed = clock.now - start
            try await connection.query("DROP TABLE golden_bench_copy_baseline", logger: logger)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return (Double(rows.count) / max(seconds, 1e-9), bytes)
        }
    }
}
