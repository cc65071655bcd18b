import Foundation
import NIOHTTP1

/// One Salesforce org over the REST API: SOQL `query`/`queryAll` with server cursors for pulls, sObject
/// Collections for pushes.
///
/// Everything org-specific comes in through the initializer (base URL, token, mapping), so two orgs are two
/// instances with nothing shared. Accounts and contacts are read with the fields the mapping names; deleted rows
/// come from `queryAll` and a deleted row whose `MasterRecordId` points at a survivor is reported as merged into
/// it. A 403 `REQUEST_LIMIT_EXCEEDED` (the org's daily API allocation) ends this source's run with
/// `rateLimited`; batches already delivered stay committed.
public struct SalesforceConnector: Connector {
    public let source: String
    let mapping: SourceMapping
    let http: SourceHTTPClient
    /// `/services/data/v60.0`
    let dataPath: String
    /// How far before the stored `SystemModstamp` an incremental pull starts reading again.
    let overlap: Duration
    /// Rows per page asked of the server (`Sforce-Query-Options: batchSize`, 200…2000; it may send fewer).
    let batchSize: Int

    /// Records per `PATCH /composite/sobjects` request: the API's limit.
    static let pushChunk = 200

    public init(
        source: String, mapping: SourceMapping, http: SourceHTTPClient, apiVersion: String = "v60.0",
        overlap: Duration = .seconds(300), batchSize: Int = 2000
    ) {
        self.source = source
        self.mapping = mapping
        self.http = http
        self.dataPath = "/services/data/\(apiVersion)"
        self.overlap = overlap
        self.batchSize = min(max(batchSize, 200), 2000)
    }

    var passes: [SalesforcePull.Pass] {
        var passes: [SalesforcePull.Pass] = []
        for (entity, raw) in [(CanonicalField.Entity.organization, RawRecord.Entity.organization), (.person, .person)] {
            guard let entityMapping = mapping.entities[entity] else { continue }
            let query = SalesforceObjectQuery(entity: raw, mapping: entityMapping)
            passes.append(.init(query: query, deletedOnly: false))
            passes.append(.init(query: query, deletedOnly: true))
        }
        return passes
    }

    public func pull(since watermark: String?) -> AsyncThrowingStream<RawRecordBatch, any Error> {
        return SalesforcePull(connector: self, passes: passes, watermark: watermark).stream()
    }

    /// A GET under the org's base URL that turns Salesforce's refusals into ``ConnectorError``s.
    func get(_ path: String, query: [(String, String)], page: String) async throws -> SourceHTTPResponse {
        let response = try await http.send(
            .GET, path, query: query, headers: [("Sforce-Query-Options", "batchSize=\(batchSize)")], page: page)
        try check(response, page: page)
        return response
    }

    private func check(_ response: SourceHTTPResponse, page: String) throws {
        guard !response.isSuccess else { return }
        let (code, message) = response.errorSummary
        let location = "\(page) (\(response.request))"
        if response.status == 403 && code == "REQUEST_LIMIT_EXCEEDED" {
            throw ConnectorError(
                .rateLimited, source: source, location: location,
                message: "the org's API request limit is exhausted (\(message)); this source stops for this run")
        }
        throw ConnectorError(
            .unavailable, source: source, location: location,
            message: "Salesforce refused the request: HTTP \(response.status) \(code): \(message)")
    }

    /// Sends each delta as a partial update through `PATCH /composite/sobjects` (`allOrNone: false`), 200 per
    /// request, and reports every record's own `SaveResult`.
    ///
    /// A delta is `{"entity": "organization"|"person", "fields": {"<mapping path>": value}}`; without `entity`
    /// the object is told from the id's key prefix (`001` Account, `003` Contact). Records that cannot be sent
    /// (unknown object, a nested path) are rejected here without a request.
    public func push(_ deltas: [String: JSONValue]) async throws -> [String: PushOutcome] {
        var outcomes: [String: PushOutcome] = [:]
        var prepared: [(key: String, object: String, record: JSONValue)] = []
        for key in deltas.keys.sorted() {
            switch makeRecord(key: key, delta: deltas[key]!) {
            case .success(let item): prepared.append((key, item.object, item.record))
            case .failure(let rejection): outcomes[key] = rejection.outcome
            }
        }
        // Same-type records together: the API splits a request into runs of one type and allows ten runs.
        prepared.sort { ($0.object, $0.key) < ($1.object, $1.key) }
        var start = 0
        var chunkNumber = 0
        while start < prepared.count {
            let chunk = prepared[start..<min(start + Self.pushChunk, prepared.count)]
            start += chunk.count
            chunkNumber += 1
            let page = "update request \(chunkNumber)"
            let body: JSONValue = .object(["allOrNone": .bool(false), "records": .array(chunk.map(\.record))])
            // Sets fields by id: repeating it writes the same values again.
            let response = try await http.send(
                .PATCH, dataPath + "/composite/sobjects", body: body, page: page, idempotent: true)
            if response.status == 403 || response.status == 401 { try check(response, page: page) }
            guard response.isSuccess else {
                let (code, message) = response.errorSummary
                for item in chunk { outcomes[item.key] = .rejected(code: code, message: message, fields: []) }
                continue
            }
            guard case .array(let results) = response.body, results.count == chunk.count else {
                throw ConnectorError(
                    .malformedPage, source: source, location: "\(page) (\(response.request))",
                    message: "expected \(chunk.count) SaveResults in request order")
            }
            for (item, result) in zip(chunk, results) {
                outcomes[item.key] = Self.outcome(of: result)
            }
        }
        return outcomes
    }

    static func outcome(of result: JSONValue) -> PushOutcome {
        if case .bool(true)? = result["success"] { return .accepted }
        var first: JSONValue = .null
        if case .array(let errors)? = result["errors"], let head = errors.first { first = head }
        var fields: [String] = []
        if case .array(let names)? = first["fields"] { fields = names.compactMap(\.stringText) }
        return .rejected(
            code: first["statusCode"]?.stringText ?? "UNKNOWN_ERROR",
            message: first["message"]?.stringText ?? "rejected without a message", fields: fields)
    }

    private struct Rejection: Error {
        let outcome: PushOutcome
    }

    private func makeRecord(key: String, delta: JSONValue) -> Result<(object: String, record: JSONValue), Rejection> {
        var entity: CanonicalField.Entity?
        if let name = delta["entity"]?.stringText { entity = CanonicalField.Entity(rawValue: name) }
        if entity == nil {
            if key.hasPrefix("001") { entity = .organization } else if key.hasPrefix("003") { entity = .person }
        }
        guard let entity, let object = mapping.entities[entity]?.object else {
            return .failure(
                Rejection(
                    outcome: .rejected(
                        code: "UNKNOWN_OBJECT", message: "\(source): cannot tell the object of record \(key)",
                        fields: [])))
        }
        guard case .object(let fields)? = delta["fields"] else {
            return .failure(
                Rejection(
                    outcome: .rejected(
                        code: "EMPTY_DELTA", message: "\(source): the delta for \(object) \(key) has no 'fields'",
                        fields: [])))
        }
        var record: [String: JSONValue] = ["attributes": .object(["type": .string(object)]), "id": .string(key)]
        for (path, value) in fields {
            guard !path.contains("."), !path.contains("[") else {
                return .failure(
                    Rejection(
                        outcome: .rejected(
                            code: "NOT_WRITABLE",
                            message: "\(source): \(object) \(key): '\(path)' is not a field of the record",
                            fields: [path])))
            }
            record[path] = value
        }
        return .success((object, .object(record)))
    }
}
