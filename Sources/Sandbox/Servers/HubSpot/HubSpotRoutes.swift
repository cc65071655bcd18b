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
        router.get("crm/v3/objects/:object/:id") { request, context in
            try await read(
                request, object: context.parameters.get("object") ?? "", id: context.parameters.get("id") ?? "")
        }
        router.delete("crm/v3/objects/:object/:id") { _, context in
            // Archiving answers 204 whether or not the id existed, as HubSpot does.
            _ = await store.delete(
                object: context.parameters.get("object") ?? "", id: context.parameters.get("id") ?? "")
            return Response(status: .noContent)
        }
        router.post("crm/v3/objects/:object/search") { request, context in
            try await search(request, object: context.parameters.get("object") ?? "")
        }
        router.post("crm/v3/objects/:object/batch/read") { request, context in
            try await batchRead(request, object: context.parameters.get("object") ?? "")
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

    /// Query parameters: a name may repeat (`properties=a&properties=b`, how the official clients send a list)
    /// and a value may be a comma-separated list; booleans are case-insensitive (`archived=True` from Python).
    struct QueryParameters {
        let pairs: [(name: String, value: String)]

        init(_ request: Request) {
            pairs = SandboxForm.pairs(request.uri.query ?? "")
        }

        func first(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

        func list(_ name: String) -> [String] {
            pairs.filter { $0.name == name }.flatMap { $0.value.split(separator: ",") }
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        func flag(_ name: String) -> Bool { first(name)?.lowercased() == "true" }
    }

    private func list(_ request: Request, object: String) async throws -> Response {
        guard ["companies", "contacts"].contains(object) else {
            return Self.error(.notFound, "OBJECT_NOT_FOUND", object)
        }
        let parameters = QueryParameters(request)
        let limit = min(max(parameters.first("limit").flatMap { Int($0) } ?? 10, 1), Self.listLimit)
        let archived = parameters.flag("archived")
        let after = parameters.first("after")
        let properties = parameters.list("properties")
        let associations = parameters.list("associations")
        let rows = await store.select(
            object: object,
            where: { record in
                guard record.deleted == archived else { return false }
                guard let after else { return true }
                return record.id.count != after.count ? record.id.count > after.count : record.id > after
            },
            orderedBy: Self.numericOrder)
        let page = Array(rows.prefix(limit))
        let links = await linkedObjects(of: page, types: associations)
        var body: [String: GeneratedValue] = [
            "results": .array(
                page.map { Self.render($0, properties: properties, associations: links[$0.id] ?? [:]) })
        ]
        if rows.count > limit, let last = page.last {
            // HubSpot's link is absolute: the same request with the next `after`.
            var query = parameters.pairs.filter { $0.name != "after" }
            query.append(("after", last.id))
            let host = request.head.authority ?? "127.0.0.1"
            let link = "http://\(host)/crm/v3/objects/\(object)?" + Self.encode(query)
            body["paging"] = .object(["next": .object(["after": .string(last.id), "link": .string(link)])])
        }
        return SandboxJSON.response(.object(body), truncate: await store.nextPageIsMalformed())
    }

    /// `GET /crm/v3/objects/{type}/{id}`: one object, with the same parameters as a list.
    private func read(_ request: Request, object: String, id: String) async throws -> Response {
        guard ["companies", "contacts"].contains(object) else {
            return Self.error(.notFound, "OBJECT_NOT_FOUND", object)
        }
        let parameters = QueryParameters(request)
        guard let record = await store.record(id: id), record.object == object,
            record.deleted == parameters.flag("archived")
        else {
            return SandboxJSON.response(
                .object([
                    "status": "error", "message": "Object not found.  objectId are usually numeric.",
                    "category": "OBJECT_NOT_FOUND", "correlationId": "00000000-0000-4000-8000-000000000000",
                    "context": .object(["id": .array([.string(id)])]),
                ]), status: .notFound)
        }
        let links = await linkedObjects(of: [record], types: parameters.list("associations"))
        return SandboxJSON.response(
            Self.render(record, properties: parameters.list("properties"), associations: links[record.id] ?? [:]))
    }

    private static func encode(_ pairs: [(name: String, value: String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        return pairs.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&")
    }

    /// An object as the API returns it: only the requested properties (plus the defaults every answer carries),
    /// and the associations asked for, in either direction.
    private static func render(
        _ record: SandboxRecord, properties: [String], associations: [String: [String]]
    ) -> GeneratedValue {
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
        var kept: [String: GeneratedValue] = [:]
        for (type, ids) in associations where !ids.isEmpty {
            // Every generated link is the primary one, which v3 lists twice: once per association type it has
            // (`contact_to_company` and `contact_to_company_unlabeled`), as real answers do.
            let label = HubSpotAssociations.v3Label(from: record.object, to: type)
            kept[type] = .object([
                "results": .array(
                    ids.flatMap { id -> [GeneratedValue] in
                        [
                            .object(["id": .string(id), "type": .string(label)]),
                            .object(["id": .string(id), "type": .string(label + "_unlabeled")]),
                        ]
                    })
            ])
        }
        if !kept.isEmpty { object["associations"] = .object(kept) }
        return .object(object)
    }

    /// For each record, the ids of its associated objects per requested type, both directions: a contact names
    /// its companies; a company's contacts are the live contacts that name it.
    private func linkedObjects(of records: [SandboxRecord], types: [String]) async -> [String: [String: [String]]] {
        var result: [String: [String: [String]]] = [:]
        guard !types.isEmpty, !records.isEmpty else { return result }
        var contactsByCompany: [String: [String]]?
        for type in Set(types) {
            for record in records {
                switch (record.object, type) {
                case ("contacts", "companies"):
                    result[record.id, default: [:]][type] = HubSpotAssociations.companies(of: record)
                case ("companies", "contacts"):
                    if contactsByCompany == nil {
                        contactsByCompany = await HubSpotAssociations.contactsByCompany(store)
                    }
                    result[record.id, default: [:]][type] = contactsByCompany?[record.id] ?? []
                default:
                    continue
                }
            }
        }
        return result
    }

    // MARK: Search

    /// `POST /crm/v3/objects/{type}/batch/read`: the objects named in `inputs`, as a search renders them (no
    /// associations); ids that are unknown or archived are left out and named in a 207's `errors`.
    private func batchRead(_ request: Request, object: String) async throws -> Response {
        guard ["companies", "contacts"].contains(object) else {
            return Self.error(.notFound, "OBJECT_NOT_FOUND", object)
        }
        guard let body = await SandboxJSON.body(of: request), case .array(let inputs)? = body["inputs"] else {
            return Self.error(.badRequest, "VALIDATION_ERROR", "Invalid input JSON: inputs is required")
        }
        guard inputs.count <= Self.batchLimit else {
            return Self.error(.badRequest, "VALIDATION_ERROR", "at most \(Self.batchLimit) inputs")
        }
        var properties: [String] = []
        if case .array(let names)? = body["properties"] { properties = names.compactMap(\.stringValue) }
        var results: [GeneratedValue] = []
        var missing: [GeneratedValue] = []
        for input in inputs {
            guard let id = input["id"].map(\.flatText) else { continue }
            if let record = await store.record(id: id), record.object == object, !record.deleted {
                results.append(Self.render(record, properties: properties, associations: [:]))
            } else {
                missing.append(.string(id))
            }
        }
        var response: [String: GeneratedValue] = ["status": "COMPLETE", "results": .array(results)]
        guard !missing.isEmpty else { return SandboxJSON.response(.object(response)) }
        response["numErrors"] = .number(1)
        response["errors"] = .array([
            .object([
                "status": "error", "category": "OBJECT_NOT_FOUND", "message": "Could not get some objects",
                "context": .object(["ids": .array(missing)]),
            ])
        ])
        return SandboxJSON.response(.object(response), status: .init(code: 207, reasonPhrase: "Multi-Status"))
    }

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
        var groups: [[HubSpotSearchFilter]] = []
        if case .array(let filterGroups)? = body["filterGroups"] {
            // HubSpot's documented limits: five groups, six filters in a group, eighteen in all.
            let counts = filterGroups.map { group -> Int in
                if case .array(let filters)? = group["filters"] { return filters.count }
                return 0
            }
            guard filterGroups.count <= 5, counts.allSatisfy({ $0 <= 6 }), counts.reduce(0, +) <= 18 else {
                return Self.error(
                    .badRequest, "VALIDATION_ERROR",
                    "There was a problem with the request: at most 5 filterGroups of at most 6 filters, "
                        + "18 filters in all")
            }
            for group in filterGroups {
                guard case .array(let filters)? = group["filters"] else { continue }
                var parsed: [HubSpotSearchFilter] = []
                for filter in filters {
                    do {
                        parsed.append(try HubSpotSearchFilter(filter, object: object))
                    } catch {
                        return Self.error(.badRequest, "VALIDATION_ERROR", error.message)
                    }
                }
                groups.append(parsed)
            }
        }
        // One sort rule, as an object (`{"propertyName", "direction"}`) or a string (`"name"`, `"-name"`).
        var sortProperty: String?
        var descending = false
        if case .array(let sorts)? = body["sorts"], let sort = sorts.first {
            guard sorts.count == 1 else {
                return Self.error(.badRequest, "VALIDATION_ERROR", "Only one sort is supported at a time")
            }
            if case .string(let text) = sort {
                descending = text.hasPrefix("-")
                sortProperty = descending ? String(text.dropFirst()) : text
            } else {
                sortProperty = sort["propertyName"]?.stringValue
                descending = sort["direction"]?.stringValue == "DESCENDING"
            }
        }
        let query = body["query"]?.stringValue.map { HubSpotSearchQuery(text: $0, object: object) }
        let filterGroups = groups
        var properties: [String] = []
        if case .array(let names)? = body["properties"] { properties = names.compactMap(\.stringValue) }
        let sortKey = sortProperty.map { HubSpotSortKey(property: $0, object: object) }
        let sortDescending = descending
        let matches = await store.select(
            object: object,
            where: { record in
                !record.deleted && (query?.matches(record) ?? true)
                    && (filterGroups.isEmpty || filterGroups.contains { $0.allSatisfy { $0.matches(record) } })
            },
            orderedBy: { a, b in
                if let sortKey, let order = sortKey.order(a, b), order != 0 {
                    return sortDescending ? order > 0 : order < 0
                }
                return Self.numericOrder(a, b)
            })
        let page = matches.dropFirst(offset).prefix(limit)
        var response: [String: GeneratedValue] = [
            "total": .number(Double(matches.count)),
            "results": .array(page.map { Self.render($0, properties: properties, associations: [:]) }),
        ]
        if offset + page.count < matches.count {
            response["paging"] = .object(["next": .object(["after": .string(String(offset + page.count))])])
        }
        return SandboxJSON.response(.object(response), truncate: await store.nextPageIsMalformed())
    }

    // MARK: Associations

    /// `POST /crm/v4/associations/{from}/{to}/batch/read`, in either direction, with the type ids HubSpot uses
    /// for that direction.
    private func associations(_ request: Request, from: String, to: String) async throws -> Response {
        guard let body = await SandboxJSON.body(of: request), case .array(let inputs)? = body["inputs"] else {
            return Self.error(.badRequest, "VALIDATION_ERROR", "inputs are required")
        }
        var records: [SandboxRecord] = []
        for input in inputs {
            if let id = input["id"]?.flatText, let record = await store.record(id: id), record.object == from,
                !record.deleted
            {
                records.append(record)
            }
        }
        let links = await linkedObjects(of: records, types: [to])
        let types = HubSpotAssociations.v4Types(from: from, to: to)
        var results: [GeneratedValue] = []
        for record in records {
            let targets = links[record.id]?[to] ?? []
            guard !targets.isEmpty else { continue }
            results.append(
                .object([
                    "from": .object(["id": .string(record.id)]),
                    "to": .array(
                        targets.compactMap { target in
                            guard let number = Double(target) else { return nil }
                            return .object(["toObjectId": .number(number), "associationTypes": .array(types)])
                        }),
                ]))
        }
        let now = HubSpotDialect.format(Int64(Date().timeIntervalSince1970 * 1000))
        return SandboxJSON.response(
            .object([
                "status": "COMPLETE", "results": .array(results), "requestedAt": .string(now),
                "startedAt": .string(now), "completedAt": .string(now),
            ]))
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
                    results.append(Self.render(record, properties: write.fields.keys.sorted(), associations: [:]))
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
