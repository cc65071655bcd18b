import Foundation

extension ELMA365Connector: RecordReading {
    /// Reads items by id through the app's `list` with `ids` (live items only), a page of ids a call, so a record
    /// read here lands exactly as the same item pulled. Deleted and unknown ids are not listed.
    public func read(_ keys: [String: RawRecord.Entity]) async throws -> [RawRecord] {
        var records: [RawRecord] = []
        for query in passes.lazy.filter({ !$0.deletedOnly }).map(\.query) {
            for chunk in Self.keyChunks(keys, of: query.entity, size: pageSize) {
                let page = "\(query.object) read of \(chunk.count) ids"
                let body: JSONValue = .object([
                    "active": .bool(true), "ids": .array(chunk.map(JSONValue.string)), "from": .number(0),
                    "size": .number(Double(chunk.count)),
                ])
                let response = try await post(query.appPath + "/list", body: body, page: page)
                guard case .array(let items)? = response.body["result"]?["result"] else {
                    throw ConnectorError(
                        .malformedPage, source: source, location: "\(page) (\(response.request))",
                        message: "the answer has no 'result.result' array")
                }
                for (index, item) in items.enumerated() {
                    records.append(try makeRecord(item, query: query, origin: "\(page) #\(index + 1)"))
                }
            }
        }
        return records
    }
}
