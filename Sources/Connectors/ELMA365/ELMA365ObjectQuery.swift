import Foundation

/// One ELMA365 app as the connector reads it (`_clients/_companies`): where it lives and its envelope fields,
/// from the mapping (`options: { namespace, code }`, `id`, `modified_at`, `deleted`).
struct ELMA365ObjectQuery: Sendable, Hashable {
    let entity: RawRecord.Entity
    /// The mapping's object name (`companies`), used in watermarks and messages.
    let object: String
    let namespace: String
    let code: String
    let idField: String
    let modifiedField: String
    let deletedField: String

    init(entity: RawRecord.Entity, mapping: EntityMapping) {
        self.entity = entity
        object = mapping.object
        namespace = mapping.options["namespace"] ?? "_clients"
        code = mapping.options["code"] ?? "_" + mapping.object
        idField = mapping.idPath.description
        modifiedField = mapping.modifiedAtPath?.description ?? "__updatedAt"
        deletedField = mapping.deletedPath?.description ?? "__deletedAt"
    }

    /// `/pub/v1/app/_clients/_companies`
    var appPath: String { "/pub/v1/app/\(namespace)/\(code)" }

    /// ELMA365 datetimes: `2024-05-20T20:49:32.117Z`.
    static func parse(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
    }

    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
