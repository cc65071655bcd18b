import Foundation

extension ELMA365Connector {
    /// Sends each delta as `POST …/{namespace}/{code}/{id}/update` with `{"context": {changed fields}}`, at most
    /// `pushConcurrency` calls in flight; `success: false` (or a 4xx) is that item's failure.
    ///
    /// A delta is `{"entity": "organization"|"person", "fields": {"<mapping path>": value}}`. Plain paths
    /// (`position`, `__name`) are sent as they are; `phone[].tel` and `email[].email` replace the whole field with
    /// `[{"type": "work", "tel"|"email": value}]` (an update sets a field's value; ELMA365 has no append). Other
    /// nested paths are rejected without a request.
    ///
    /// - Throws: ``ConnectorError`` `unauthorized` for a refused token; other failures are per item.
    public func push(_ deltas: [String: JSONValue]) async throws -> [String: PushOutcome] {
        var outcomes: [String: PushOutcome] = [:]
        var prepared: [(key: String, path: String, context: JSONValue)] = []
        for key in deltas.keys.sorted() {
            switch makeUpdate(key: key, delta: deltas[key]!) {
            case .success(let item): prepared.append((key, item.path, item.context))
            case .failure(let rejection): outcomes[key] = rejection.outcome
            }
        }
        try await withThrowingTaskGroup(of: (String, PushOutcome).self) { group in
            var next = 0
            func startNext() {
                guard next < prepared.count else { return }
                let item = prepared[next]
                next += 1
                group.addTask { (item.key, try await self.update(item.path, context: item.context, key: item.key)) }
            }
            for _ in 0..<pushConcurrency { startNext() }
            while let (key, outcome) = try await group.next() {
                outcomes[key] = outcome
                startNext()
            }
        }
        return outcomes
    }

    private func update(_ path: String, context: JSONValue, key: String) async throws -> PushOutcome {
        let page = "update \(key)"
        do {
            _ = try await post(path, body: .object(["context": context]), page: page)
            return .accepted
        } catch let error as ConnectorError where error.code == .unavailable {
            return .rejected(code: "UPDATE_REFUSED", message: error.message, fields: [])
        }
    }

    private struct Rejection: Error {
        let outcome: PushOutcome
    }

    private func makeUpdate(key: String, delta: JSONValue) -> Result<(path: String, context: JSONValue), Rejection> {
        func reject(_ code: String, _ message: String, _ fields: [String] = [])
            -> Result<(path: String, context: JSONValue), Rejection>
        {
            .failure(Rejection(outcome: .rejected(code: code, message: "\(source): \(message)", fields: fields)))
        }
        guard let entityName = delta["entity"]?.stringText, let entity = CanonicalField.Entity(rawValue: entityName),
            let entityMapping = mapping.entities[entity]
        else {
            return reject("UNKNOWN_OBJECT", "the delta for \(key) names no mapped entity")
        }
        let query = ELMA365ObjectQuery(
            entity: entity == .organization ? .organization : .person, mapping: entityMapping)
        guard case .object(let fields)? = delta["fields"], !fields.isEmpty else {
            return reject("EMPTY_DELTA", "the delta for \(query.object) \(key) has no 'fields'")
        }
        var context: [String: JSONValue] = [:]
        for path in fields.keys.sorted() {
            let value = fields[path]!
            let values: [JSONValue]
            if case .array(let list) = value { values = list } else { values = value == .null ? [] : [value] }
            switch path {
            case "phone[].tel", "email[].email":
                let name = String(path.prefix { $0 != "[" })
                let member = name == "phone" ? "tel" : "email"
                context[name] = .array(
                    values.compactMap(\.scalarText).map {
                        .object(["type": .string("work"), member: .string($0)])
                    })
            case "__name":
                context[path] = value
            case _ where !path.contains(".") && !path.contains("[") && !path.hasPrefix("__"):
                // A plain field of the app; system fields (`__id`, `__updatedAt`, …) are the server's.
                context[path] = value
            default:
                return reject(
                    "NOT_WRITABLE", "\(query.object) \(key): '\(path)' cannot be written through update", [path])
            }
        }
        return .success((query.appPath + "/\(key)/update", .object(context)))
    }
}
