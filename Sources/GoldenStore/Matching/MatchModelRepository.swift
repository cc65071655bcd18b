import Foundation
import PostgresNIO

/// Versioned match-model parameters (λ, m/u per comparison level, term-frequency tables) per entity type.
///
/// A run records which version it scored with, so a score shown to a steward months later can be explained with
/// the parameters that produced it. Versions only grow; nothing is overwritten.
public struct MatchModelRepository: Sendable {
    public struct StoredModel: Sendable, Hashable {
        public let entity: String
        public let version: Int
        public let parametersJSON: String
        public let trainedAt: Date
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// Stores `parametersJSON` as the next version for `entity` and returns that version.
    @discardableResult
    public func save(entity: String, parametersJSON: String, runID: UUID?) async throws -> Int {
        let logger = database.logger
        return try await database.client.withTransaction(logger: logger) { connection in
            // Serialize concurrent trainers of one entity so versions stay dense and unique (per schema: advisory
            // locks are database-wide, and stores in other schemas must not wait for each other).
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(Int32(0x6D61_7463)), hashtext(current_schema() || '/' || \(entity)))",
                logger: logger)
            // The target is aliased: on a reference table Citus deparses an unaliased `RETURNING` into a reference
            // to `match_models` that its INSERT … SELECT plan has no FROM entry for.
            let rows = try await connection.query(
                """
                INSERT INTO match_models AS m (entity, version, parameters, run_id)
                SELECT \(entity), coalesce(max(previous.version), 0) + 1, \(parametersJSON)::jsonb, \(runID)
                FROM match_models AS previous WHERE previous.entity = \(entity)
                RETURNING m.version
                """, logger: logger)
            for try await version in rows.decode(Int.self) { return version }
            throw StoreError(.migrationFailed, "match model for \(entity) was not stored")
        }
    }

    /// The newest stored model of `entity`, or a given version.
    public func load(entity: String, version: Int? = nil) async throws -> StoredModel? {
        let rows: PostgresRowSequence
        if let version {
            rows = try await database.client.query(
                """
                SELECT entity, version, parameters::text, trained_at FROM match_models
                WHERE entity = \(entity) AND version = \(version)
                """, logger: database.logger)
        } else {
            rows = try await database.client.query(
                """
                SELECT entity, version, parameters::text, trained_at FROM match_models
                WHERE entity = \(entity) ORDER BY version DESC LIMIT 1
                """, logger: database.logger)
        }
        for try await (entity, version, parameters, trainedAt) in rows.decode((String, Int, String, Date).self) {
            return StoredModel(entity: entity, version: version, parametersJSON: parameters, trainedAt: trainedAt)
        }
        return nil
    }
}
