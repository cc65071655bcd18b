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
        router.get("services/data/:version/query/:locator") { request, context in
            try await nextPage(request, context: context)
        }
        router.patch("services/data/:version/composite/sobjects") { request, context in
            try await update(request, context: context)
        }
    }

    // MARK: Query

    private func query(_ request: Request, context: BasicRequestContext, includeDeleted: Bool) async throws -> Response
    {
        let version = context.parameters.get("version") ?? "v60.0"
        guard let text = request.uri.queryParameters.get("q") else {
            return Self.error(.badRequest, "MALFORMED_QUERY", "the q parameter is missing")
        }
        let soql: SalesforceSOQL
        do {
            soql = try SalesforceSOQL(parsing: text)
        } catch {
            return Self.error(.badRequest, "MALFORMED_QUERY", error.message)
        }
        guard let standard = SalesforceSchema.standardFields[soql.object] else {
            return Self.error(.badRequest, "INVALID_TYPE", "sObject type '\(soql.object)' is not supported.")
        }
        // Custom fields (`INN__c`) exist when some record of the org carries them.
        let custom = await store.records(object: soql.object).first?.payload.keys.filter { $0.hasSuffix("__c") } ?? []
        let known = standard.union(custom)
        for field in soql.fields + soql.orderBy + soql.conditions.map(\.field) where !known.contains(field) {
            return Self.error(.badRequest, "INVALID_FIELD", "No such column '\(field)' on entity '\(soql.object)'.")
        }
        let orderBy = soql.orderBy.isEmpty ? ["Id"] : soql.orderBy
        var rows = await store.select(
            object: soql.object, where: { includeDeleted || !$0.deleted ? soql.matches($0.payload) : false },
            orderedBy: { Self.precedes($0.payload, $1.payload, by: orderBy) })
        if let limit = soql.limit { rows = Array(rows.prefix(limit)) }
        let locator = await store.openCursor(rows, fields: soql.fields)
        return await page(locator: locator, offset: 0, version: version, batchSize: Self.batchSize(request))
    }

    private func nextPage(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let version = context.parameters.get("version") ?? "v60.0"
        let locatorText = context.parameters.get("locator") ?? ""
        guard let dash = locatorText.lastIndex(of: "-"),
            let offset = Int(locatorText[locatorText.index(after: dash)...]),
            await store.cursor(String(locatorText[..<dash])) != nil
        else {
            return Self.error(.badRequest, "INVALID_QUERY_LOCATOR", "invalid query locator")
        }
        return await page(
            locator: String(locatorText[..<dash]), offset: offset, version: version, batchSize: Self.batchSize(request))
    }

    /// A page of a cursor: the cursor keeps the query's rows and selected fields, so a follow-up page needs
    /// nothing but the locator.
    private func page(locator: String, offset: Int, version: String, batchSize: Int) async -> Response {
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
            body["nextRecordsUrl"] = .string("/services/data/\(version)/query/\(locator)-\(end)")
        }
        let malformed = await store.nextPageIsMalformed()
        return SandboxJSON.response(.object(body), headers: await limitHeaders(), truncate: malformed)
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

    /// ORDER BY on field values: Salesforce datetimes share one format, so comparing their text orders them.
    private static func precedes(
        _ a: [String: GeneratedValue], _ b: [String: GeneratedValue], by fields: [String]
    ) -> Bool {
        for field in fields {
            let left = a[field]?.flatText ?? ""
            let right = b[field]?.flatText ?? ""
            if left != right { return left < right }
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
        let written = await store.write(writes)
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
