import Foundation
import PostgresNIO

/// Reads the landed, current source records for matching: key, source, attributes, page by page.
public struct LandedRecordRepository: Sendable {
    public struct LandedRecord: Sendable, Hashable {
        public let sourceRecordID: UUID
        public let source: String
        public let sourceKey: String
        public let modifiedAt: Date?
        public let attributesJSON: String
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// Every current, not deleted record of `entity`, in id order, `pageSize` at a time (keyset paging: each page
    /// is one short query, so a million records never sit in one result set).
    public func forEachPage(
        entity: String, pageSize: Int = 20_000, _ body: ([LandedRecord]) async throws -> Void
    ) async throws {
        var after = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        while true {
            let rows = try await database.client.query(
                """
                SELECT source_record_id, source, source_key, modified_at, attributes::text
                FROM source_records
                WHERE entity = \(entity) AND NOT deleted AND source_record_id > \(after)
                ORDER BY source_record_id
                LIMIT \(pageSize)
                """, logger: database.logger)
            var page: [LandedRecord] = []
            page.reserveCapacity(pageSize)
            for try await (id, source, key, modified, attributes) in rows.decode((UUID, String, String, Date?, String).self) {
                page.append(LandedRecord(
                    sourceRecordID: id, source: source, sourceKey: key, modifiedAt: modified, attributesJSON: attributes))
            }
            guard let last = page.last else { return }
            try await body(page)
            if page.count < pageSize { return }
            after = last.sourceRecordID
        }
    }

    /// One record by its source and key, for `golden explain SOURCE:ID SOURCE:ID`.
    public func find(source: String, key: String) async throws -> LandedRecord? {
        let id = GoldenIdentifiers.sourceRecordID(source: source, key: key)
        let rows = try await database.client.query(
            """
            SELECT source_record_id, source, source_key, modified_at, attributes::text
            FROM source_records WHERE source_record_id = \(id)
            """, logger: database.logger)
        for try await (id, source, key, modified, attributes) in rows.decode((UUID, String, String, Date?, String).self) {
            return LandedRecord(
                sourceRecordID: id, source: source, sourceKey: key, modifiedAt: modified, attributesJSON: attributes)
        }
        return nil
    }
}
