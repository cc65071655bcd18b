import Foundation

/// One object of a Salesforce org as the connector reads it: which fields to select and where the envelope
/// (id, modification stamp, deletion flag, merge target) sits, all taken from the source's mapping.
struct SalesforceObjectQuery: Sendable, Hashable {
    let entity: RawRecord.Entity
    /// The sObject API name (`Account`).
    let object: String
    let idField: String
    let modifiedField: String
    let deletedField: String
    /// `MasterRecordId`: a deleted record pointing at a survivor is a merge loser, not a plain deletion.
    let mergedIntoField: String?
    /// Sorted, unique; the envelope fields included.
    let fields: [String]

    init(entity: RawRecord.Entity, mapping: EntityMapping) {
        self.entity = entity
        object = mapping.object
        idField = Self.field(mapping.idPath)
        modifiedField = mapping.modifiedAtPath.map(Self.field) ?? "SystemModstamp"
        deletedField = mapping.deletedPath.map(Self.field) ?? "IsDeleted"
        mergedIntoField = mapping.options["merged_into"]
        var fields: Set<String> = [idField, modifiedField, deletedField]
        if let mergedIntoField { fields.insert(mergedIntoField) }
        for field in mapping.fields {
            for path in field.paths { fields.insert(Self.field(path)) }
        }
        self.fields = fields.sorted()
    }

    /// The SOQL name behind a mapping path: `Name`, or `Account.Name` for a parent relationship; a fan-out
    /// (`[]`) has no SOQL meaning, so only its first segment is selected.
    static func field(_ path: FieldPath) -> String {
        let text = path.description
        if let bracket = text.firstIndex(of: "[") {
            return String(text[..<bracket].split(separator: ".").first ?? "")
        }
        return text
    }

    /// `SELECT … FROM Account [WHERE …] ORDER BY SystemModstamp, Id`: ordered by the watermark field so the
    /// last record of a page is the resume point.
    func soql(deletedOnly: Bool, since: Date?) -> String {
        var conditions: [String] = []
        if deletedOnly { conditions.append("\(deletedField) = true") }
        if let since { conditions.append("\(modifiedField) >= \(SalesforceTimestamp.literal(since))") }
        var text = "SELECT \(fields.joined(separator: ", ")) FROM \(object)"
        if !conditions.isEmpty { text += " WHERE " + conditions.joined(separator: " AND ") }
        return text + " ORDER BY \(modifiedField), \(idField)"
    }

    /// One row of this object (from a query page or a collection read) as a raw record.
    func record(from row: JSONValue, source: String, origin: String, location: String) throws -> RawRecord {
        guard case .object = row, let id = row[idField]?.stringText, !id.isEmpty else {
            throw ConnectorError(
                .malformedRecord, source: source, location: "\(origin) (\(location))",
                message: "a \(object) row without '\(idField)'")
        }
        guard let stampText = row[modifiedField]?.stringText, let modifiedAt = SalesforceTimestamp.parse(stampText)
        else {
            throw ConnectorError(
                .malformedRecord, source: source, location: "\(object) \(id), \(origin)",
                message: "'\(modifiedField)' is missing or not a datetime")
        }
        var deleted = false
        if case .bool(let flag)? = row[deletedField] { deleted = flag }
        let mergedInto = deleted ? mergedIntoField.flatMap { row[$0]?.stringText } : nil
        return RawRecord(
            source: source, sourceKey: id, entity: entity, modifiedAt: modifiedAt, deleted: deleted,
            mergedIntoKey: mergedInto, payload: row, origin: origin)
    }
}
