import Foundation
import HTTPTypes
import Hummingbird

/// The Salesforce REST endpoints of the sandbox, answering in Salesforce's shapes.
struct SalesforceRoutes: Sendable {
    let store: SandboxRecordStore
    let pageSize: Int

    /// The most records one sObject Collections request may carry.
    static let collectionLimit = 200

    func register(on router: Router<BasicRequestContext>) {
        router.get("services/data/:version/query") { request, context in
            try await query(request, context: context, includeDeleted: false)
        }
        router.get("services/data/:version/queryAll") { request, context in
            try await query(request, context: context, includeDeleted: true)
        }
        // "Query More Results" and "QueryAll More Results": a locator reads the same cursor from either.
        router.get("services/data/:version/query/:locator") { request, context in
            try await nextPage(request, context: context, endpoint: "query")
        }
        router.get("services/data/:version/queryAll/:locator") { request, context in
            try await nextPage(request, context: context, endpoint: "queryAll")
        }
        router.patch("services/data/:version/composite/sobjects") { request, context in
            try await update(request, context: context)
        }
        router.get("services/data/:version/composite/sobjects/:object") { request, context in
            try await retrieve(request, context: context)
        }
        router.get("services/data/:version/sobjects/:object/:id") { request, context in
            try await record(request, context: context)
        }
        router.patch("services/data/:version/sobjects/:object/:id") { request, context in
            try await updateOne(request, context: context)
        }
        router.delete("services/data/:version/sobjects/:object/:id") { _, context in
            await deleteOne(context: context)
        }
    }

    /// Every route that is not served: Salesforce's `NOT_FOUND` (or `METHOD_NOT_ALLOWED`) array, never an empty body.
    @Sendable static func notFound(_ request: Request, _ status: HTTPResponse.Status) -> Response {
        if status == .methodNotAllowed {
            return error(
                .methodNotAllowed, "METHOD_NOT_ALLOWED", "HTTP Method '\(request.method)' not allowed.")
        }
        return error(.notFound, "NOT_FOUND", "The requested resource does not exist")
    }

    /// `DELETE sobjects/{type}/{id}`: 204; the record moves to the recycle bin (`IsDeleted`, seen by `queryAll`).
    private func deleteOne(context: BasicRequestContext) async -> Response {
        let object = context.parameters.get("object") ?? ""
        let id = context.parameters.get("id") ?? ""
        switch await store.delete(object: object, id: id).outcome {
        case .applied:
            return Response(status: .noContent, headers: await limitHeaders())
        case .failed("ALREADY_DELETED"):
            return Self.error(.notFound, "ENTITY_IS_DELETED", "entity is deleted")
        case .failed:
            return Self.error(.notFound, "NOT_FOUND", "The requested resource does not exist")
        }
    }

    // MARK: Query

    private func query(_ request: Request, context: BasicRequestContext, includeDeleted: Bool) async throws -> Response
    {
        let version = context.parameters.get("version") ?? "v60.0"
        // `q` as a form value: `+` is a space (how `requests` and Salesforce's own examples send it).
        guard let text = SandboxForm.value("q", in: request.uri.query) else {
            return Self.error(.badRequest, "MALFORMED_QUERY", "the q parameter is missing")
        }
        let parsed: SalesforceSOQL
        do {
            parsed = try SalesforceSOQL(parsing: text)
        } catch {
            return Self.error(.badRequest, "MALFORMED_QUERY", error.message)
        }
        let store = self.store
        var known: [String: Set<String>] = [:]
        for (object, standard) in SalesforceSchema.standardFields {
            // Custom fields (`INN__c`) exist when some record of the org carries them.
            let custom = await store.records(object: object).first?.payload.keys.filter { $0.hasSuffix("__c") } ?? []
            known[object] = standard.union(custom)
        }
        let soql: SalesforceSOQL
        do {
            soql = try parsed.resolvingNames(object: known.keys) { known[$0] }
        } catch .object(let name) {
            return Self.error(
                .badRequest, "INVALID_TYPE",
                "sObject type '\(name)' is not supported. If you are attempting to use a custom object, be sure to "
                    + "append the '__c' after the entity name.")
        } catch .field(let name, let object) {
            return Self.error(.badRequest, "INVALID_FIELD", "No such column '\(name)' on entity '\(object)'.")
        }
        let orderBy = soql.orderBy.isEmpty ? [.init(field: "Id", descending: false, nullsFirst: true)] : soql.orderBy
        var rows = await store.select(
            object: soql.object, where: { includeDeleted || !$0.deleted ? soql.matches($0.payload) : false },
            orderedBy: { Self.precedes($0.payload, $1.payload, by: orderBy) })
        if let limit = soql.limit { rows = Array(rows.prefix(limit)) }
        let locator = await store.openCursor(rows, fields: soql.fields)
        return await page(
            locator: locator, offset: 0, version: version, endpoint: includeDeleted ? "queryAll" : "query",
            batchSize: Self.batchSize(request))
    }

    private func nextPage(_ request: Request, context: BasicRequestContext, endpoint: String) async throws -> Response {
        let version = context.parameters.get("version") ?? "v60.0"
        let locatorText = context.parameters.get("locator") ?? ""
        guard let dash = locatorText.lastIndex(of: "-"),
            let offset = Int(locatorText[locatorText.index(after: dash)...]),
            await store.cursor(String(locatorText[..<dash])) != nil
        else {
            return Self.error(.badRequest, "INVALID_QUERY_LOCATOR", "invalid query locator")
        }
        return await page(
            locator: String(locatorText[..<dash]), offset: offset, version: version, endpoint: endpoint,
            batchSize: Self.batchSize(request))
    }

    /// A page of a cursor: the cursor keeps the query's rows and selected fields, so a follow-up page needs
    /// nothing but the locator. `nextRecordsUrl` stays on the endpoint the query came through (`queryAll`).
    private func page(locator: String, offset: Int, version: String, endpoint: String, batchSize: Int) async
        -> Response
    {
        let (rows, fields) = await store.cursor(locator) ?? (rows: [], fields: [])
        let size = min(batchSize, pageSize)
        let slice = rows.dropFirst(offset).prefix(size)
        let end = offset + slice.count
        var body: [String: GeneratedValue] = [
            "totalSize": .number(Double(rows.count)),
            "done": .bool(end >= rows.count),
            "records": .array(slice.map { Self.project($0, fields: fields, version: version) }),
        ]
        if end < rows.count {
            body["nextRecordsUrl"] = .string("/services/data/\(version)/\(endpoint)/\(locator)-\(end)")
        }
        let malformed = await store.nextPageIsMalformed()
        return SandboxJSON.response(.object(body), headers: await limitHeaders(), truncate: malformed)
    }

    // MARK: Collections retrieve

    /// The most ids one sObject Collections retrieve may name.
    static let retrieveLimit = 2000

    /// `GET composite/sobjects/{type}?ids=…&fields=…`: one entry per id in the order asked, the record's named
    /// fields, or `null` for an id that is unknown, of another object or deleted (as Salesforce answers).
    private func retrieve(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let version = context.parameters.get("version") ?? "v60.0"
        let object = context.parameters.get("object") ?? ""
        guard SalesforceSchema.standardFields[object] != nil else {
            return Self.error(.notFound, "NOT_FOUND", "The requested resource does not exist")
        }
        let ids = (SandboxForm.value("ids", in: request.uri.query) ?? "").split(separator: ",").map(String.init)
        let fields = (SandboxForm.value("fields", in: request.uri.query) ?? "").split(separator: ",").map(String.init)
        guard !ids.isEmpty, !fields.isEmpty else {
            return Self.error(.badRequest, "MISSING_ARGUMENT", "ids and fields are required")
        }
        guard ids.count <= Self.retrieveLimit else {
            return Self.error(.badRequest, "EXCEEDED_ID_LIMIT", "more than \(Self.retrieveLimit) ids")
        }
        var rows: [GeneratedValue] = []
        for id in ids {
            if let record = await store.record(id: id), record.object == object, !record.deleted {
                rows.append(Self.project(record, fields: fields, version: version))
            } else {
                rows.append(.null)
            }
        }
        return SandboxJSON.response(.array(rows), headers: await limitHeaders())
    }

    // MARK: One record

    /// `GET sobjects/{type}/{id}`: every field of a live record; a deleted or unknown id is `NOT_FOUND`.
    private func record(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let version = context.parameters.get("version") ?? "v60.0"
        let object = context.parameters.get("object") ?? ""
        let id = context.parameters.get("id") ?? ""
        guard SalesforceSchema.standardFields[object] != nil else {
            return Self.error(.notFound, "NOT_FOUND", "The requested resource does not exist")
        }
        guard let record = await store.record(id: id), record.object == object, !record.deleted else {
            return Self.error(.notFound, "NOT_FOUND", "The requested resource does not exist")
        }
        let fields = record.payload.keys.filter { $0 != "attributes" }.sorted()
        return SandboxJSON.response(
            Self.project(record, fields: fields, version: version), headers: await limitHeaders())
    }

    /// `PATCH sobjects/{type}/{id}`: 204 with no body, or the error array with the refused fields.
    private func updateOne(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let object = context.parameters.get("object") ?? ""
        let id = context.parameters.get("id") ?? ""
        guard let body = await SandboxJSON.body(of: request), case .object(let fields) = body else {
            return Self.error(.badRequest, "JSON_PARSER_ERROR", "the body must be a JSON object of fields")
        }
        guard let write = await store.write([(object, id, fields)]).first else {
            return Self.error(.badRequest, "JSON_PARSER_ERROR", "nothing to write")
        }
        guard case .failed(let code) = write.outcome else {
            return Response(status: .noContent, headers: await limitHeaders())
        }
        if code == "NOT_FOUND" {
            return Self.error(.notFound, "NOT_FOUND", "The requested resource does not exist")
        }
        let (statusCode, message) = Self.describe(code, write: write)
        return SandboxJSON.response(
            .array([
                .object([
                    "message": .string(message), "errorCode": .string(statusCode),
                    "fields": .array(fields.keys.sorted().map(GeneratedValue.string)),
                ])
            ]), status: .badRequest)
    }

    private static func project(_ record: SandboxRecord, fields: [String], version: String) -> GeneratedValue {
        var row: [String: GeneratedValue] = [
            "attributes": .object([
                "type": .string(record.object),
                "url": .string("/services/data/\(version)/sobjects/\(record.object)/\(record.id)"),
            ])
        ]
        for field in fields { row[field] = record.payload[field] ?? .null }
        return .object(row)
    }

    private static func batchSize(_ request: Request) -> Int {
        guard let header = request.headers[HTTPField.Name("Sforce-Query-Options")!],
            let range = header.range(of: "batchSize="),
            let value = Int(header[range.upperBound...].prefix { $0.isNumber })
        else { return 2000 }
        return min(max(value, 200), 2000)
    }

    /// ORDER BY on field values, case-insensitive as Salesforce sorts text: Salesforce datetimes share one format,
    /// so comparing their text orders them.
    private static func precedes(
        _ a: [String: GeneratedValue], _ b: [String: GeneratedValue], by orderings: [SalesforceSOQL.Ordering]
    ) -> Bool {
        for ordering in orderings {
            let left = a[ordering.field].flatMap { $0 == .null ? nil : $0.flatText.lowercased() }
            let right = b[ordering.field].flatMap { $0 == .null ? nil : $0.flatText.lowercased() }
            if left == right { continue }
            guard let left else { return ordering.nullsFirst }
            guard let right else { return !ordering.nullsFirst }
            return ordering.descending ? left > right : left < right
        }
        return false
    }

    // MARK: Update

    private func update(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard let body = await SandboxJSON.body(of: request), case .array(let items)? = body["records"] else {
            return Self.error(.badRequest, "JSON_PARSER_ERROR", "the body must be an object with a records array")
        }
        guard items.count <= Self.collectionLimit else {
            return Self.error(
                .badRequest, "EXCEEDED_ID_LIMIT",
                "record limit reached. cannot submit more than 200 records into this call")
        }
        var writes: [(object: String, id: String, fields: [String: GeneratedValue])] = []
        var invalid: [Int: GeneratedValue] = [:]
        for (index, item) in items.enumerated() {
            guard case .object(var fields) = item, let object = item["attributes"]?["type"]?.stringValue,
                let id = (item["id"] ?? item["Id"])?.stringValue
            else {
                invalid[index] = Self.saveResult(
                    id: nil, code: "MISSING_ARGUMENT", message: "each record needs attributes.type and id", fields: [])
                continue
            }
            fields["attributes"] = nil
            fields["id"] = nil
            fields["Id"] = nil
            writes.append((object, id, fields))
        }
        // allOrNone: one refused record rolls back the whole request, the records refused before reaching the
        // store included.
        let allOrNone = body["allOrNone"] == .bool(true)
        let written: [SandboxWrite]
        if allOrNone, !invalid.isEmpty {
            written = writes.map {
                SandboxWrite(
                    request: 0, object: $0.object, recordId: $0.id, fields: $0.fields,
                    outcome: .failed(code: "ROLLED_BACK"))
            }
        } else {
            written = await store.write(writes, allOrNone: allOrNone)
        }
        var results: [GeneratedValue] = []
        var next = written.makeIterator()
        for index in items.indices {
            if let result = invalid[index] {
                results.append(result)
                continue
            }
            guard let write = next.next() else { break }
            switch write.outcome {
            case .applied:
                results.append(.object(["id": .string(write.recordId), "success": true, "errors": .array([])]))
            case .failed(let code):
                let (statusCode, message) = Self.describe(code, write: write)
                results.append(
                    Self.saveResult(
                        id: write.recordId, code: statusCode, message: message, fields: write.fields.keys.sorted()))
            }
        }
        return SandboxJSON.response(.array(results), headers: await limitHeaders())
    }

    private static func describe(_ code: String, write: SandboxWrite) -> (String, String) {
        switch code {
        case "INJECTED_FAILURE":
            return (
                "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record or 1 records: \(write.recordId)"
            )
        case "NOT_FOUND":
            return ("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id: \(write.recordId)")
        case "ROLLED_BACK":
            return (
                "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                "Record rolled back because not all records were valid and the request was using AllOrNone header"
            )
        default:
            return (code, "Unable to create/update fields: \(write.fields.keys.sorted().joined(separator: ", "))")
        }
    }

    private static func saveResult(id: String?, code: String, message: String, fields: [String]) -> GeneratedValue {
        var result: [String: GeneratedValue] = [
            "success": false,
            "errors": .array([
                .object([
                    "statusCode": .string(code), "message": .string(message),
                    "fields": .array(fields.map(GeneratedValue.string)),
                ])
            ]),
        ]
        if let id { result["id"] = .string(id) }
        return .object(result)
    }

    // MARK: Errors

    private func limitHeaders() async -> HTTPFields {
        let used = await store.requestsServed
        let limit = store.faults.requestLimit ?? 15_000
        return [HTTPField.Name("Sforce-Limit-Info")!: "api-usage=\(used)/\(limit)"]
    }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        SandboxJSON.response(
            .array([.object(["message": .string(message), "errorCode": .string(code)])]), status: status)
    }

    @Sendable static func refusal(_ refusal: SandboxRefusal) -> Response {
        switch refusal {
        case .unauthorized:
            return error(.unauthorized, "INVALID_SESSION_ID", "Session expired or invalid")
        case .injected(.throttled):
            return error(.tooManyRequests, "REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded.")
        case .injected(.unavailable):
            return error(.serviceUnavailable, "SERVER_UNAVAILABLE", "Server temporarily unavailable.")
        case .injected(.serverError):
            return error(.internalServerError, "UNKNOWN_EXCEPTION", "An unexpected error occurred.")
        case .injected(.limitExceeded):
            return error(.forbidden, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
        }
    }
}
