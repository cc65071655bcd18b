import Foundation
import HTTPTypes
import Hummingbird

/// The Bitrix24 REST methods of the sandbox (`/rest/<user>/<secret>/<method>`), answering in Bitrix24's shapes.
///
/// Lists: `select` (`*` plus named multiple fields), `filter` with operator prefixes, `order` (`DATE_MODIFY`
/// before `ID` whatever the key order: a decoded JSON object has none), `start` offsets with a fixed page of 50,
/// `start: -1` without `total`/`next`. Requisites are served from the generated companies' `RQ_*` values, which
/// `crm.company.list` never returns. Writes: `crm.company.update`, `crm.contact.update` and `batch` of them.
struct Bitrix24Routes: Sendable {
    let store: SandboxRecordStore

    static let pageSize = 50
    static let batchLimit = 50
    static let objects = ["crm.company", "crm.contact"]

    func register(on router: Router<BasicRequestContext>) {
        router.post("rest/:user/:secret/:method") { request, context in
            var method = context.parameters.get("method") ?? ""
            if method.hasSuffix(".json") { method = String(method.dropLast(5)) }
            return try await call(method, request: request)
        }
    }

    private func call(_ method: String, request: Request) async throws -> Response {
        // A call without parameters may have no body at all.
        let body = await SandboxJSON.body(of: request) ?? .object([:])
        let parameters = Self.upperKeys(body)
        switch method {
        case "crm.company.list", "crm.contact.list":
            return await list(object: String(method.dropLast(5)), parameters)
        case "crm.requisite.list":
            return await requisites(parameters)
        case "crm.company.update", "crm.contact.update":
            let fields = parameters["FIELDS"].flatMap(Self.members) ?? [:]
            let id = parameters["ID"]?.flatText ?? ""
            let written = await store.write([(String(method.dropLast(7)), id, fields)])
            if let failure = written.first.flatMap(Self.failure) {
                return SandboxJSON.response(failure, status: .badRequest)
            }
            return SandboxJSON.response(.object(["result": .bool(true), "time": Self.time()]))
        case "batch":
            return await batch(parameters)
        default:
            return Self.error(.notFound, "ERROR_METHOD_NOT_FOUND", "Method not found!")
        }
    }

    // MARK: Lists

    private func list(object: String, _ parameters: [String: GeneratedValue]) async -> Response {
        let filters = Self.filters(parameters["FILTER"])
        let start = Int(parameters["START"]?.flatText ?? "0") ?? 0
        let order = parameters["ORDER"].flatMap(Self.members) ?? [:]
        let byStamp = order["DATE_MODIFY"].map { $0.flatText.uppercased() == "DESC" ? -1 : 1 } ?? 0
        let idDescending = order["ID"]?.flatText.uppercased() == "DESC"
        let rows = await store.select(
            object: object,
            where: { record in
                !record.deleted && filters.allSatisfy { $0.matches { Self.text(record.payload[$0]) } }
            },
            orderedBy: { a, b in
                if byStamp != 0, a.modifiedAt != b.modifiedAt {
                    return byStamp > 0 ? a.modifiedAt < b.modifiedAt : a.modifiedAt > b.modifiedAt
                }
                let (x, y) = (Int(a.id) ?? 0, Int(b.id) ?? 0)
                return idDescending ? x > y : x < y
            })
        var select: Set<String> = []
        if case .array(let names)? = parameters["SELECT"] { select = Set(names.map(\.flatText)) }
        let page = rows.dropFirst(max(start, 0)).prefix(Self.pageSize)
        var body: [String: GeneratedValue] = [
            "result": .array(page.map { Self.render($0, select: select) }), "time": Self.time(),
        ]
        if start >= 0 {
            body["total"] = .number(Double(rows.count))
            if start + Self.pageSize < rows.count { body["next"] = .number(Double(start + Self.pageSize)) }
        }
        return SandboxJSON.response(.object(body), truncate: await store.nextPageIsMalformed())
    }

    /// A row as `crm.*.list` returns it: the selected fields (`*` or none: every single-valued field; multiple
    /// fields only when named), never the requisites.
    private static func render(_ record: SandboxRecord, select: Set<String>) -> GeneratedValue {
        let all = select.isEmpty || select.contains("*")
        var row: [String: GeneratedValue] = ["ID": .string(record.id)]
        for (name, value) in record.payload where !name.hasPrefix("RQ_") {
            let wanted =
                select.contains(name) || (all && !Bitrix24Dialect.multiFields.contains(name))
            if wanted { row[name] = value }
        }
        return .object(row)
    }

    private func requisites(_ parameters: [String: GeneratedValue]) async -> Response {
        let filters = Self.filters(parameters["FILTER"])
        let start = Int(parameters["START"]?.flatText ?? "0") ?? 0
        let companies = await store.select(
            object: "crm.company", where: { !$0.deleted }, orderedBy: { (Int($0.id) ?? 0) < (Int($1.id) ?? 0) })
        var rows: [GeneratedValue] = []
        for company in companies {
            let identifiers = company.payload.filter { $0.key.hasPrefix("RQ_") && !$0.value.flatText.isEmpty }
            guard !identifiers.isEmpty else { continue }
            var requisite: [String: GeneratedValue] = [
                "ID": .string(company.id), "ENTITY_TYPE_ID": "4", "ENTITY_ID": .string(company.id),
                "PRESET_ID": "1", "NAME": "Организация", "RQ_COMPANY_NAME": company.payload["TITLE"] ?? .null,
            ]
            requisite.merge(identifiers) { $1 }
            guard filters.allSatisfy({ filter in filter.matches { requisite[$0].map(Self.text) ?? nil } }) else {
                continue
            }
            rows.append(.object(requisite))
        }
        var select: Set<String> = []
        if case .array(let names)? = parameters["SELECT"] { select = Set(names.map(\.flatText)) }
        let page = rows.dropFirst(max(start, 0)).prefix(Self.pageSize).map { row -> GeneratedValue in
            guard !select.isEmpty, !select.contains("*"), case .object(let members) = row else { return row }
            return .object(members.filter { select.contains($0.key) || $0.key == "ID" })
        }
        var body: [String: GeneratedValue] = ["result": .array(Array(page)), "time": Self.time()]
        if start >= 0 {
            body["total"] = .number(Double(rows.count))
            if start + Self.pageSize < rows.count { body["next"] = .number(Double(start + Self.pageSize)) }
        }
        return SandboxJSON.response(.object(body))
    }

    // MARK: Batch

    private func batch(_ parameters: [String: GeneratedValue]) async -> Response {
        guard let commands = parameters["CMD"].flatMap(Self.members) else {
            return Self.error(.badRequest, "INVALID_ARG_VALUE", "cmd is required")
        }
        guard commands.count <= Self.batchLimit else {
            return Self.error(.badRequest, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded")
        }
        var results: [String: GeneratedValue] = [:]
        var errors: [String: GeneratedValue] = [:]
        var writes: [(object: String, id: String, fields: [String: GeneratedValue])] = []
        var names: [String] = []
        for name in commands.keys.sorted() {
            let text = commands[name]!.flatText
            let method = String(text.prefix { $0 != "?" })
            let query = Bitrix24QueryString.parse(text.dropFirst(method.count + 1))
            let upper = Self.upperKeys(.object(query))
            switch method {
            case "crm.company.update", "crm.contact.update":
                writes.append(
                    (
                        String(method.dropLast(7)), upper["ID"]?.flatText ?? "",
                        upper["FIELDS"].flatMap(Self.members) ?? [:]
                    ))
                names.append(name)
            case "batch":
                errors[name] = .object(["error": "ERROR_BATCH_METHOD_NOT_ALLOWED", "error_description": ""])
            default:
                errors[name] = .object(["error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"])
            }
        }
        let written = writes.isEmpty ? [] : await store.write(writes)
        for (name, write) in zip(names, written) {
            if let failure = Self.failure(write) { errors[name] = failure } else { results[name] = .bool(true) }
        }
        // PHP serializes an empty map as an empty list.
        func map(_ members: [String: GeneratedValue]) -> GeneratedValue {
            members.isEmpty ? .array([]) : .object(members)
        }
        return SandboxJSON.response(
            .object([
                "result": .object([
                    "result": map(results), "result_error": map(errors), "result_total": .array([]),
                    "result_next": .array([]), "result_time": .array([]),
                ]),
                "time": Self.time(),
            ]))
    }

    private static func failure(_ write: SandboxWrite) -> GeneratedValue? {
        guard case .failed(let code) = write.outcome else { return nil }
        let noun = write.object == "crm.company" ? "Company" : "Contact"
        let description: String
        switch code {
        case "NOT_FOUND": description = "\(noun) is not found"
        case "INJECTED_FAILURE": description = "Deadlock found when trying to get lock; try restarting transaction"
        default: description = "Access denied. (\(code))"
        }
        return .object(["error": "", "error_description": .string(description)])
    }

    // MARK: Helpers

    /// Top-level keys are case-insensitive (`FILTER` in cURL samples, `filter` in the SDK).
    private static func upperKeys(_ value: GeneratedValue) -> [String: GeneratedValue] {
        guard case .object(let members) = value else { return [:] }
        return Dictionary(members.map { ($0.key.uppercased(), $0.value) }, uniquingKeysWith: { $1 })
    }

    private static func filters(_ value: GeneratedValue?) -> [Bitrix24Filter] {
        (value.flatMap(members) ?? [:]).map { Bitrix24Filter(key: $0.key, value: $0.value) }
    }

    static func members(_ value: GeneratedValue) -> [String: GeneratedValue]? {
        if case .object(let members) = value { return members }
        return nil
    }

    private static func text(_ value: GeneratedValue?) -> String? {
        value.map(\.flatText)
    }

    static func time() -> GeneratedValue {
        let now = Date().timeIntervalSince1970
        let stamp = GeneratedValue.string(Bitrix24Dialect.format(Int64(now * 1000)))
        return .object([
            "start": .number(now), "finish": .number(now), "duration": .number(0), "processing": .number(0),
            "date_start": stamp, "date_finish": stamp, "operating_reset_at": .number((now + 600).rounded()),
            "operating": .number(0),
        ])
    }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ description: String) -> Response {
        SandboxJSON.response(
            .object(["error": .string(code), "error_description": .string(description)]), status: status)
    }

    /// Bitrix24's refusals: a bad webhook is 401 `NO_AUTH_FOUND`; its throttle is 503 `QUERY_LIMIT_EXCEEDED`
    /// (the plan's 429 knob); the plan's 503 knob is 429 `OPERATION_TIME_LIMIT` (a method's time budget, also
    /// transient); an exhausted request limit is 503 `OVERLOAD_LIMIT` (a portal blocked for the day).
    static func refusal(_ refusal: SandboxRefusal) -> Response {
        switch refusal {
        case .unauthorized: return error(.unauthorized, "NO_AUTH_FOUND", "Wrong authorization data")
        case .injected(.throttled): return error(.serviceUnavailable, "QUERY_LIMIT_EXCEEDED", "Too many requests")
        case .injected(.unavailable):
            return error(.tooManyRequests, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit.")
        case .injected(.serverError): return error(.internalServerError, "INTERNAL_SERVER_ERROR", "Internal error")
        case .injected(.limitExceeded):
            return error(.serviceUnavailable, "OVERLOAD_LIMIT", "REST API is blocked due to overload.")
        }
    }
}
