import Foundation
import HTTPTypes
import Hummingbird

/// The HubSpot CRM endpoints of the sandbox, answering in HubSpot's shapes.
struct HubSpotRoutes: Sendable {
    let store: SandboxRecordStore
    let searchWindow: Int

    static let listLimit = 100
    static let searchLimit = 200
    static let batchLimit = 100

    func register(on router: Router<BasicRequestContext>) {
        router.get("crm/v3/objects/:object") { request, context in
            try await list(request, object: context.parameters.get("object") ?? "")
        }
        router.post("crm/v3/objects/:object/search") { request, context in
            try await search(request, object: context.parameters.get("object") ?? "")
        }
        router.post("crm/v3/objects/:object/batch/update") { request, context in
            try await update(request, object: context.parameters.get("object") ?? "")
        }
        router.post("crm/v4/associations/:from/:to/batch/read") { request, context in
            try await associations(
                request, from: context.parameters.get("from") ?? "", to: context.parameters.get("to") ?? "")
        }
    }

    private static func numericOrder(_ a: SandboxRecord, _ b: SandboxRecord) -> Bool {
        a.id.count != b.id.count ? a.id.count < b.id.count : a.id < b.id
    }

    // MARK: List

    private func list(_ request: Request, object: String) async throws -> Response {
        guard ["companies", "contacts"].contains(object) else {
            return Self.error(.notFound, "OBJECT_NOT_FOUND", object)
        }
        let parameters = request.uri.queryParameters
        let limit = min(max(parameters.get("limit").flatMap { Int($0) } ?? 10, 1), Self.listLimit)
        let archived = parameters.get("archived") == "true"
        let after = parameters.get("after")
        let properties = Self.list(parameters.get("properties"))
        let associations = Self.list(parameters.get("associations"))
        let rows = await store.select(
            object: object,
            where: { record in
                guard record.deleted == archived else { return false }
                guard let after else { return true }
                return record.id.count != after.count ? record.id.count > after.count : record.id > after
            },
            orderedBy: Self.numericOrder)
        let page = rows.prefix(limit)
        var body: [String: GeneratedValue] = [
            "results": .array(page.map { Self.render($0, properties: properties, associations: associations) })
        ]
        if rows.count > limit, let last = page.last {
            body["paging"] = .object([
                "next": .object([
                    "after": .string(last.id), "link": .string("/crm/v3/objects/\(object)?after=\(last.id)"),
                ])
            ])
        }
        return SandboxJSON.response(.object(body), truncate: await store.nextPageIsMalformed())
    }

    private static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// An object as the API returns it: only the requested properties (plus the defaults every answer carries).
    private static func render(_ record: SandboxRecord, properties: [String], associations: [String]) -> GeneratedValue
    {
        let all = record.payload["properties"].flatMap(HubSpotDialect.members) ?? [:]
        var wanted = Set(properties)
        wanted.formUnion(["hs_object_id", "createdate", HubSpotDialect.modifiedProperty(of: record.object)])
        var selected: [String: GeneratedValue] = [:]
        for name in wanted { selected[name] = all[name] ?? .null }
        var object: [String: GeneratedValue] = [
            "id": .string(record.id), "properties": .object(selected),
            "createdAt": record.payload["createdAt"] ?? .null, "updatedAt": record.payload["updatedAt"] ?? .null,
            "archived": .bool(record.deleted),
        ]
        if let archivedAt = record.payload["archivedAt"] { object["archivedAt"] = archivedAt }
        if let linked = record.payload["associations"].flatMap(HubSpotDialect.members) {
            var kept: [String: GeneratedValue] = [:]
            for type in associations { if let value = linked[type] { kept[type] = value } }
            if !kept.isEmpty { object["associations"] = .object(kept) }
        }
        return .object(object)
    }

    // MARK: Search

    private func search(_ request: Request, object: String) async throws -> Response {
        guard ["companies", "contacts"].contains(object) else {
            return Self.error(.notFound, "OBJECT_NOT_FOUND", object)
        }
        guard let body = await SandboxJSON.body(of: request) else {
            return Self.error(.badRequest, "VALIDATION_ERROR", "Invalid input JSON on line 1")
        }
        let limit = min(max(Int(body["limit"].map(\.flatText) ?? "") ?? 10, 1), Self.searchLimit)
        let offset = Int(body["after"].map(\.flatText) ?? "0") ?? 0
        guard offset + limit <= searchWindow else {
            return Self.error(
                .badRequest, "VALIDATION_ERROR",
                "There was a problem with the request: paging past \(searchWindow) results is not supported")
        }
        var groups: [[SearchFilter]] = []
        if case .array(let filterGroups)? = body["filterGroups"] {
            for group in filterGroups {
                guard case .array(let filters)? = group["filters"] else { continue }
                var parsed: [SearchFilter] = []
                for filter in filters {
                    guard let item = SearchFilter(filter, object: object) else {
                        return Self.error(.badRequest, "VALIDATION_ERROR", "unsupported filter \(filter.flatText)")
                    }
                    parsed.append(item)
                }
                groups.append(parsed)
            }
        }
        var firstSort: GeneratedValue?
        if case .array(let sorts)? = body["sorts"] { firstSort = sorts.first }
        let sortProperty = firstSort?["propertyName"]?.stringValue
        let descending = firstSort?["direction"]?.stringValue == "DESCENDING"
        let filterGroups = groups
        var properties: [String] = []
        if case .array(let names)? = body["properties"] { properties = names.compactMap(\.stringValue) }
        let modified = HubSpotDialect.modifiedProperty(of: object)
        let matches = await store.select(
            object: object,
            where: { record in
                !record.deleted
                    && (filterGroups.isEmpty || filterGroups.contains { $0.allSatisfy { $0.matches(record) } })
            },
            orderedBy: { a, b in
                if sortProperty == modified, a.modifiedAt != b.modifiedAt {
                    return descending ? a.modifiedAt > b.modifiedAt : a.modifiedAt < b.modifiedAt
                }
                return Self.numericOrder(a, b)
            })
        let page = matches.dropFirst(offset).prefix(limit)
        var response: [String: GeneratedValue] = [
            "total": .number(Double(matches.count)),
            "results": .array(page.map { Self.render($0, properties: properties, associations: []) }),
        ]
        if offset + page.count < matches.count {
            response["paging"] = .object(["next": .object(["after": .string(String(offset + page.count))])])
        }
        return SandboxJSON.response(.object(response), truncate: await store.nextPageIsMalformed())
    }

    /// One search filter; dates compare as epoch milliseconds, given as a number, digits or ISO-8601 text.
    struct SearchFilter: Sendable {
        let property: String
        let comparison: String
        let value: String
        let isModified: Bool

        init?(_ filter: GeneratedValue, object: String) {
            guard let property = filter["propertyName"]?.stringValue, let comparison = filter["operator"]?.stringValue,
                ["EQ", "NEQ", "GT", "GTE", "LT", "LTE"].contains(comparison), let value = filter["value"]?.flatText
            else { return nil }
            self.property = property
            self.comparison = comparison
            self.value = value
            isModified = property == HubSpotDialect.modifiedProperty(of: object)
        }

        func matches(_ record: SandboxRecord) -> Bool {
            let order: Int
            if isModified {
                let bound =
                    Int64(value)
                    ?? (try? Date(value, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
                    .map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? 0
                order = record.modifiedAt < bound ? -1 : (record.modifiedAt == bound ? 0 : 1)
            } else {
                let text = record.payload["properties"]?[property]?.flatText ?? ""
                order = text < value ? -1 : (text == value ? 0 : 1)
            }
            switch comparison {
            case "EQ": return order == 0
            case "NEQ": return order != 0
            case "GT": return order > 0
            case "GTE": return order >= 0
            case "LT": return order < 0
            default: return order <= 0
            }
        }
    }

    // MARK: Associations

    private func associations(_ request: Request, from: String, to: String) async throws -> Response {
        guard let body = await SandboxJSON.body(of: request), case .array(let inputs)? = body["inputs"] else {
            return Self.error(.badRequest, "VALIDATION_ERROR", "inputs are required")
        }
        var results: [GeneratedValue] = []
        for input in inputs {
            guard let id = input["id"]?.flatText, let record = await store.record(id: id), record.object == from,
                case .array(let linked)? = record.payload["associations"]?[to]?["results"]
            else { continue }
            let targets: [GeneratedValue] = linked.compactMap { item in
                guard let target = item["id"]?.flatText, let number = Double(target) else { return nil }
                return .object([
                    "toObjectId": .number(number),
                    "associationTypes": .array([
                        .object([
                            "category": "HUBSPOT_DEFINED", "typeId": .number(279), "label": .null,
                        ])
                    ]),
                ])
            }
            results.append(.object(["from": .object(["id": .string(id)]), "to": .array(targets)]))
        }
        return SandboxJSON.response(.object(["status": "COMPLETE", "results": .array(results)]))
    }

    // MARK: Batch update

    private func update(_ request: Request, object: String) async throws -> Response {
        guard let body = await SandboxJSON.body(of: request), case .array(let inputs)? = body["inputs"] else {
            return Self.error(.badRequest, "VALIDATION_ERROR", "Invalid input JSON: inputs are required")
        }
        guard inputs.count <= Self.batchLimit else {
            return Self.error(.badRequest, "VALIDATION_ERROR", "Batch input limit is \(Self.batchLimit)")
        }
        var writes: [(object: String, id: String, fields: [String: GeneratedValue])] = []
        for input in inputs {
            guard let id = input["id"]?.flatText, let properties = input["properties"].flatMap(HubSpotDialect.members)
            else {
                return Self.error(.badRequest, "VALIDATION_ERROR", "each input needs id and properties")
            }
            writes.append((object, id, properties))
        }
        let written = await store.write(writes)
        var results: [GeneratedValue] = []
        var errors: [GeneratedValue] = []
        for write in written {
            switch write.outcome {
            case .applied:
                if let record = await store.record(id: write.recordId) {
                    results.append(Self.render(record, properties: write.fields.keys.sorted(), associations: []))
                }
            case .failed(let code):
                let category = code == "NOT_FOUND" ? "OBJECT_NOT_FOUND" : "VALIDATION_ERROR"
                let message =
                    code == "INJECTED_FAILURE"
                    ? "Property values were not valid: the record is locked by another update"
                    : "Object \(write.recordId) could not be updated (\(code))"
                errors.append(
                    .object([
                        "status": "error", "category": .string(category), "message": .string(message),
                        "context": .object([
                            "ids": .array([.string(write.recordId)]),
                            "propertyName": .array(write.fields.keys.sorted().map(GeneratedValue.string)),
                        ]),
                    ]))
            }
        }
        let now = HubSpotDialect.format(Int64(Date().timeIntervalSince1970 * 1000))
        var response: [String: GeneratedValue] = [
            "status": "COMPLETE", "results": .array(results), "requestedAt": .string(now),
            "startedAt": .string(now), "completedAt": .string(now), "links": .object([:]),
        ]
        if !errors.isEmpty {
            response["numErrors"] = .number(Double(errors.count))
            response["errors"] = .array(errors)
        }
        let status: HTTPResponse.Status = errors.isEmpty ? .ok : .init(code: 207, reasonPhrase: "Multi-Status")
        return SandboxJSON.response(.object(response), status: status)
    }

    // MARK: Errors

    static func error(_ status: HTTPResponse.Status, _ category: String, _ message: String) -> Response {
        SandboxJSON.response(
            .object([
                "status": "error", "message": .string(message), "category": .string(category),
                "correlationId": "00000000-0000-4000-8000-000000000000",
            ]),
            status: status)
    }

    static func refusal(_ refusal: SandboxRefusal, retryAfter: Int?) -> Response {
        switch refusal {
        case .unauthorized:
            return error(
                .unauthorized, "INVALID_AUTHENTICATION",
                "Authentication credentials not found. This API supports OAuth 2.0 authentication.")
        case .injected(.throttled), .injected(.limitExceeded):
            let daily = { if case .injected(.limitExceeded) = refusal { return true } else { return false } }()
            var headers: HTTPFields = [:]
            if let retryAfter { headers[.retryAfter] = String(retryAfter) }
            return SandboxJSON.response(
                .object([
                    "status": "error", "errorType": "RATE_LIMIT",
                    "message": .string("You have reached your \(daily ? "daily" : "secondly") limit."),
                    "policyName": .string(daily ? "DAILY" : "SECONDLY"),
                    "correlationId": "00000000-0000-4000-8000-000000000000",
                ]),
                status: .tooManyRequests, headers: headers)
        case .injected(.unavailable):
            return error(.serviceUnavailable, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable.")
        case .injected(.serverError):
            return error(.internalServerError, "INTERNAL_ERROR", "internal error")
        }
    }
}
