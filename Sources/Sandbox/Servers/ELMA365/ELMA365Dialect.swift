import Foundation

/// How items change in ELMA365 apps: system fields start with `__`; `__updatedAt` moves on every change
/// (milliseconds), deletion sets `__deletedAt` (and moves `__updatedAt`), system fields cannot be written.
struct ELMA365Dialect: SandboxDialect {
    static let readOnlyFields: Set<String> = ["__id", "__createdAt", "__updatedAt", "__deletedAt", "__createdBy"]

    static func format(_ millis: Int64) -> String {
        SandboxMillis.iso8601(millis)
    }

    static func parse(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
    }

    static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    func object(for entity: GeneratedEntityKind) -> String {
        entity == .organization ? "_companies" : "_contacts"
    }

    func modifiedMillis(of payload: [String: GeneratedValue]) -> Int64? {
        payload["__updatedAt"]?.stringValue.flatMap(Self.parse).map(Self.millis)
    }

    func stamp(_ record: inout SandboxRecord, at millis: Int64) {
        record.modifiedAt = millis
        record.payload["__updatedAt"] = .string(Self.format(millis))
    }

    func delete(_ record: inout SandboxRecord, mergedInto: String?, at millis: Int64) {
        record.deleted = true
        record.payload["__deletedAt"] = .string(Self.format(millis))
        stamp(&record, at: millis)
    }

    func apply(_ fields: [String: GeneratedValue], to record: inout SandboxRecord) -> String? {
        for (name, value) in fields {
            if Self.readOnlyFields.contains(name) { return "field \(name) is read-only" }
            record.payload[name] = value
        }
        return nil
    }

    func edit(_ record: inout SandboxRecord, rng: inout SplitMix64) {
        let number = "+7 383 " + String(1_000_000 + rng.below(9_000_000))
        record.payload["phone"] = .array([.object(["type": "work", "tel": .string(number)])])
    }

    var reportsMerges: Bool { false }
}
