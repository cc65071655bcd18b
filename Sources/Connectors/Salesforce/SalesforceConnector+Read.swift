import Foundation

extension SalesforceConnector: RecordReading {
    /// Ids per sObject Collections retrieve: the API's limit.
    static let readChunk = 2000

    /// Reads records by id through sObject Collections (`GET /composite/sobjects/{object}?ids=…&fields=…`), one
    /// request per object and 2000 ids, with the fields a pull selects, so a record read here lands exactly as the
    /// same record pulled (same payload, same content hash). Deleted and unknown ids come back `null` and are left
    /// out.
    public func read(_ keys: [String: RawRecord.Entity]) async throws -> [RawRecord] {
        var records: [RawRecord] = []
        for (entity, raw) in [(CanonicalField.Entity.organization, RawRecord.Entity.organization), (.person, .person)] {
            guard let entityMapping = mapping.entities[entity] else { continue }
            let query = SalesforceObjectQuery(entity: raw, mapping: entityMapping)
            for chunk in Self.keyChunks(keys, of: raw, size: Self.readChunk) {
                let page = "\(query.object) read of \(chunk.count) ids"
                let response = try await get(
                    dataPath + "/composite/sobjects/\(query.object)",
                    query: [("ids", chunk.joined(separator: ",")), ("fields", query.fields.joined(separator: ","))],
                    page: page)
                guard case .array(let rows) = response.body else {
                    throw ConnectorError(
                        .malformedPage, source: source, location: "\(page) (\(response.request))",
                        message: "expected an array of records in id order")
                }
                for (index, row) in rows.enumerated() where row != .null {
                    records.append(
                        try query.record(
                            from: row, source: source, origin: "\(page) #\(index + 1)",
                            location: "\(response.request)"))
                }
            }
        }
        return records
    }
}
