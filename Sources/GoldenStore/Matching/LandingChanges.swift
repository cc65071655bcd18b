import Foundation
import GoldenCore
import NIOCore
import PostgresNIO

/// The log of which records each landing batch changed (`landing_changes`, migration 24), read by a match run to
/// bring its stored table image up to date.
///
/// Each source numbers the batches that changed an entity's live records (`source_fingerprints.batches`), and its
/// landing writes the number and the log row in the batch's transaction, under the source's lock. So the numbers
/// a reader sees are a prefix of the batches in commit order: an image read at numbers `marks` holds every change
/// of the batches up to them, and the ids logged after them are all it can lack.
public struct LandingChanges: Sendable {
    /// The ids one batch changed.
    public struct Batch: Sendable, Hashable {
        public let source: String
        public let batch: Int64
        public let ids: [UUID]

        public init(source: String, batch: Int64, ids: [UUID]) {
            self.source = source
            self.batch = batch
            self.ids = ids
        }
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// How many batches of each source have changed `entity`'s live records so far. Read before the records, so an
    /// image built from what is read after holds at least these batches.
    public func marks(entity: String) async throws -> [String: Int64] {
        let rows = try await database.client.query(
            "SELECT source, batches FROM source_fingerprints WHERE entity = \(entity)", logger: database.logger)
        var marks: [String: Int64] = [:]
        for try await (source, batches) in rows.decode((String, Int64).self) { marks[source] = batches }
        return marks
    }

    /// Every logged batch of `entity` (the log keeps only what stored images have not read, see
    /// ``prune(entity:marks:on:logger:)``).
    public func batches(entity: String) async throws -> [Batch] {
        let rows = try await database.client.query(
            "SELECT source, batch, ids FROM landing_changes WHERE entity = \(entity)", logger: database.logger)
        var batches: [Batch] = []
        for try await (source, batch, packed) in rows.decode((String, Int64, ByteBuffer).self) {
            var ids: [UUID] = []
            ids.reserveCapacity(packed.readableBytes / 16)
            PackedRows.forEach(packed, width: 16) { bytes, offset in ids.append(bytes.uuid(at: offset)) }
            batches.append(Batch(source: source, batch: batch, ids: ids))
        }
        return batches
    }

    /// The ids a batch changed, deduplicated and packed as the log stores them.
    static func pack(_ ids: [UUID]) -> ByteBuffer {
        var seen = Set<UUID>()
        var packed = ByteBuffer()
        packed.reserveCapacity(16 * ids.count)
        for id in ids where seen.insert(id).inserted {
            withUnsafeBytes(of: id.uuid) { packed.writeBytes($0) }
        }
        return packed
    }

    /// Deletes the batches of `entity` up to `marks`: an image read at them was just stored, and the next run
    /// starts from it. Run in the image's transaction, so the log never lacks what the stored image does.
    static func prune(
        entity: String, marks: [String: Int64], on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !marks.isEmpty else { return }
        let sources = Array(marks.keys)
        let batches = sources.map { marks[$0]! }
        try await connection.query(
            """
            DELETE FROM landing_changes AS l USING unnest(\(sources)::text[], \(batches)::bigint[]) AS m (source, batch)
            WHERE l.entity = \(entity) AND l.source = m.source AND l.batch <= m.batch
            """, logger: logger)
    }
}
