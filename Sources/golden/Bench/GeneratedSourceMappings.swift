import Connectors
import Foundation
import Sandbox

/// Generated records as the connectors would deliver them, with the shipped mapping of each source's kind.
///
/// Benchmarks start from the generator but must exercise the real mapping and standardization paths, so every
/// generated payload goes through the same `RawRecord` → mapping → standardizer route as a pulled record.
struct GeneratedSourceMappings {
    let mappings: [GeneratedSourceKind: SourceMapping]

    init(directory: URL) throws {
        var mappings: [GeneratedSourceKind: SourceMapping] = [:]
        let files: [GeneratedSourceKind: String] = [
            .salesforce: "salesforce", .hubspot: "hubspot", .bitrix24: "bitrix24", .elma365: "elma365", .oneC: "1c",
        ]
        for (kind, name) in files {
            mappings[kind] = try MappingLoader.load(contentsOf: directory.appendingPathComponent("\(name).yaml"))
        }
        self.mappings = mappings
    }

    func mapping(for kind: GeneratedSourceKind) -> SourceMapping { mappings[kind]! }
}

extension RawRecord {
    /// The record a connector would have pulled for this generated record.
    init(generated record: GeneratedRecord) {
        self.init(
            source: record.source, sourceKey: record.sourceId,
            entity: record.entity == .organization ? .organization : .person, modifiedAt: record.modifiedAt,
            deleted: record.deleted, payload: JSONValue(generatedPayload: record.payload))
    }
}

extension JSONValue {
    init(generatedPayload members: [String: GeneratedValue]) {
        self = .object(members.mapValues(JSONValue.init(generatedValue:)))
    }

    init(generatedValue value: GeneratedValue) {
        switch value {
        case .string(let text): self = .string(text)
        case .number(let number): self = .number(number)
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        case .array(let items): self = .array(items.map(JSONValue.init(generatedValue:)))
        case .object(let members): self = .object(members.mapValues(JSONValue.init(generatedValue:)))
        }
    }
}
