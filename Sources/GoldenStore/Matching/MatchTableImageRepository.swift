import Foundation
import PostgresNIO

/// The stored image of each entity's match table (`match_table_images`): opaque bytes here, written whole and read
/// whole. The match run owns their meaning and checks every row against the live records before using it.
public struct MatchTableImageRepository: Sendable {
    let database: GoldenDatabase

    /// Parts of a few megabytes: one bind parameter each, far below the 1 GB a value may hold.
    static let partSize = 8 << 20

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// The stored image of `entity`, `nil` when there is none or a part is missing.
    public func load(entity: String) async throws -> [UInt8]? {
        let rows = try await database.client.query(
            "SELECT part, parts, payload FROM match_table_images WHERE entity = \(entity) ORDER BY part",
            logger: database.logger)
        var bytes: [UInt8] = []
        var expected = 0
        var next = 0
        for try await (part, parts, payload) in rows.decode((Int, Int, ByteBuffer).self) {
            guard part == next else { return nil }
            expected = parts
            next += 1
            bytes.append(contentsOf: payload.readableBytesView)
        }
        return next > 0 && next == expected ? bytes : nil
    }

    /// Replaces the image of `entity`, in one transaction (a reader sees the old image or the new one).
    public func save(entity: String, bytes: [UInt8]) async throws {
        let logger = database.logger
        let parts = max(1, (bytes.count + Self.partSize - 1) / Self.partSize)
        try await database.client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query(
                    "DELETE FROM match_table_images WHERE entity = \(entity)", logger: logger)
                for part in 0..<parts {
                    let slice = bytes[min(bytes.count, part * Self.partSize)..<min(bytes.count, (part + 1) * Self.partSize)]
                    try await connection.query(
                        """
                        INSERT INTO match_table_images (entity, part, parts, payload)
                        VALUES (\(entity), \(part), \(parts), \(ByteBuffer(bytes: slice)))
                        """, logger: logger)
                }
            }
        }
    }

    /// Drops the image of `entity` (the next run reads every record).
    public func remove(entity: String) async throws {
        try await database.client.query(
            "DELETE FROM match_table_images WHERE entity = \(entity)", logger: database.logger)
    }
}
