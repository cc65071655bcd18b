import Foundation
import PostgresNIO

/// The state each entity's last match run left (`match_states`): opaque bytes here. The match run owns their meaning
/// and checks that they were made with its model and configuration before using them.
public struct MatchStateRepository: Sendable {
    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// The stored state of `entity`, `nil` when there is none.
    public func load(entity: String) async throws -> [UInt8]? {
        let rows = try await database.client.query(
            "SELECT state FROM match_states WHERE entity = \(entity)", logger: database.logger)
        var bytes: [UInt8]?
        for try await state in rows.decode(ByteBuffer.self) {
            var copy: [UInt8] = []
            copy.reserveCapacity(state.readableBytes)
            state.withUnsafeReadableBytes { copy.append(contentsOf: $0) }
            bytes = copy
        }
        return bytes
    }

    /// Replaces the state of `entity`.
    public func save(entity: String, bytes: [UInt8]) async throws {
        try await database.client.query(
            """
            INSERT INTO match_states (entity, state) VALUES (\(entity), \(ByteBuffer(bytes: bytes)))
            ON CONFLICT (entity) DO UPDATE SET state = EXCLUDED.state, written_at = EXCLUDED.written_at
            """, logger: database.logger)
    }

    /// Drops the state of `entity` (the next run matches every record).
    public func remove(entity: String) async throws {
        try await database.client.query(
            "DELETE FROM match_states WHERE entity = \(entity)", logger: database.logger)
    }
}
