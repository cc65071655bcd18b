import Foundation
import PostgresNIO

/// The stored image of each entity's match table (`match_table_images`): opaque bytes here, written whole and read
/// whole. The match run owns their meaning and checks every row against the live records before using it.
public struct MatchTableImageRepository: Sendable {
    let database: GoldenDatabase

    /// Parts of a megabyte: one bind parameter each, far below the 1 GB a value may hold. Small enough that a reader
    /// decodes one part while the next is on its way (``forEachPart(entity:_:)``).
    public static let partSize = 1 << 20

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// Whether an image of `entity` is stored (complete or not; ``load(entity:)`` tells).
    public func exists(entity: String) async throws -> Bool {
        let rows = try await database.client.query(
            "SELECT EXISTS (SELECT 1 FROM match_table_images WHERE entity = \(entity))", logger: database.logger)
        var found = false
        for try await exists in rows.decode(Bool.self) { found = exists }
        return found
    }

    /// The stored image of `entity`, `nil` when there is none or a part is missing.
    public func load(entity: String) async throws -> [UInt8]? {
        var bytes: [UInt8] = []
        let whole = try await forEachPart(entity: entity) { bytes.append(contentsOf: $0) }
        return whole ? bytes : nil
    }

    /// Hands the parts of the stored image of `entity` to `body` in order as they arrive; false when there is none,
    /// or a part is missing (the parts `body` saw are then not a whole image).
    public func forEachPart(entity: String, _ body: (UnsafeRawBufferPointer) throws -> Void) async throws -> Bool {
        let rows = try await database.client.query(
            "SELECT part, parts, payload FROM match_table_images WHERE entity = \(entity) ORDER BY part",
            logger: database.logger)
        var expected = 0
        var next = 0
        for try await (part, parts, payload) in rows.decode((Int, Int, ByteBuffer).self) {
            guard part == next else { return false }
            expected = parts
            next += 1
            try payload.withUnsafeReadableBytes(body)
        }
        return next > 0 && next == expected
    }

    /// Replaces the image of `entity` with the parts `produce` hands over (at most ``partSize`` bytes each), in one
    /// transaction: a reader sees the old image or the whole new one, and only one part is held at a time.
    ///
    /// - Parameter marks: the landing marks the image was read at (``LandingChanges/marks(entity:)``): the log's
    ///   batches up to them are deleted in the same transaction, since the image holds their changes.
    public func save(
        entity: String, marks: [String: Int64]? = nil, produce: (_ emit: ([UInt8]) async throws -> Void) async throws -> Void
    ) async throws {
        let logger = database.logger
        try await database.client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query(
                    "DELETE FROM match_table_images WHERE entity = \(entity)", logger: logger)
                var part = 0
                try await produce { bytes in
                    precondition(bytes.count <= Self.partSize, "an image part over \(Self.partSize) bytes")
                    try await connection.query(
                        """
                        INSERT INTO match_table_images (entity, part, parts, payload)
                        VALUES (\(entity), \(part), \(part + 1), \(ByteBuffer(bytes: bytes)))
                        """, logger: logger)
                    part += 1
                }
                // The number of parts is known at the end; a reader checks it to see the image is whole.
                try await connection.query(
                    "UPDATE match_table_images SET parts = \(part) WHERE entity = \(entity)", logger: logger)
                if let marks { try await LandingChanges.prune(entity: entity, marks: marks, on: connection, logger: logger) }
            }
        }
    }

    /// Replaces the image of `entity` with `bytes`.
    public func save(entity: String, bytes: [UInt8]) async throws {
        try await save(entity: entity) { emit in
            var start = 0
            repeat {
                let end = min(bytes.count, start + Self.partSize)
                try await emit(Array(bytes[start..<end]))
                start = end
            } while start < bytes.count
        }
    }

    /// Drops the image of `entity` (the next run reads every record).
    public func remove(entity: String) async throws {
        try await database.client.query(
            "DELETE FROM match_table_images WHERE entity = \(entity)", logger: database.logger)
    }
}
