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
    ///
    /// - Parameter recordURL: where a person opens one of the source's records (`{key}` for its key), kept in
    ///   `config` for the UI; `nil` removes it.
    public func register(name: String, kind: String, recordURL: String? = nil) async throws {
        try await database.client.query(
            """
            INSERT INTO sources AS s (name, kind, config)
            VALUES (\(name), \(kind), jsonb_strip_nulls(jsonb_build_object('record_url', \(recordURL)::text)))
            ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, config = excluded.config,
                updated_at = excluded.updated_at
            WHERE s.kind <> excluded.kind OR s.config IS DISTINCT FROM excluded.config
            """, logger: database.logger)
    }

    /// Each source's record address pattern (`record_url`), for sources that have one.
    public func recordURLs() async throws -> [String: String] {
        let rows = try await database.client.query(
            "SELECT name, config->>'record_url' FROM sources WHERE config ? 'record_url'", logger: database.logger)
        var patterns: [String: String] = [:]
        for try await (name, pattern) in rows.decode((String, String).self) { patterns[name] = pattern }
        return patterns
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
