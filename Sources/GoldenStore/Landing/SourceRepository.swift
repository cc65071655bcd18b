import Foundation
import PostgresNIO

/// Configured sources and their watermarks.
public struct SourceRepository: Sendable {
    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// Registers a source (or updates its kind): landing needs the row, and `golden.yaml` is the truth for it.
    ///
    /// `updated_at` takes the proposed row's value, which is the column default (`now()`): Citus refuses a
    /// non-immutable function inside `ON CONFLICT … DO UPDATE SET`, but evaluates a default on the coordinator.
    public func register(name: String, kind: String) async throws {
        try await database.client.query(
            """
            INSERT INTO sources AS s (name, kind) VALUES (\(name), \(kind))
            ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, updated_at = excluded.updated_at
            WHERE s.kind <> excluded.kind
            """, logger: database.logger)
    }

    /// The last committed watermark of `source` for `entity`, or `nil` before the first pull.
    public func watermark(source: String, entity: String) async throws -> String? {
        let rows = try await database.client.query(
            "SELECT watermark FROM source_watermarks WHERE source = \(source) AND entity = \(entity)",
            logger: database.logger)
        for try await value in rows.decode(String.self) { return value }
        return nil
    }
}
