import Foundation
import HTTPTypes
import Hummingbird

/// The ELMA365 app endpoints of the sandbox (`/pub/v1/app/{namespace}/{code}/…`), answering in ELMA365's shapes:
/// every answer has `success` and `error`.
///
/// `list` takes `active` (false: deleted items too), `from`, `size` (at most 10,000, as the API reference says),
/// `ids`, `filter.tf` (the reference's "table operation": text is found case-insensitively inside the field;
/// `{"min", "max"}` is an inclusive interval of numbers or datetimes, `null` leaving a side open; other values
/// compare equal; a bound never matches an empty field) and `sortExpressions` (`[{"field", "ascending"}]`, `__id`
/// breaking ties). Filters the sandbox does not implement (condition, logic and EQL operations, `statusCode`,
/// `statusGroupId`) are refused with a 400, never ignored. `update` takes `{"context": {fields}}` and answers
/// `success: false` with a 400 for an item it refuses, 404 for an unknown id.
struct ELMA365Routes: Sendable {
    let store: SandboxRecordStore
    let namespace: String

    static let sizeLimit = 10_000

    func register(on router: Router<BasicRequestContext>) {
        router.post("pub/v1/app/:namespace/:code/list") { request, context in
            try await list(request, context: context)
        }
        router.post("pub/v1/app/:namespace/:code/:id/get") { _, context in
            try await get(context: context)
        }
        router.post("pub/v1/app/:namespace/:code/:id/update") { request, context in
            try await update(request, context: context)
        }
    }

    /// The app code, when the namespace and code name one of the sandbox's apps.
    private func app(_ context: BasicRequestContext) -> String? {
        let code = context.parameters.get("code") ?? ""
        guard context.parameters.get("namespace") == namespace, ["_companies", "_contacts"].contains(code) else {
            return nil
        }
        return code
    }

    private func list(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard let code = app(context) else { return Self.failure(.notFound, "application not found") }
        guard let body = await SandboxJSON.body(of: request) else {
            return Self.failure(.badRequest, "invalid request body")
        }
        let size = Int(body["size"]?.flatText ?? "") ?? 10
        guard (1...Self.sizeLimit).contains(size) else {
            return Self.failure(.badRequest, "size must be between 1 and \(Self.sizeLimit)")
        }
        let from = max(Int(body["from"]?.flatText ?? "") ?? 0, 0)
        let activeOnly = body["active"] != .bool(false)
        var listed: Set<String>?
        if case .array(let items)? = body["ids"] { listed = Set(items.map(\.flatText)) }
        let ids = listed
        for key in ["statusCode", "statusGroupId"] where body[key] != nil && body[key] != .null {
            return Self.failure(.badRequest, "filtering by \(key) is not supported by this sandbox")
        }
        var bounds: [(field: String, test: @Sendable (GeneratedValue?) -> Bool)] = []
        if case .object(let filter)? = body["filter"] {
            if let other = filter.keys.sorted().first(where: { $0 != "tf" }) {
                return Self.failure(
                    .badRequest, "filter operation '\(other)' is not supported by this sandbox (only 'tf')")
            }
            if case .object(let fields)? = filter["tf"] {
                for (field, condition) in fields { bounds.append((field, Self.condition(condition))) }
            }
        }
        var sorts: [(field: String, ascending: Bool)] = []
        if case .array(let expressions)? = body["sortExpressions"] {
            for expression in expressions {
                guard let field = expression["field"]?.stringValue else { continue }
                sorts.append((field, expression["ascending"] != .bool(false)))
            }
        }
        let filters = bounds
        let order = sorts
        let rows = await store.select(
            object: code,
            where: { record in
                (!activeOnly || !record.deleted) && (ids?.contains(record.id) ?? true)
                    && filters.allSatisfy { $0.test(record.payload[$0.field]) }
            },
            orderedBy: { a, b in
                for (field, ascending) in order {
                    let (x, y) = (Self.sortKey(a, field), Self.sortKey(b, field))
                    if x != y { return ascending ? x < y : x > y }
                }
                return a.id < b.id
            })
        let page = rows.dropFirst(from).prefix(size).map { GeneratedValue.object($0.payload) }
        let answer: GeneratedValue = .object([
            "success": .bool(true), "error": "",
            "result": .object(["result": .array(Array(page)), "total": .number(Double(rows.count))]),
        ])
        return SandboxJSON.response(answer, truncate: await store.nextPageIsMalformed())
    }

    /// Datetimes sort as instants (their text is not fixed-width enough to trust), the rest as text; a null sorts
    /// first.
    private static func sortKey(_ record: SandboxRecord, _ field: String) -> String {
        let text = record.payload[field]?.flatText ?? ""
        if field.hasSuffix("At"), let date = ELMA365Dialect.parse(text) {
            return String(format: "%015lld", ELMA365Dialect.millis(date))
        }
        return text
    }

    /// One `tf` entry: an interval (numbers as numbers, otherwise datetimes), text to find, or a value to equal.
    private static func condition(_ condition: GeneratedValue) -> @Sendable (GeneratedValue?) -> Bool {
        guard case .object(let range) = condition, range["min"] != nil || range["max"] != nil else {
            if case .string(let wanted) = condition {
                return { value in
                    guard let text = value?.flatText, !text.isEmpty else { return false }
                    return text.localizedCaseInsensitiveContains(wanted)
                }
            }
            let expected = condition.flatText
            return { ($0?.flatText ?? "") == expected }
        }
        let low = range["min"].flatMap { $0 == .null ? nil : $0 }
        let high = range["max"].flatMap { $0 == .null ? nil : $0 }
        let numeric = [low, high].compactMap { $0 }.allSatisfy { if case .number = $0 { true } else { false } }
        if numeric {
            let minimum = low.flatMap { Double($0.flatText) }
            let maximum = high.flatMap { Double($0.flatText) }
            return { value in
                guard let text = value?.flatText, let number = Double(text) else { return false }
                if let minimum, number < minimum { return false }
                if let maximum, number > maximum { return false }
                return true
            }
        }
        let minimum = low.flatMap(\.stringValue).flatMap(ELMA365Dialect.parse)
        let maximum = high.flatMap(\.stringValue).flatMap(ELMA365Dialect.parse)
        return { value in
            guard let text = value?.stringValue, let date = ELMA365Dialect.parse(text) else { return false }
            if let minimum, date < minimum { return false }
            if let maximum, date > maximum { return false }
            return true
        }
    }

    private func get(context: BasicRequestContext) async throws -> Response {
        guard let code = app(context) else { return Self.failure(.notFound, "application not found") }
        let id = context.parameters.get("id") ?? ""
        guard let record = await store.record(id: id), record.object == code else {
            return Self.failure(.notFound, "item \(id) not found")
        }
        return SandboxJSON.response(.object(["success": .bool(true), "error": "", "item": .object(record.payload)]))
    }

    private func update(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard let code = app(context) else { return Self.failure(.notFound, "application not found") }
        let id = context.parameters.get("id") ?? ""
        guard let body = await SandboxJSON.body(of: request), case .object(let fields)? = body["context"] else {
            return Self.failure(.badRequest, "context is required")
        }
        let written = await store.write([(code, id, fields)])
        guard let write = written.first else { return Self.failure(.internalServerError, "nothing written") }
        switch write.outcome {
        case .applied:
            let item = await store.record(id: id).map { GeneratedValue.object($0.payload) } ?? .null
            return SandboxJSON.response(.object(["success": .bool(true), "error": "", "item": item]))
        case .failed("NOT_FOUND"):
            return Self.failure(.notFound, "item \(id) not found")
        case .failed("INJECTED_FAILURE"):
            return Self.failure(.badRequest, "item \(id) is locked by another operation")
        case .failed(let reason):
            return Self.failure(.badRequest, reason)
        }
    }

    static func failure(_ status: HTTPResponse.Status, _ message: String) -> Response {
        SandboxJSON.response(.object(["success": .bool(false), "error": .string(message)]), status: status)
    }

    /// ELMA365's refusals: a bad token is 403 (its answer to a failed login), throttling 429, then 503 and 500.
    static func refusal(_ refusal: SandboxRefusal) -> Response {
        switch refusal {
        case .unauthorized: return failure(.forbidden, "invalid token")
        case .injected(.throttled), .injected(.limitExceeded): return failure(.tooManyRequests, "too many requests")
        case .injected(.unavailable): return failure(.serviceUnavailable, "service unavailable")
        case .injected(.serverError): return failure(.internalServerError, "internal error")
        }
    }
}
