import Foundation
import NIOCore
import PostgresNIO

/// Reads of many narrow rows that the server packs into one `bytea` (`string_agg(uuid_send(…) || …, '')`).
///
/// PostgresNIO decodes a row in about 4 µs here, so a read of half a million `(uuid, uuid)` rows spent seconds in
/// row decoding alone; the packed form is a few values and a loop over fixed-width fields.
///
/// A `bytea` holds at most 1 GB, so a query packs one value per bucket of the first id byte
/// (`GROUP BY get_byte(uuid_send(id), 0) ORDER BY …`): 256 values at most, each a 256th of the rows, and in id order
/// when each bucket is aggregated in id order (the server compares uuids byte by byte). A read whose order does not
/// matter packs one value while the store is small enough (``oneValueRecords``): grouping costs a sort of the rows.
enum PackedRows {
    /// The packed values of `rows`, one after the other.
    static func bytes(_ rows: PostgresRowSequence) async throws -> ByteBuffer {
        var packed = ByteBuffer()
        for try await value in rows.decode(ByteBuffer?.self) {
            guard var value else { continue }
            packed.writeBuffer(&value)
        }
        return packed
    }

    /// Calls `body` with each fixed-width record of `packed` (`width` bytes each).
    static func forEach(
        _ packed: ByteBuffer, width: Int, _ body: (UnsafeRawBufferPointer, Int) throws -> Void
    ) rethrows {
        let count = packed.readableBytes / width
        try packed.withUnsafeReadableBytes { bytes in
            for index in 0..<count { try body(bytes, index * width) }
        }
    }
}

extension UnsafeRawBufferPointer {
    /// The big-endian 64-bit integer (`int8send`) at `offset`.
    func int64(at offset: Int) -> Int64 {
        Int64(bigEndian: loadUnaligned(fromByteOffset: offset, as: Int64.self))
    }
}

extension PackedRows {
    /// Live records (as landing counts them) up to which a read packs its rows into one value instead of one per
    /// bucket of an id byte. Grouping costs the server a sort or a hash of every row: the membership of 565k
    /// persons took 0.30 s of the server grouped, 0.17 s as one value. One value holds 1 GB, about 30M rows of 32
    /// bytes: the limit leaves a margin of four for counts that lag behind the rows read (a record deleted since the
    /// last run is still a member until the run).
    static let oneValueRecords = 8_000_000

    /// The packed values of `query` (one `string_agg`), grouped by `bucket` (an expression over an id byte, of
    /// this code's own text, never a value) unless the live records of `source` and of `entity` (`nil`: any) are at
    /// most `limit` (``oneValueRecords`` when `nil`), so that one value holds them.
    static func bytes(
        _ query: PostgresQuery, groupedBy bucket: StaticString, source: String? = nil, entity: String? = nil,
        limit: Int?, from client: PostgresClient, logger: Logger
    ) async throws -> ByteBuffer {
        try await client.withConnection { connection in
            let fits = try await fitOneValue(
                source: source, entity: entity, limit: limit ?? oneValueRecords, on: connection, logger: logger)
            let read = fits ? query : PostgresQuery(unsafeSQL: "\(query.sql)\nGROUP BY \(bucket)", binds: query.binds)
            return try await bytes(connection.query(read, logger: logger))
        }
    }

    /// Whether the live records landing counts (`source_fingerprints`) of `source` and of `entity` (`nil`: any) are
    /// at most `limit`, so a read of theirs fits one packed value.
    private static func fitOneValue(
        source: String? = nil, entity: String? = nil, limit: Int, on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            SELECT coalesce(sum(live), 0)::bigint FROM source_fingerprints
            WHERE (\(source)::text IS NULL OR source = \(source)) AND (\(entity)::text IS NULL OR entity = \(entity))
            """, logger: logger)
        var live = 0
        for try await count in rows.decode(Int.self) { live = count }
        return live <= limit
    }
}
