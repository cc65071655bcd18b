import Foundation

extension Bitrix24Connector {
    /// Sends deltas as `crm.company.update` / `crm.contact.update` commands through `batch` (`halt: 0`), 50 per
    /// call; a command named in `result_error` failed, one answered `true` in `result` was applied.
    ///
    /// A delta is `{"entity": "organization"|"person", "fields": {"<mapping path>": value}}`. Bitrix24 ids carry
    /// no type, so a delta without `entity` is rejected without a request. Scalar paths (`TITLE`) are sent as
    /// `fields[TITLE]`; a multiple field (`PHONE[].VALUE`, a text or an array of texts) is sent as new entries
    /// (`fields[PHONE][n][VALUE]`), which Bitrix24 appends: replacing entries needs their entry `ID`s, which the
    /// delta does not carry. Requisites (`RQ_*`) and other nested paths are rejected as not writable here.
    public func push(_ deltas: [String: JSONValue]) async throws -> [String: PushOutcome] {
        var outcomes: [String: PushOutcome] = [:]
        var commands: [(key: String, command: String)] = []
        let appending = Set(deltas.compactMap { key, delta -> String? in
            guard case .object(let top) = delta, case .object(let fields)? = top["fields"] else { return nil }
            return fields.keys.contains { $0.contains("[]") } ? key : nil
        })
        for key in deltas.keys.sorted() {
            switch command(key: key, delta: deltas[key]!) {
            case .success(let command): commands.append((key, command))
            case .failure(let rejection): outcomes[key] = rejection.outcome
            }
        }
        var start = 0
        var callNumber = 0
        while start < commands.count {
            let chunk = Array(commands[start..<min(start + Self.pushChunk, commands.count)])
            start += chunk.count
            callNumber += 1
            let page = "batch update \(callNumber)"
            var cmd: [String: JSONValue] = [:]
            for (offset, item) in chunk.enumerated() { cmd["c\(offset)"] = .string(item.command) }
            let response: SourceHTTPResponse
            do {
                // Appending to a multiple field twice adds the value twice: such a batch is never sent again.
                response = try await call(
                    "batch", .object(["halt": .number(0), "cmd": .object(cmd)]), page: page,
                    idempotent: !chunk.contains { appending.contains($0.key) })
            } catch let error as ConnectorError where error.code == .unavailable {
                // A refused batch (400 and the like) fails its commands, not the whole push.
                for item in chunk {
                    outcomes[item.key] = .rejected(code: "BATCH_REFUSED", message: error.message, fields: [])
                }
                continue
            }
            let result = response.body["result"]
            for (offset, item) in chunk.enumerated() {
                let name = "c\(offset)"
                if let failure = result?["result_error"]?[name] {
                    let (code, message) = Self.errorSummary(failure)
                    outcomes[item.key] = .rejected(code: code, message: message, fields: [])
                } else if let answer = result?["result"]?[name], answer != .bool(false), answer != .null {
                    outcomes[item.key] = .accepted
                } else {
                    outcomes[item.key] = .rejected(
                        code: "NO_RESULT", message: "\(source): the batch answer says nothing about \(item.key)",
                        fields: [])
                }
            }
        }
        return outcomes
    }

    private struct Rejection: Error {
        let outcome: PushOutcome
    }

    /// `crm.company.update?id=43&fields[TITLE]=…&params[REGISTER_SONET_EVENT]=N`, the form `batch` takes.
    private func command(key: String, delta: JSONValue) -> Result<String, Rejection> {
        func reject(_ code: String, _ message: String, _ fields: [String] = []) -> Result<String, Rejection> {
            .failure(Rejection(outcome: .rejected(code: code, message: "\(source): \(message)", fields: fields)))
        }
        guard let entityName = delta["entity"]?.stringText, let entity = CanonicalField.Entity(rawValue: entityName),
            let object = mapping.entities[entity]?.object
        else {
            return reject("UNKNOWN_OBJECT", "the delta for \(key) names no mapped entity")
        }
        guard case .object(let fields)? = delta["fields"], !fields.isEmpty else {
            return reject("EMPTY_DELTA", "the delta for \(object) \(key) has no 'fields'")
        }
        var items: [(String, String)] = [("id", key)]
        for path in fields.keys.sorted() {
            let value = fields[path]!
            let head = String(path.prefix { $0 != "." && $0 != "[" })
            if path == head, !head.hasPrefix("RQ_"), !Bitrix24ObjectQuery.multiFields.contains(head) {
                items.append(("fields[\(head)]", value.scalarText ?? ""))
            } else if Bitrix24ObjectQuery.multiFields.contains(head), path == head + "[].VALUE" {
                let values: [String]
                if case .array(let list) = value {
                    values = list.compactMap(\.scalarText)
                } else {
                    values = value.scalarText.map { [$0] } ?? []
                }
                for (offset, text) in values.enumerated() {
                    items.append(("fields[\(head)][\(offset)][VALUE]", text))
                    items.append(("fields[\(head)][\(offset)][VALUE_TYPE]", "WORK"))
                }
            } else {
                return reject("NOT_WRITABLE", "\(object) \(key): '\(path)' cannot be written by crm update", [path])
            }
        }
        items.append(("params[REGISTER_SONET_EVENT]", "N"))
        let query = items.map { "\($0.0)=\(SourceHTTPClient.encode($0.1))" }.joined(separator: "&")
        return .success("\(object).update?\(query)")
    }
}
