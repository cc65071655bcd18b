import Foundation

/// One record as a source system would return it, with the envelope a connector extracts.
public struct GeneratedRecord: Sendable, Hashable {
    /// Source name (`GeneratedSource.name`).
    public var source: String
    /// The source's own id (`Id`, `id`, `ID`, `__id`, `Ид`).
    public var sourceId: String
    public var entity: GeneratedEntityKind
    /// Also present inside the payload in the source's own format (`SystemModstamp`, `DATE_MODIFY`, ...).
    public var modifiedAt: Date
    /// Soft-deleted in the source (`IsDeleted`, `archived`, `__deletedAt`, `ПометкаУдаления`).
    public var deleted: Bool
    /// Field names exactly as the source's API spells them.
    public var payload: [String: GeneratedValue]
    /// The held-out error classes that touched this record (empty unless the profile sets them); the same set as
    /// its `TruthRow.errorClasses`.
    public var errorClasses: GeneratedErrorClasses

    public init(
        source: String, sourceId: String, entity: GeneratedEntityKind, modifiedAt: Date, deleted: Bool,
        payload: [String: GeneratedValue], errorClasses: GeneratedErrorClasses = []
    ) {
        self.source = source
        self.sourceId = sourceId
        self.entity = entity
        self.modifiedAt = modifiedAt
        self.deleted = deleted
        self.payload = payload
        self.errorClasses = errorClasses
    }
}

extension GeneratedRecord {
    /// The record as someone edited it a day later: its first non-empty text field (in key order, other than its id)
    /// with " 2" appended. The payload's own stamp field is left as it was.
    public func edited() -> GeneratedRecord {
        var copy = self
        copy.modifiedAt = modifiedAt.addingTimeInterval(86_400)
        for key in payload.keys.sorted() {
            if case .string(let text) = payload[key], !text.isEmpty, text != sourceId {
                copy.payload[key] = .string(text + " 2")
                break
            }
        }
        return copy
    }

    /// A new record with this one's values under another id (every top-level field holding the id takes the new one).
    public func copy(id: String) -> GeneratedRecord {
        var copy = self
        copy.sourceId = id
        for (key, value) in payload where value == .string(sourceId) { copy.payload[key] = .string(id) }
        return copy
    }
}
