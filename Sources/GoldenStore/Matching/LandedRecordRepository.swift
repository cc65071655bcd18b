import Foundation
import PostgresNIO

/// Reads the landed, current source records for matching: key, source, attributes, page by page.
public struct LandedRecordRepository: Sendable {
    public struct LandedRecord: Sendable, Hashable {
        public let sourceRecordID: UUID
        public let source: String
        public let sourceKey: String
        public let modifiedAt: Date?
        /// The stored attributes JSON. Paged reads leave it empty when ``matchValues`` is there: matching then
        /// never needs it, and not sending it halves what a match run reads.
        public let attributesJSON: String
        /// What landing stored for matching (`StoredMatchValues` text); `nil` for records landed before it existed.
        public let matchValues: String?
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
                SELECT source_record_id, source, source_key, modified_at,
                       CASE WHEN match_values IS NULL THEN attributes::text ELSE '' END, match_values
                FROM source_records
                WHERE entity = \(entity) AND NOT deleted AND source_record_id > \(after)
                ORDER BY source_record_id
                LIMIT \(pageSize)
                """, logger: database.logger)
            var page: [LandedRecord] = []
            page.reserveCapacity(pageSize)
            for try await (id, source, key, modified, attributes, values) in rows.decode(
                (UUID, String, String, Date?, String, String?).self)
            {
                page.append(LandedRecord(
                    sourceRecordID: id, source: source, sourceKey: key, modifiedAt: modified, attributesJSON: attributes,
                    matchValues: values))
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
            SELECT source_record_id, source, source_key, modified_at, attributes::text, match_values
            FROM source_records WHERE source_record_id = \(id)
            """, logger: database.logger)
        for try await (id, source, key, modified, attributes, values) in rows.decode(
            (UUID, String, String, Date?, String, String?).self)
        {
            return LandedRecord(
                sourceRecordID: id, source: source, sourceKey: key, modifiedAt: modified, attributesJSON: attributes,
                matchValues: values)
        }
        return nil
    }
}
