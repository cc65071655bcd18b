import Foundation
import NIOHTTP1

/// One HubSpot portal over CRM v3: companies and contacts listed with the `after` cursor on a first run and
/// searched by modification date afterwards; archived records as deletions; batch update for pushes.
///
/// A contact's companies are put where `mappings/hubspot.yaml` reads them (`associations.companies.results[].id`)
/// whichever endpoint delivered the contact. Throttling (429 with `Retry-After`) is retried by the HTTP client.
public struct HubSpotConnector: Connector {
    public let source: String
    let mapping: SourceMapping
    let http: SourceHTTPClient
    let overlap: Duration
    /// Records per list page (HubSpot's maximum is 100).
    let pageSize: Int
    /// Records per search page (maximum 200).
    let searchPageSize: Int
    /// How far a search may page (HubSpot answers 400 past 10,000 results).
    let searchWindow: Int

    /// Inputs per batch update: the API's limit.
    static let pushChunk = 100

    public init(
        source: String, mapping: SourceMapping, http: SourceHTTPClient, overlap: Duration = .seconds(300),
        pageSize: Int = 100, searchPageSize: Int = 200, searchWindow: Int = 10_000
    ) {
        self.source = source
        self.mapping = mapping
        self.http = http
        self.overlap = overlap
        self.pageSize = min(max(pageSize, 1), 100)
        self.searchPageSize = min(max(searchPageSize, 1), 200)
        self.searchWindow = searchWindow
    }

    var queries: [HubSpotObjectQuery] {
        [(CanonicalField.Entity.organization, RawRecord.Entity.organization), (.person, .person)].compactMap {
            entity, raw in mapping.entities[entity].map { HubSpotObjectQuery(entity: raw, mapping: $0) }
        }
    }

    public func pull(since watermark: String?) -> AsyncThrowingStream<RawRecordBatch, any Error> {
        return HubSpotPull(connector: self, queries: queries, watermark: watermark).stream()
    }

    /// A request that turns HubSpot's refusals into ``ConnectorError``s (the 401 and retries are the client's).
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, page: String
    ) async throws -> SourceHTTPResponse {
        // HubSpot's POSTs here read (search) or set properties by id: both are safe to repeat.
        let response = try await http.send(method, path, query: query, body: body, page: page, idempotent: true)
        guard response.isSuccess else {
            let (code, message) = response.errorSummary
            throw ConnectorError(
                .unavailable, source: source, location: "\(page) (\(response.request))",
                message: "HubSpot refused the request: HTTP \(response.status) \(code): \(message)")
        }
        return response
    }

    func makeRecord(_ object: JSONValue, query: HubSpotObjectQuery, origin: String) throws -> RawRecord {
        guard let id = object["id"]?.stringText, !id.isEmpty else {
            throw ConnectorError(
                .malformedRecord, source: source, location: origin, message: "a \(query.object) result without 'id'")
        }
        let stampText = object["properties"]?[query.modifiedProperty]?.stringText ?? object["updatedAt"]?.stringText
        guard let stampText, let modifiedAt = HubSpotObjectQuery.parse(stampText) else {
            throw ConnectorError(
                .malformedRecord, source: source, location: "\(query.object) \(id), \(origin)",
                message: "'\(query.modifiedProperty)' is missing or not a datetime")
        }
        var archived = false
        if case .bool(let flag)? = object["archived"] { archived = flag }
        return RawRecord(
            source: source, sourceKey: id, entity: query.entity, modifiedAt: modifiedAt, deleted: archived,
            payload: Self.canonicalAssociations(object, of: query.object), origin: origin)
    }

    /// Associations in one canonical form, whichever way the object was read: one `associations.<type>.results[]`
    /// entry per associated id, in id order, typed `<object>_to_<type>`.
    ///
    /// A v3 list names a primary association twice (`contact_to_company` and `contact_to_company_unlabeled`) and
    /// a labelled one by its label, while the v4 batch read that fills searched pages gives one entry per id in its
    /// own order: without one form, the same unchanged record would land as a new version whenever it was read the
    /// other way. Labels are not landed, so nothing is lost.
    static func canonicalAssociations(_ object: JSONValue, of objectType: String) -> JSONValue {
        guard case .object(var members) = object, case .object(var associations)? = members["associations"] else {
            return object
        }
        for (type, value) in associations {
            guard case .object(var collection) = value, case .array(let results)? = collection["results"] else {
                continue
            }
            let ids = Set(results.compactMap { $0["id"]?.stringText })
            let kind = JSONValue.string("\(singular(objectType))_to_\(singular(type))")
            collection["results"] = .array(
                ids.sorted { ($0.count, $0) < ($1.count, $1) }.map { .object(["id": .string($0), "type": kind]) })
            associations[type] = .object(collection)
        }
        members["associations"] = .object(associations)
        return .object(members)
    }

    /// Adds `associations.<type>.results[]` to searched objects, read through the v4 batch association API.
    func attachAssociations(_ rows: [JSONValue], query: HubSpotObjectQuery, page: String) async throws -> [JSONValue] {
        var rows = rows
        let ids = rows.compactMap { $0["id"]?.stringText }
        for type in query.associations {
            let body: JSONValue = .object(["inputs": .array(ids.map { .object(["id": .string($0)]) })])
            let response = try await send(
                .POST, "/crm/v4/associations/\(query.object)/\(type)/batch/read", body: body,
                page: "\(page) associations")
            var linked: [String: [JSONValue]] = [:]
            if case .array(let results)? = response.body["results"] {
                for result in results {
                    guard let from = result["from"]?["id"]?.stringText, case .array(let targets)? = result["to"] else {
                        continue
                    }
                    linked[from] = targets.compactMap { target in
                        guard let toId = target["toObjectId"]?.scalarText else { return nil }
                        // The type is set when the record is built (canonicalAssociations).
                        return .object(["id": .string(toId)])
                    }
                }
            }
            for index in rows.indices {
                guard case .object(var members) = rows[index], let id = members["id"]?.stringText,
                    let targets = linked[id], !targets.isEmpty
                else { continue }
                var associations: [String: JSONValue] = [:]
                if case .object(let existing)? = members["associations"] { associations = existing }
                associations[type] = .object(["results": .array(targets)])
                members["associations"] = .object(associations)
                rows[index] = .object(members)
            }
        }
        return rows
    }

    static func singular(_ object: String) -> String {
        switch object {
        case "companies": return "company"
        case "contacts": return "contact"
        default: return object.hasSuffix("s") ? String(object.dropLast()) : object
        }
    }

    /// Sends deltas through `POST /crm/v3/objects/{type}/batch/update`, 100 inputs per request; a 207 names the
    /// failed ids in its `errors[].context.ids`, every other input was applied.
    ///
    /// A delta is `{"entity": "organization"|"person", "fields": {"properties.<name>": value}}`. HubSpot ids say
    /// nothing about their type, so a delta without `entity` is rejected without a request. Values are sent as
    /// text (HubSpot properties are strings); `null` clears a property.
    public func push(_ deltas: [String: JSONValue]) async throws -> [String: PushOutcome] {
        var outcomes: [String: PushOutcome] = [:]
        var byObject: [String: [(key: String, input: JSONValue)]] = [:]
        for key in deltas.keys.sorted() {
            let delta = deltas[key]!
            guard let entityName = delta["entity"]?.stringText,
                let entity = CanonicalField.Entity(rawValue: entityName),
                let object = mapping.entities[entity]?.object
            else {
                outcomes[key] = .rejected(
                    code: "UNKNOWN_OBJECT", message: "\(source): the delta for \(key) names no mapped entity",
                    fields: [])
                continue
            }
            guard case .object(let fields)? = delta["fields"] else {
                outcomes[key] = .rejected(
                    code: "EMPTY_DELTA", message: "\(source): the delta for \(object) \(key) has no 'fields'",
                    fields: [])
                continue
            }
            var properties: [String: JSONValue] = [:]
            var invalid: String?
            for (path, value) in fields {
                let name = path.hasPrefix("properties.") ? String(path.dropFirst("properties.".count)) : path
                guard !name.contains("."), !name.contains("[") else {
                    invalid = path
                    break
                }
                properties[name] = .string(value.scalarText ?? "")
            }
            if let invalid {
                outcomes[key] = .rejected(
                    code: "NOT_WRITABLE", message: "\(source): \(object) \(key): '\(invalid)' is not a property",
                    fields: [invalid])
                continue
            }
            byObject[object, default: []].append(
                (key, .object(["id": .string(key), "properties": .object(properties)])))
        }
        var requestNumber = 0
        for object in byObject.keys.sorted() {
            let items = byObject[object]!
            var start = 0
            while start < items.count {
                let chunk = items[start..<min(start + Self.pushChunk, items.count)]
                start += chunk.count
                requestNumber += 1
                let page = "\(object) update request \(requestNumber)"
                let response = try await http.send(
                    .POST, "/crm/v3/objects/\(object)/batch/update",
                    body: .object(["inputs": .array(chunk.map(\.input))]), page: page, idempotent: true)
                guard response.isSuccess else {
                    let (code, message) = response.errorSummary
                    for item in chunk { outcomes[item.key] = .rejected(code: code, message: message, fields: []) }
                    continue
                }
                var failed: [String: PushOutcome] = [:]
                if case .array(let errors)? = response.body["errors"] {
                    for error in errors {
                        let code = error["category"]?.stringText ?? "ERROR"
                        let message = error["message"]?.stringText ?? "rejected without a message"
                        var fields: [String] = []
                        if case .array(let names)? = error["context"]?["propertyName"] {
                            fields = names.compactMap(\.stringText)
                        }
                        if case .array(let ids)? = error["context"]?["ids"] {
                            for id in ids.compactMap(\.stringText) {
                                failed[id] = .rejected(code: code, message: message, fields: fields)
                            }
                        }
                    }
                }
                for item in chunk { outcomes[item.key] = failed[item.key] ?? .accepted }
            }
        }
        return outcomes
    }
}
