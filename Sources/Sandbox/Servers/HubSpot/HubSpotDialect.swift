import Foundation

/// How records change in a HubSpot portal: the modification property differs by object
/// (`hs_lastmodifieddate` for companies, `lastmodifieddate` for contacts), archiving sets `archived` and
/// `archivedAt`, all property values are text.
struct HubSpotDialect: SandboxDialect {
    static let readOnlyProperties: Set<String> = [
        "hs_object_id", "createdate", "hs_lastmodifieddate", "lastmodifieddate",
    ]

    static func modifiedProperty(of object: String) -> String {
        object == "contacts" ? "lastmodifieddate" : "hs_lastmodifieddate"
    }

    static func format(_ millis: Int64) -> String {
        SandboxMillis.iso8601(millis)
    }

    func object(for entity: GeneratedEntityKind) -> String {
        entity == .organization ? "companies" : "contacts"
    }

    func modifiedMillis(of payload: [String: GeneratedValue]) -> Int64? {
        let object = payload["properties"]?["hs_lastmodifieddate"] ?? payload["properties"]?["lastmodifieddate"]
        guard let text = object?.stringValue,
            let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        else { return nil }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    func stamp(_ record: inout SandboxRecord, at millis: Int64) {
        record.modifiedAt = millis
        let text = GeneratedValue.string(Self.format(millis))
        var properties = record.payload["properties"].flatMap(Self.members) ?? [:]
        properties[Self.modifiedProperty(of: record.object)] = text
        record.payload["properties"] = .object(properties)
        record.payload["updatedAt"] = text
    }

    func delete(_ record: inout SandboxRecord, mergedInto: String?, at millis: Int64) {
        record.deleted = true
        record.payload["archived"] = .bool(true)
        record.payload["archivedAt"] = .string(Self.format(millis))
        stamp(&record, at: millis)
    }

    func apply(_ fields: [String: GeneratedValue], to record: inout SandboxRecord) -> String? {
        var properties = record.payload["properties"].flatMap(Self.members) ?? [:]
        for (name, value) in fields {
            if Self.readOnlyProperties.contains(name) { return "READ_ONLY_VALUE" }
            properties[name] = value == .null ? .null : .string(value.flatText)
        }
        record.payload["properties"] = .object(properties)
        return nil
    }

    func edit(_ record: inout SandboxRecord, rng: inout SplitMix64) {
        _ = apply(["phone": .string("+7 812 " + String(1_000_000 + rng.below(9_000_000)))], to: &record)
    }

    var reportsMerges: Bool { false }

    static func members(_ value: GeneratedValue) -> [String: GeneratedValue]? {
        if case .object(let members) = value { return members }
        return nil
    }
}
