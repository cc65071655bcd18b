import Foundation

/// One HubSpot object type as the connector reads it (`companies`, `contacts`): the properties to ask for, the
/// modification property its search filters on, and the associations the mapping reads.
struct HubSpotObjectQuery: Sendable, Hashable {
    let entity: RawRecord.Entity
    /// `companies`, `contacts`
    let object: String
    /// `hs_lastmodifieddate` for companies, `lastmodifieddate` for contacts: HubSpot names them differently.
    let modifiedProperty: String
    /// Sorted, unique; the modification property and `hs_object_id` included.
    let properties: [String]
    /// Object types whose associations the mapping reads (`companies` for a contact's employer), plus those named
    /// in `options.associations` (`contacts` for a company's people: comma-separated, kept in the raw payload
    /// without a canonical field). Associations are read the same way in both directions.
    let associations: [String]

    init(entity: RawRecord.Entity, mapping: EntityMapping) {
        self.entity = entity
        object = mapping.object
        let modifiedPath = mapping.modifiedAtPath?.description ?? ""
        if modifiedPath.hasPrefix("properties.") {
            modifiedProperty = String(modifiedPath.dropFirst("properties.".count))
        } else {
            modifiedProperty = mapping.object == "contacts" ? "lastmodifieddate" : "hs_lastmodifieddate"
        }
        var properties: Set<String> = [modifiedProperty, "hs_object_id"]
        var associations: Set<String> = []
        for path in mapping.fields.flatMap(\.paths).map(\.description) {
            let parts = path.split(separator: ".").map { String($0.prefix { $0 != "[" }) }
            guard parts.count >= 2 else { continue }
            if parts[0] == "properties" { properties.insert(parts[1]) }
            if parts[0] == "associations" { associations.insert(parts[1]) }
        }
        for name in (mapping.options["associations"] ?? "").split(separator: ",") {
            let type = name.trimmingCharacters(in: .whitespaces)
            if !type.isEmpty { associations.insert(type) }
        }
        self.properties = properties.sorted()
        self.associations = associations.sorted()
    }

    /// HubSpot datetimes (`2024-05-20T20:49:32.117Z`); search filters take epoch milliseconds.
    static func parse(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
    }

    static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
