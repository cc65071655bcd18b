import Foundation
import GoldenCore

/// The canonical values one raw record carries, before standardization: field → texts, in source order.
public struct MappedRecord: Sendable, Hashable {
    public let entity: CanonicalField.Entity
    public let sourceKey: String
    public var values: [CanonicalField: [String]]
    /// Required fields the payload did not have.
    public var missingRequired: [CanonicalField]
    /// Values longer than ``MappingEngine/maximumValueBytes``, left out of `values` (field, value's start, length).
    public var tooLong: [(field: CanonicalField, start: String, bytes: Int)] = []
    /// The kind of `national_id` the mapping declares (`nil`: SNILS).
    public var nationalIDKind: NationalID.Kind?

    public init(
        entity: CanonicalField.Entity, sourceKey: String, values: [CanonicalField: [String]],
        missingRequired: [CanonicalField], tooLong: [(field: CanonicalField, start: String, bytes: Int)] = []
    ) {
        self.entity = entity
        self.sourceKey = sourceKey
        self.values = values
        self.missingRequired = missingRequired
        self.tooLong = tooLong
    }

    public static func == (lhs: MappedRecord, rhs: MappedRecord) -> Bool {
        lhs.entity == rhs.entity && lhs.sourceKey == rhs.sourceKey && lhs.values == rhs.values
            && lhs.missingRequired == rhs.missingRequired
            && lhs.tooLong.map(\.field) == rhs.tooLong.map(\.field) && lhs.tooLong.map(\.bytes) == rhs.tooLong.map(\.bytes)
            && lhs.nationalIDKind == rhs.nationalIDKind
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entity)
        hasher.combine(sourceKey)
        hasher.combine(values)
        hasher.combine(missingRequired)
    }

    public func first(_ field: CanonicalField) -> String? { values[field]?.first }
}

/// Applies a ``SourceMapping`` to payloads. Pure and cheap: it runs once per landed record.
public struct MappingEngine: Sendable {
    public let mapping: SourceMapping
    /// The longest value (in UTF-8 bytes) a canonical field takes. Names, identifiers, emails, phones and addresses
    /// are far shorter; a longer one is a damaged or hostile value, and some standardizers need time and memory
    /// that grow faster than its length (a 2 MB "name" of 700,000 words exhausted memory). It is quarantined
    /// instead (`mapping.value_too_long`); the raw payload keeps it whole.
    public static let maximumValueBytes = 4_096

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
        var tooLong: [(field: CanonicalField, start: String, bytes: Int)] = []
        for fieldMapping in entityMapping.fields {
            var texts = fieldMapping.paths.flatMap { $0.values(in: payload) }
            texts.removeAll { text in
                guard text.utf8.count > Self.maximumValueBytes else { return false }
                tooLong.append((fieldMapping.field, String(text.prefix(200)), text.utf8.count))
                return true
            }
            for transform in fieldMapping.transforms { texts = transform.apply(texts) }
            texts = texts.map { $0.removingControlCharacters.trimmingWhitespace }.filter { !$0.isEmpty }
            if !fieldMapping.field.isRepeated, texts.count > 1 { texts = [texts[0]] }
            if texts.isEmpty {
                if fieldMapping.required, !tooLong.contains(where: { $0.field == fieldMapping.field }) {
                    missing.append(fieldMapping.field)
                }
            } else {
                values[fieldMapping.field, default: []].append(contentsOf: texts)
            }
        }
        var mapped = MappedRecord(
            entity: entity, sourceKey: key, values: values, missingRequired: missing, tooLong: tooLong)
        mapped.nationalIDKind = entityMapping.fields.first { $0.field == .nationalID }?.idKind
        return mapped
    }
}
