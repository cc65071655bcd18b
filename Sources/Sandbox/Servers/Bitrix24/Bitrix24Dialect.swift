import Foundation

/// How records change in a Bitrix24 portal: `DATE_MODIFY` moves on every change (whole seconds, portal time
/// +03:00), deleted rows disappear from lists, `PHONE`/`EMAIL`/`WEB` are multiple fields updated entry by entry.
struct Bitrix24Dialect: SandboxDialect {
    static let readOnlyFields: Set<String> = ["ID", "DATE_CREATE", "DATE_MODIFY", "CREATED_BY_ID", "MODIFY_BY_ID"]
    static let multiFields: Set<String> = ["PHONE", "EMAIL", "WEB", "IM", "LINK"]

    /// `2025-03-04T12:11:55+03:00`
    static func format(_ millis: Int64) -> String {
        let moscow = Date(timeIntervalSince1970: Double(millis / 1000) + 10_800)
        var style = Date.ISO8601FormatStyle()
        style.timeZone = TimeZone(secondsFromGMT: 0)!
        return String(moscow.formatted(style).dropLast()) + "+03:00"
    }

    static func parse(_ text: String) -> Date? {
        try? Date(text, strategy: Date.ISO8601FormatStyle())
    }

    func object(for entity: GeneratedEntityKind) -> String {
        entity == .organization ? "crm.company" : "crm.contact"
    }

    func modifiedMillis(of payload: [String: GeneratedValue]) -> Int64? {
        payload["DATE_MODIFY"]?.stringValue.flatMap(Self.parse).map { Int64($0.timeIntervalSince1970) * 1000 }
    }

    /// Stamps whole seconds, as Bitrix24 does: edits within one second share their `DATE_MODIFY`.
    func stamp(_ record: inout SandboxRecord, at millis: Int64) {
        record.modifiedAt = millis / 1000 * 1000
        record.payload["DATE_MODIFY"] = .string(Self.format(millis))
    }

    func delete(_ record: inout SandboxRecord, mergedInto: String?, at millis: Int64) {
        record.deleted = true
        stamp(&record, at: millis)
    }

    func apply(_ fields: [String: GeneratedValue], to record: inout SandboxRecord) -> String? {
        for (name, value) in fields {
            if Self.readOnlyFields.contains(name) { return "ACCESS_DENIED" }
            if Self.multiFields.contains(name) {
                record.payload[name] = Self.merge(value, into: record.payload[name], kind: name, owner: record.id)
            } else {
                record.payload[name] = value
            }
        }
        return nil
    }

    /// Multiple-field update semantics: an item with `ID` overwrites or (`DELETE: Y`, empty `VALUE`) deletes that
    /// entry, an item without `ID` is appended, entries not mentioned stay.
    static func merge(_ update: GeneratedValue, into current: GeneratedValue?, kind: String, owner: String)
        -> GeneratedValue
    {
        var entries: [GeneratedValue] = []
        if case .array(let items)? = current { entries = items }
        var nextId = entries.compactMap { $0["ID"]?.stringValue.flatMap { Int($0) } }.max() ?? (Int(owner) ?? 0) * 16
        for item in items(of: update) {
            if let id = item["ID"]?.flatText, !id.isEmpty {
                guard let index = entries.firstIndex(where: { $0["ID"]?.flatText == id }) else { continue }
                if item["DELETE"]?.flatText == "Y" || item["VALUE"]?.flatText == "" || item["VALUE"] == nil {
                    entries.remove(at: index)
                } else if case .object(var entry) = entries[index] {
                    entry["VALUE"] = .string(item["VALUE"]?.flatText ?? "")
                    if let type = item["VALUE_TYPE"] { entry["VALUE_TYPE"] = type }
                    entries[index] = .object(entry)
                }
            } else if let value = item["VALUE"]?.flatText, !value.isEmpty {
                nextId += 1
                entries.append(
                    .object([
                        "ID": .string(String(nextId)), "VALUE": .string(value),
                        "VALUE_TYPE": .string(item["VALUE_TYPE"]?.flatText ?? "WORK"), "TYPE_ID": .string(kind),
                    ]))
            }
        }
        return .array(entries)
    }

    /// A list given as an array or, from a query string, as an object keyed `0`, `1`, ….
    private static func items(of value: GeneratedValue) -> [GeneratedValue] {
        switch value {
        case .array(let items): return items
        case .object(let members):
            return members.keys.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }.map { members[$0]! }
        default: return []
        }
    }

    func edit(_ record: inout SandboxRecord, rng: inout SplitMix64) {
        let number = "+7 343 " + String(1_000_000 + rng.below(9_000_000))
        var update: [GeneratedValue] = [.object(["VALUE": .string(number), "VALUE_TYPE": "WORK"])]
        if case .array(let entries)? = record.payload["PHONE"], let first = entries.first?["ID"] {
            update = [.object(["ID": first, "VALUE": .string(number)])]
        }
        _ = apply(["PHONE": .array(update)], to: &record)
    }

    var stampResolution: Int64 { 1000 }

    var reportsMerges: Bool { false }
}
