import Foundation
import HTTPTypes
import Hummingbird

/// The Bitrix24 REST methods of the sandbox (`/rest/<user>/<secret>/<method>[.json]`), answering in Bitrix24's
/// shapes.
///
/// Parameters come as the real portal takes them: GET or POST, from the query string, a form body
/// (`filter[>=DATE_MODIFY]=…`, PHP style, what Bitrix24's own PHP SDK sends) or a JSON body, merged.
/// Lists: `select` (`*` plus named multiple fields), `filter` with operator prefixes, `order` on any field
/// (`DATE_MODIFY` first, `ID` last, whatever the key order: a decoded JSON object has none), `start` offsets with
/// a fixed page of 50,
/// `start: -1` without `total`/`next`. Requisites are served from the generated companies' `RQ_*` values, which
/// `crm.company.list` never returns, under ids of their own. Writes: `crm.company.update`, `crm.contact.update`,
/// and `crm.company.delete`, `crm.contact.delete` (the row leaves every list).
/// `batch` runs any of these methods (not `batch` itself) with `result`, `result_error`, `result_total`,
/// `result_next` and `result_time` per command, and stops at the first error when `halt` is set.
struct Bitrix24Routes: Sendable {
    let store: SandboxRecordStore
    /// Read `start` as a page (rounded down to a multiple of 50) rather than an offset: the reading of a portal
    /// whose behaviour the docs leave open, so connectors can be tested against both.
    var startRoundsToPage = false

    static let pageSize = 50
    static let batchLimit = 50
    static let objects = ["crm.company", "crm.contact"]
    static let writeMethods: Set<String> = ["crm.company.update", "crm.contact.update"]

    func register(on router: Router<BasicRequestContext>) {
        router.post("rest/:user/:secret/:method") { request, context in
            try await serve(request, context: context)
        }
        router.get("rest/:user/:secret/:method") { request, context in
            try await serve(request, context: context)
        }
    }

    private func serve(_ request: Request, context: BasicRequestContext) async throws -> Response {
        var method = context.parameters.get("method") ?? ""
        if method.hasSuffix(".json") { method = String(method.dropLast(5)) }
        let parameters = await Self.parameters(of: request)
        if method == "batch" { return await batch(parameters) }
        let answer = await call(method, parameters)
        if let error = answer.error {
            return Self.error(error.status, error.code, error.description)
        }
        var body: [String: GeneratedValue] = ["result": answer.result, "time": Self.time()]
        if let total = answer.total { body["total"] = .number(Double(total)) }
        if let next = answer.next { body["next"] = .number(Double(next)) }
        let malformed = answer.isPage ? await store.nextPageIsMalformed() : false
        return SandboxJSON.response(.object(body), truncate: malformed)
    }

    /// The request's parameters, merged from the query string and the body (JSON, or a form), keys upper-cased at
    /// the top level.
    static func parameters(of request: Request) async -> [String: GeneratedValue] {
        var merged = Bitrix24QueryString.parse(request.uri.query ?? "")
        let buffer = try? await request.body.collect(upTo: 64 * 1024 * 1024)
        let bytes = buffer.map { Data($0.readableBytesView) } ?? Data()
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        if !bytes.isEmpty {
            if !contentType.contains("x-www-form-urlencoded"),
                let json = try? JSONDecoder().decode(GeneratedValue.self, from: bytes),
                case .object(let members) = json
            {
                merged.merge(members) { $1 }
            } else if let text = String(data: bytes, encoding: .utf8) {
                merged.merge(Bitrix24QueryString.parse(text)) { $1 }
            }
        }
        return upperKeys(.object(merged))
    }

    /// What one method answered: a result with its paging, or an error; the same whether it ran alone or in a
    /// batch.
    struct Answer: Sendable {
        struct Failure: Sendable {
            let status: HTTPResponse.Status
            let code: String
            let description: String
        }

        var result: GeneratedValue = .null
        var total: Int?
        var next: Int?
        var error: Failure?
        /// A list page (the fault plan may garble it).
        var isPage = false

        static func failure(_ status: HTTPResponse.Status, _ code: String, _ description: String) -> Answer {
            Answer(error: Failure(status: status, code: code, description: description))
        }
    }

    private func call(_ method: String, _ parameters: [String: GeneratedValue]) async -> Answer {
        switch method {
        case "crm.company.list", "crm.contact.list":
            return await list(object: String(method.dropLast(5)), parameters)
        case "crm.requisite.list":
            return await requisites(parameters)
        case "crm.company.update", "crm.contact.update":
            return await write([(method, parameters)]).first ?? .failure(.badRequest, "", "nothing to write")
        case "crm.company.delete", "crm.contact.delete":
            let write = await store.delete(object: String(method.dropLast(7)), id: parameters["ID"]?.flatText ?? "")
            guard write.outcome == .applied else {
                let noun = write.object == "crm.company" ? "Company" : "Contact"
                return .failure(.badRequest, "", "\(noun) is not found")
            }
            return Answer(result: .bool(true))
        case "batch":
            return .failure(.badRequest, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage")
        default:
            return .failure(.notFound, "ERROR_METHOD_NOT_FOUND", "Method not found!")
        }
    }

    /// `*.update` calls, applied as one write request (a batch's consecutive updates are one request).
    private func write(_ calls: [(method: String, parameters: [String: GeneratedValue])]) async -> [Answer] {
        let items = calls.map { call in
            (
                String(call.method.dropLast(7)), call.parameters["ID"]?.flatText ?? "",
                call.parameters["FIELDS"].flatMap(Self.members) ?? [:]
            )
        }
        return await store.write(items).map { write in
            if let failure = Self.failure(write) {
                return .failure(
                    .badRequest, failure["error"]?.flatText ?? "", failure["error_description"]?.flatText ?? "")
            }
            return Answer(result: .bool(true))
        }
    }

    // MARK: Lists

    private func start(_ parameters: [String: GeneratedValue]) -> Int {
        let start = Int(parameters["START"]?.flatText ?? "0") ?? 0
        return startRoundsToPage && start > 0 ? start / Self.pageSize * Self.pageSize : start
    }

    private func list(object: String, _ parameters: [String: GeneratedValue]) async -> Answer {
        let filters = Self.filters(parameters["FILTER"])
        let start = self.start(parameters)
        let order = Self.ordering(parameters["ORDER"])
        let rows = await store.select(
            object: object,
            where: { record in
                !record.deleted && filters.allSatisfy { $0.matches { Self.text(record.payload[$0]) } }
            },
            orderedBy: { a, b in
                for (field, descending) in order {
                    let comparison: Int
                    switch field {
                    case "DATE_MODIFY":
                        comparison = a.modifiedAt < b.modifiedAt ? -1 : (a.modifiedAt == b.modifiedAt ? 0 : 1)
                    case "ID":
                        let (x, y) = (Int(a.id) ?? 0, Int(b.id) ?? 0)
                        comparison = x < y ? -1 : (x == y ? 0 : 1)
                    default:
                        comparison = Bitrix24Filter.compare(
                            field, Self.text(a.payload[field]) ?? "", Self.text(b.payload[field]) ?? "")
                    }
                    if comparison != 0 { return descending ? comparison > 0 : comparison < 0 }
                }
                return false
            })
        let select = Self.select(parameters)
        let page = rows.dropFirst(max(start, 0)).prefix(Self.pageSize)
        var answer = Answer(result: .array(page.map { Self.render($0, select: select) }), isPage: true)
        if start >= 0 {
            answer.total = rows.count
            if start + Self.pageSize < rows.count { answer.next = start + Self.pageSize }
        }
        return answer
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

    /// `crm.requisite.list`: one requisite per company that has identifiers. Requisites are numbered after the
    /// portal's companies, in company id order, so a requisite id is never a company id (a client that confuses
    /// `ID` with `ENTITY_ID` finds nothing).
    private func requisites(_ parameters: [String: GeneratedValue]) async -> Answer {
        let filters = Self.filters(parameters["FILTER"])
        let start = self.start(parameters)
        let companies = await store.select(
            object: "crm.company", where: { _ in true }, orderedBy: { (Int($0.id) ?? 0) < (Int($1.id) ?? 0) })
        let firstId = (companies.compactMap { Int($0.id) }.max() ?? 0) + 1
        var rows: [GeneratedValue] = []
        for (rank, company) in companies.enumerated() where !company.deleted {
            let identifiers = company.payload.filter { $0.key.hasPrefix("RQ_") && !$0.value.flatText.isEmpty }
            guard !identifiers.isEmpty else { continue }
            var requisite: [String: GeneratedValue] = [
                "ID": .string(String(firstId + rank)), "ENTITY_TYPE_ID": "4", "ENTITY_ID": .string(company.id),
                "PRESET_ID": "1", "NAME": "Организация", "RQ_COMPANY_NAME": company.payload["TITLE"] ?? .null,
            ]
            requisite.merge(identifiers) { $1 }
            guard filters.allSatisfy({ filter in filter.matches { requisite[$0].map(Self.text) ?? nil } }) else {
                continue
            }
            rows.append(.object(requisite))
        }
        let select = Self.select(parameters)
        let page = rows.dropFirst(max(start, 0)).prefix(Self.pageSize).map { row -> GeneratedValue in
            guard !select.isEmpty, !select.contains("*"), case .object(let members) = row else { return row }
            return .object(members.filter { select.contains($0.key) || $0.key == "ID" })
        }
        var answer = Answer(result: .array(Array(page)))
        if start >= 0 {
            answer.total = rows.count
            if start + Self.pageSize < rows.count { answer.next = start + Self.pageSize }
        }
        return answer
    }

    // MARK: Batch

    /// Runs the commands in order; consecutive updates are applied as one write request. `halt` stops at the
    /// first command that fails; the rest are not run.
    private func batch(_ parameters: [String: GeneratedValue]) async -> Response {
        guard let commands = parameters["CMD"].flatMap(Self.members) else {
            return Self.error(.badRequest, "INVALID_ARG_VALUE", "cmd is required")
        }
        guard commands.count <= Self.batchLimit else {
            return Self.error(.badRequest, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded")
        }
        let halt = ["1", "true", "Y"].contains(parameters["HALT"]?.flatText ?? "0")
        var results: [String: GeneratedValue] = [:]
        var errors: [String: GeneratedValue] = [:]
        var totals: [String: GeneratedValue] = [:]
        var nexts: [String: GeneratedValue] = [:]
        var times: [String: GeneratedValue] = [:]
        var pendingWrites: [(name: String, method: String, parameters: [String: GeneratedValue])] = []
        var halted = false

        func record(_ name: String, _ answer: Answer) {
            times[name] = Self.time()
            if let error = answer.error {
                errors[name] = .object(["error": .string(error.code), "error_description": .string(error.description)])
                if halt { halted = true }
                return
            }
            results[name] = answer.result
            if let total = answer.total { totals[name] = .number(Double(total)) }
            if let next = answer.next { nexts[name] = .number(Double(next)) }
        }
        func flush() async {
            guard !pendingWrites.isEmpty else { return }
            let answers = await write(pendingWrites.map { ($0.method, $0.parameters) })
            for (item, answer) in zip(pendingWrites, answers) { record(item.name, answer) }
            pendingWrites = []
        }

        // Bitrix24 runs commands in the order they were sent; a decoded JSON object keeps none, so the names are
        // ordered as clients number them: `cmd2` before `cmd10` (numbers compared as numbers).
        for name in commands.keys.sorted(by: { $0.localizedStandardCompare($1) == .orderedAscending }) {
            let text = commands[name]!.flatText
            let method = String(text.prefix { $0 != "?" })
            let query = Bitrix24QueryString.parse(text.dropFirst(min(method.count + 1, text.count)))
            let upper = Self.upperKeys(.object(query))
            if Self.writeMethods.contains(method), !halt {
                pendingWrites.append((name, method, upper))
                continue
            }
            await flush()
            if halted { break }
            record(name, await call(method, upper))
            if halted { break }
        }
        await flush()
        // PHP serializes an empty map as an empty list.
        func map(_ members: [String: GeneratedValue]) -> GeneratedValue {
            members.isEmpty ? .array([]) : .object(members)
        }
        return SandboxJSON.response(
            .object([
                "result": .object([
                    "result": map(results), "result_error": map(errors), "result_total": map(totals),
                    "result_next": map(nexts), "result_time": map(times),
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

    /// `order` as (field, descending) keys: `DATE_MODIFY` first, then other fields by name, `ID` last and always
    /// (ascending unless asked), so the order is total. A decoded JSON object keeps no key order, so this fixed
    /// precedence stands in for the caller's; the connectors ask for `DATE_MODIFY, ID` or `ID` alone.
    private static func ordering(_ value: GeneratedValue?) -> [(field: String, descending: Bool)] {
        let members = value.flatMap(members) ?? [:]
        let keys = Set(members.keys.map { $0.uppercased() })
        var fields: [String] = []
        if keys.contains("DATE_MODIFY") { fields.append("DATE_MODIFY") }
        fields += keys.filter { $0 != "DATE_MODIFY" && $0 != "ID" }.sorted()
        fields.append("ID")
        let directions = Dictionary(
            members.map { ($0.key.uppercased(), $0.value.flatText.uppercased() == "DESC") },
            uniquingKeysWith: { $1 })
        return fields.map { ($0, directions[$0] ?? false) }
    }

    /// `select` as a JSON list or, from a query string or form, an object keyed `0`, `1`, ….
    private static func select(_ parameters: [String: GeneratedValue]) -> Set<String> {
        switch parameters["SELECT"] {
        case .array(let names)?: return Set(names.map(\.flatText))
        case .object(let members)?: return Set(members.values.map(\.flatText))
        case .string(let name)?: return [name]
        default: return []
        }
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
