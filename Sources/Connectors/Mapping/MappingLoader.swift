import Foundation
import GoldenCore

/// Reads and validates `mappings/<source>.yaml`. Every mistake is reported with file, line and key.
///
/// File shape:
/// ```yaml
/// kind: salesforce
/// default_region: RU
/// entities:
///   organization:
///     object: Account
///     id: Id
///     modified_at: SystemModstamp
///     deleted: IsDeleted
///     fields:
///       legal_name: Name
///       phone: { path: [Phone, Fax] }
///       address: { path: [BillingStreet, BillingCity, BillingPostalCode], transform: [{ join: ", " }] }
///     receives_back: [legal_name, phone]
///     trust: { default: 0.5, legal_name: 0.4 }
///     options: { inn_field: INN__c }
/// ```
public enum MappingLoader {
    static let knownKinds: Set<String> = ["salesforce", "hubspot", "bitrix24", "elma365", "1c-xml", "csv", "xlsx"]

    public static func load(contentsOf url: URL) throws -> SourceMapping {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigurationFileError(
                file: url.path, line: nil, column: nil, keyPath: "", message: "cannot read the file as UTF-8 text")
        }
        return try load(yaml: text, file: url.path)
    }

    public static func load(yaml: String, file: String) throws -> SourceMapping {
        let root = try YAMLNodeReader.parse(yaml, file: file)
        _ = try root.mapping(allowed: ["kind", "default_region", "entities", "description"])
        let kindNode = try root.required("kind")
        let kind = try kindNode.string()
        guard knownKinds.contains(kind) else {
            throw kindNode.error("unknown kind '\(kind)'; expected one of: \(knownKinds.sorted().joined(separator: ", "))")
        }
        let region = try root.optional("default_region").map(readRegion) ?? "RU"
        var entities: [CanonicalField.Entity: EntityMapping] = [:]
        let entitiesNode = try root.required("entities")
        for (key, node) in try entitiesNode.mapping(allowed: Set(CanonicalField.Entity.allCases.map(\.rawValue))) {
            let entity = CanonicalField.Entity(rawValue: key)!
            entities[entity] = try readEntity(entity, node, defaultRegion: region)
        }
        guard !entities.isEmpty else { throw entitiesNode.error("map at least one entity (organization or person)") }
        return SourceMapping(kind: kind, defaultRegion: region, entities: entities, file: file)
    }

    private static func readRegion(_ node: YAMLNodeReader) throws -> String {
        let region = try node.string()
        guard region.count == 2, region.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw node.error("region must be a two-letter country code such as RU, US, DE")
        }
        return region
    }

    private static func readPath(_ node: YAMLNodeReader) throws -> FieldPath {
        let text = try node.string()
        guard let path = FieldPath(text) else {
            throw node.error("'\(text)' is not a field path (use Name, properties.phone or PHONE[].VALUE)")
        }
        return path
    }

    private static func readEntity(
        _ entity: CanonicalField.Entity, _ node: YAMLNodeReader, defaultRegion: String
    ) throws -> EntityMapping {
        _ = try node.mapping(allowed: [
            "object", "id", "modified_at", "deleted", "default_region", "fields", "receives_back", "trust", "options",
        ])
        let fieldsNode = try node.required("fields")
        var fields: [FieldMapping] = []
        for (key, fieldNode) in try fieldsNode.mapping() {
            guard let field = CanonicalField(rawValue: key) else {
                throw fieldNode.error("unknown canonical field '\(key)'")
            }
            guard field.entities.contains(entity) else {
                throw fieldNode.error("'\(key)' is not a field of \(entity.rawValue)")
            }
            fields.append(try readField(field, fieldNode))
        }
        guard !fields.isEmpty else { throw fieldsNode.error("map at least one field") }

        var receivesBack: Set<CanonicalField> = []
        if let backNode = try node.optional("receives_back") {
            for item in try backNode.sequence() {
                let name = try item.string()
                guard let field = CanonicalField(rawValue: name), field.entities.contains(entity) else {
                    throw item.error("'\(name)' is not a field of \(entity.rawValue)")
                }
                receivesBack.insert(field)
            }
        }

        var trust: [CanonicalField: Double] = [:]
        var defaultTrust = 0.5
        if let trustNode = try node.optional("trust") {
            for (key, valueNode) in try trustNode.mapping() {
                let value = try valueNode.double()
                guard (0...1).contains(value) else { throw valueNode.error("trust must be between 0 and 1") }
                if key == "default" {
                    defaultTrust = value
                } else if let field = CanonicalField(rawValue: key), field.entities.contains(entity) {
                    trust[field] = value
                } else {
                    throw valueNode.error("'\(key)' is not a field of \(entity.rawValue)")
                }
            }
        }

        var options: [String: String] = [:]
        if let optionsNode = try node.optional("options") {
            for (key, valueNode) in try optionsNode.mapping() { options[key] = try valueNode.string() }
        }

        return EntityMapping(
            entity: entity,
            object: try node.required("object").string(),
            idPath: try readPath(node.required("id")),
            modifiedAtPath: try node.optional("modified_at").map(readPath),
            deletedPath: try node.optional("deleted").map(readPath),
            defaultRegion: try node.optional("default_region").map(readRegion) ?? defaultRegion,
            fields: fields, receivesBack: receivesBack, trust: trust, defaultTrust: defaultTrust, options: options)
    }

    /// `field: Path`, `field: [PathA, PathB]`, or `field: { path: …, transform: […], required: true }`.
    private static func readField(_ field: CanonicalField, _ node: YAMLNodeReader) throws -> FieldMapping {
        if node.isMapping {
            _ = try node.mapping(allowed: ["path", "transform", "required", "kind"])
            let pathNode = try node.required("path")
            let paths = try pathNode.strings().map { text -> FieldPath in
                guard let path = FieldPath(text) else { throw pathNode.error("'\(text)' is not a field path") }
                return path
            }
            var transforms: [FieldTransform] = []
            if let transformNode = try node.optional("transform") {
                transforms = try transformNode.sequence().map(readTransform)
            }
            let required = try node.optional("required")?.bool() ?? false
            var idKind: NationalID.Kind?
            if let kindNode = try node.optional("kind") {
                guard field == .nationalID else { throw kindNode.error("'kind' applies to national_id only") }
                idKind = try readNationalIDKind(kindNode)
            }
            return FieldMapping(field: field, paths: paths, transforms: transforms, required: required, idKind: idKind)
        }
        let paths = try node.strings().map { text -> FieldPath in
            guard let path = FieldPath(text) else { throw node.error("'\(text)' is not a field path") }
            return path
        }
        return FieldMapping(field: field, paths: paths, transforms: [], required: false)
    }

    /// `snils` and `inn` are validated with their check digits; any other name (`other`, `ssn`, `passport`) is an
    /// opaque identifier of that kind, compared as written (separators and case folded). Returns the stored kind.
    private static func readNationalIDKind(_ node: YAMLNodeReader) throws -> NationalID.Kind {
        let name = try node.string()
        switch name {
        case "snils": return .snils
        case "inn": return .innPerson
        default:
            let bytes = Array(name.utf8)
            guard let first = bytes.first, first &- UInt8(ascii: "a") < 26, bytes.count <= 32,
                bytes.allSatisfy({ $0 &- UInt8(ascii: "a") < 26 || $0 &- UInt8(ascii: "0") < 10 || $0 == UInt8(ascii: "_") })
            else {
                throw node.error(
                    "'\(name)' is not an id kind; use snils, inn, or a lowercase name such as other or ssn "
                        + "for an identifier without check digits")
            }
            return NationalID.Kind(rawValue: name)
        }
    }

    /// `trim`, `lowercase`, `{ split: "; " }`, `{ join: ", " }`, `{ map: { Y: "true" }, strict: true }`,
    /// `{ date: "dd/MM/yyyy" }` (or `excel` for serial day numbers).
    private static func readTransform(_ node: YAMLNodeReader) throws -> FieldTransform {
        if node.isScalar {
            switch try node.string() {
            case "trim": return .trim
            case "lowercase": return .lowercase
            case let other:
                throw node.error("unknown transform '\(other)'; expected trim, lowercase, split, join, map or date")
            }
        }
        let members = try node.mapping(allowed: ["split", "join", "map", "strict", "date"])
        guard let (name, value) = members.first(where: { $0.key != "strict" }) else {
            throw node.error("a transform needs one of split, join, map or date")
        }
        switch name {
        case "split": return .split(try value.string())
        case "join": return .join(try value.string())
        case "date":
            let pattern = try value.string()
            guard let layout = DateLayout(pattern) else {
                throw value.error(
                    "'\(pattern)' is not a date layout; write it with yyyy, MM (or M), dd (or d) and separators, "
                        + "e.g. yyyyMMdd, dd/MM/yyyy, MM/dd/yyyy, or 'excel' for serial day numbers")
            }
            return .date(layout)
        default:
            var table: [String: String] = [:]
            for (key, target) in try value.mapping() { table[key] = try target.string() }
            return .map(table, strict: try node.optional("strict")?.bool() ?? false)
        }
    }
}
