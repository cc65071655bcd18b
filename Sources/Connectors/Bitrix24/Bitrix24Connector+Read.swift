import Foundation

extension Bitrix24Connector: RecordReading {
    /// Reads records by id through the object's list method filtered by `@ID`, 50 ids a call (one page), with the
    /// fields a pull selects and a company's requisites attached as a pull attaches them, so a record read here
    /// lands exactly as the same record pulled. Deleted and unknown ids are simply not listed.
    public func read(_ keys: [String: RawRecord.Entity]) async throws -> [RawRecord] {
        var records: [RawRecord] = []
        for query in queries {
            for chunk in Self.keyChunks(keys, of: query.entity, size: Self.pageSize) {
                let page = "\(query.object) read of \(chunk.count) ids"
                let body: JSONValue = .object([
                    "select": .array(query.select.map(JSONValue.string)),
                    "filter": .object(["@ID": .array(chunk.map(JSONValue.string))]),
                    "order": .object(["ID": .string("ASC")]),
                    "start": .number(0),
                ])
                let response = try await call(query.listMethod, body, page: page)
                guard case .array(let rows)? = response.body["result"] else {
                    throw ConnectorError(
                        .malformedPage, source: source, location: "\(page) (\(redact(response.request)))",
                        message: "the answer has no 'result' array")
                }
                for (index, row) in try await attachRequisites(rows, query: query, page: page).enumerated() {
                    records.append(try makeRecord(row, query: query, origin: "\(page) #\(index + 1)"))
                }
            }
        }
        return records
    }
}
