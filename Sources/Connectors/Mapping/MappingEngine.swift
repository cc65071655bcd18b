import Foundation

/// The canonical values one raw record carries, before standardization: field → texts, in source order.
public struct MappedRecord: Sendable, Hashable {
    public let entity: CanonicalField.Entity
    public let sourceKey: String
    public var values: [CanonicalField: [String]]
    /// Required fields the payload did not have.
    public var missingRequired: [CanonicalField]

    public func first(_ field: CanonicalField) -> String? { values[field]?.first }
}

/// Applies a ``SourceMapping`` to payloads. Pure and cheap: it runs once per landed record.
public struct MappingEngine: Sendable {
    public let mapping: SourceMapping

    public init(mapping: SourceMapping) {
        self.mapping = mapping
    }

    /// The canonical values of `payload` as `entity`.
    ///
    /// - Throws: ``ConnectorError`` (`malformedRecord`) when the source did not map that entity or the payload has
    ///   no id at the mapped path: such a record cannot be landed, and the error names the source and the path.
    public func map(_ payload: JSONValue, as entity: CanonicalField.Entity, source: String) throws -> MappedRecord {
        guard let entityMapping = mapping.entities[entity] else {
            throw ConnectorError(
                .malformedRecord, source: source, location: mapping.file,
                message: "the mapping has no \(entity.rawValue) section")
        }
        guard let key = entityMapping.idPath.values(in: payload).first(where: { !$0.isEmpty }) else {
            throw ConnectorError(
                .malformedRecord, source: source, location: mapping.file,
                message: "record has no id at '\(entityMapping.idPath)'")
        }
        var values: [CanonicalField: [String]] = [:]
        var missing: [CanonicalField] = []
        for fieldMapping in entityMapping.fields {
            var texts = fieldMapping.paths.flatMap { $0.values(in: payload) }
            for transform in fieldMapping.transforms { texts = transform.apply(texts) }
            texts = texts.map { $0.removingControlCharacters.trimmingWhitespace }.filter { !$0.isEmpty }
            if !fieldMapping.field.isRepeated, texts.count > 1 { texts = [texts[0]] }
            if texts.isEmpty {
                if fieldMapping.required { missing.append(fieldMapping.field) }
            } else {
                values[fieldMapping.field, default: []].append(contentsOf: texts)
            }
        }
        return MappedRecord(entity: entity, sourceKey: key, values: values, missingRequired: missing)
    }
}
