import Foundation
import NIOHTTP1

extension HubSpotConnector: RecordReading {
    /// Inputs per batch read: the API's limit.
    static let readChunk = 100

    /// Reads records by id through `POST /crm/v3/objects/{type}/batch/read`, 100 ids a request, with the
    /// properties a pull asks for and a contact's companies read as a search page's are, so a record read here
    /// lands exactly as the same record pulled. Archived and unknown ids are left out (HubSpot names them in a 207).
    public func read(_ keys: [String: RawRecord.Entity]) async throws -> [RawRecord] {
        var records: [RawRecord] = []
        for query in queries {
            for chunk in Self.keyChunks(keys, of: query.entity, size: Self.readChunk) {
                let page = "\(query.object) read of \(chunk.count) ids"
                let body: JSONValue = .object([
                    "properties": .array(query.properties.map(JSONValue.string)),
                    "inputs": .array(chunk.map { .object(["id": .string($0)]) }), "archived": .bool(false),
                ])
                let response = try await send(
                    .POST, "/crm/v3/objects/\(query.object)/batch/read", body: body, page: page)
                guard case .array(let rows)? = response.body["results"] else {
                    throw ConnectorError(
                        .malformedPage, source: source, location: "\(page) (\(response.request))",
                        message: "the answer has no 'results' array")
                }
                var objects = rows
                if !query.associations.isEmpty, !rows.isEmpty {
                    objects = try await attachAssociations(rows, query: query, page: page)
                }
                for (index, object) in objects.enumerated() {
                    records.append(try makeRecord(object, query: query, origin: "\(page) #\(index + 1)"))
                }
            }
        }
        return records
    }
}
