import Foundation
import GoldenCore
import PostgresNIO

/// Reads the landed, current source records for matching: key, source, attributes, page by page.
public struct LandedRecordRepository: Sendable {
    public struct LandedRecord: Sendable, Hashable {
        public let sourceRecordID: UUID
        public let source: String
        public let sourceKey: String
        public let modifiedAt: Date?
        /// The record's version: it changes whenever its content does (survivorship's input digest reads it).
        public let version: Int
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

    /// Every current, not deleted record of `entity`, in id order, handed over `pageSize` at a time.
    ///
    /// One sequential scan sorted by the server in memory (`work_mem` raised for this read only), streamed a page at
    /// a time: keyset pages over the primary key visited the heap in random order (ids are hashes) and cost about
    /// 20 µs a record at 1M records, and sorting here held every row decoded before the first page was handed over
    /// (no faster, measured at 300k records, but a page of rows is all that is held now).
    public func forEachPage(
        entity: String, pageSize: Int = 20_000, _ body: ([LandedRecord]) async throws -> Void
    ) async throws {
        let logger = database.logger
        try await database.client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                // About 300 bytes a row: a million rows sort in memory instead of spilling to disk.
                try await connection.query("SET LOCAL work_mem = '1GB'", logger: logger)
                let rows = try await connection.query(
                    """
                    SELECT source_record_id, source, source_key, modified_at, version,
                           CASE WHEN match_values IS NULL THEN attributes::text ELSE '' END, match_values
                    FROM source_records
                    WHERE entity = \(entity) AND NOT deleted
                    ORDER BY source_record_id
                    """, logger: logger)
                var page: [LandedRecord] = []
                page.reserveCapacity(pageSize)
                for try await (id, source, key, modified, version, attributes, values) in rows.decode(
                    (UUID, String, String, Date?, Int, String, String?).self)
                {
                    page.append(
                        LandedRecord(
                            sourceRecordID: id, source: source, sourceKey: key, modifiedAt: modified, version: version,
                            attributesJSON: attributes, matchValues: values))
                    if page.count >= max(1, pageSize) {
                        try await body(page)
                        page.removeAll(keepingCapacity: true)
                    }
                }
                if !page.isEmpty { try await body(page) }
            }
        }
    }

    /// The current, not deleted records among `ids` (as ``forEachPage(entity:pageSize:_:)`` reads them), in id
    /// order; read 10,000 ids at a time.
    public func records(ids: [UUID]) async throws -> [LandedRecord] {
        var result: [LandedRecord] = []
        result.reserveCapacity(ids.count)
        var start = 0
        while start < ids.count {
            let batch = Array(ids[start..<min(start + 10_000, ids.count)])
            start += batch.count
            let rows = try await database.client.query(
                """
                SELECT source_record_id, source, source_key, modified_at, version,
                       CASE WHEN match_values IS NULL THEN attributes::text ELSE '' END, match_values
                FROM source_records
                WHERE source_record_id = ANY(\(batch)) AND NOT deleted
                """, logger: database.logger)
            for try await (id, source, key, modified, version, attributes, values) in rows.decode(
                (UUID, String, String, Date?, Int, String, String?).self)
            {
                result.append(
                    LandedRecord(
                        sourceRecordID: id, source: source, sourceKey: key, modifiedAt: modified, version: version,
                        attributesJSON: attributes, matchValues: values))
            }
        }
        // The server's id order is the uuid type's, byte by byte: the same as sorting the bytes here.
        result.sort { $0.sourceRecordID.isOlder(than: $1.sourceRecordID) }
        return result
    }

    /// One record by its source and key, for `golden explain SOURCE:ID SOURCE:ID`.
    public func find(source: String, key: String) async throws -> LandedRecord? {
        let id = GoldenIdentifiers.sourceRecordID(source: source, key: key)
        let rows = try await database.client.query(
            """
            SELECT source_record_id, source, source_key, modified_at, version, attributes::text, match_values
            FROM source_records WHERE source_record_id = \(id)
            """, logger: database.logger)
        for try await (id, source, key, modified, version, attributes, values) in rows.decode(
            (UUID, String, String, Date?, Int, String, String?).self)
        {
            return LandedRecord(
                sourceRecordID: id, source: source, sourceKey: key, modifiedAt: modified, version: version,
                attributesJSON: attributes, matchValues: values)
        }
        return nil
    }

    /// One source record as survivorship reads it: the stored attributes and the source's modified time (when the
    /// source sends none, the time its current version landed: "most recent" still means the latest news we got).
    public struct MemberDocument: Sendable, Hashable {
        public let sourceRecordID: UUID
        public let source: String
        public let sourceKey: String
        public let modifiedAt: Date?
        public let version: Int
        public let deleted: Bool
        public let attributesJSON: String
    }

    /// The stored documents of `ids` (any order; ids that were never landed are left out).
    public func documents(of ids: [UUID]) async throws -> [MemberDocument] {
        guard !ids.isEmpty else { return [] }
        let rows = try await database.client.query(
            """
            SELECT source_record_id, source, source_key, coalesce(modified_at, landed_at), version, deleted,
                   attributes::text
            FROM source_records WHERE source_record_id = ANY(\(ids))
            """, logger: database.logger)
        var documents: [MemberDocument] = []
        documents.reserveCapacity(ids.count)
        for try await (id, source, key, modified, version, deleted, attributes) in rows.decode(
            (UUID, String, String, Date?, Int, Bool, String).self)
        {
            documents.append(
                MemberDocument(
                    sourceRecordID: id, source: source, sourceKey: key, modifiedAt: modified, version: version,
                    deleted: deleted, attributesJSON: attributes))
        }
        return documents
    }

    /// Every live document of `entity`, in storage order, `pageSize` at a time: for a run that survives most
    /// golden records, one sequential scan beats fetching members by id.
    public func forEachDocumentPage(
        entity: String, pageSize: Int = 20_000, _ body: ([MemberDocument]) async throws -> Void
    ) async throws {
        let rows = try await database.client.query(
            """
            SELECT source_record_id, source, source_key, coalesce(modified_at, landed_at), version, deleted,
                   attributes::text
            FROM source_records WHERE entity = \(entity) AND NOT deleted
            """, logger: database.logger)
        var page: [MemberDocument] = []
        page.reserveCapacity(pageSize)
        for try await (id, source, key, modified, version, deleted, attributes) in rows.decode(
            (UUID, String, String, Date?, Int, Bool, String).self)
        {
            page.append(
                MemberDocument(
                    sourceRecordID: id, source: source, sourceKey: key, modifiedAt: modified, version: version,
                    deleted: deleted, attributesJSON: attributes))
            if page.count >= pageSize {
                try await body(page)
                page.removeAll(keepingCapacity: true)
            }
        }
        if !page.isEmpty { try await body(page) }
    }

    /// The payload of a record's current version exactly as the source sent it (JSON text).
    public func currentPayload(of id: UUID) async throws -> String? {
        let rows = try await database.client.query(
            """
            SELECT p.payload::text FROM source_records AS s
            JOIN raw_record_versions AS p ON p.source_record_id = s.source_record_id AND p.version = s.version
            WHERE s.source_record_id = \(id)
            """, logger: database.logger)
        for try await payload in rows.decode(String.self) { return payload }
        return nil
    }
}
