import Foundation

/// One Bitrix24 CRM object as the connector reads it (`crm.company`, `crm.contact`): the list and update methods
/// and the fields to select, taken from the source's mapping.
struct Bitrix24ObjectQuery: Sendable, Hashable {
    let entity: RawRecord.Entity
    /// `crm.company`
    let object: String
    /// Sorted, unique; `ID` and `DATE_MODIFY` included, requisite fields (`RQ_*`) left out: they are not fields of
    /// the company and are read from `crm.requisite.list`.
    let select: [String]
    /// `RQ_INN`, `RQ_KPP`, `RQ_OGRN` as far as the mapping reads them; empty for contacts.
    let requisiteFields: [String]

    /// Multiple fields: `*` does not include them, so they are always named.
    static let multiFields: Set<String> = ["PHONE", "EMAIL", "WEB", "IM", "LINK"]

    init(entity: RawRecord.Entity, mapping: EntityMapping) {
        self.entity = entity
        object = mapping.object
        var select: Set<String> = ["ID", "DATE_MODIFY"]
        var requisites: Set<String> = []
        for path in mapping.fields.flatMap(\.paths) {
            let text = path.description
            let head = String(text.prefix { $0 != "." && $0 != "[" })
            if head.hasPrefix("RQ_") { requisites.insert(head) } else if !head.isEmpty { select.insert(head) }
        }
        self.select = select.sorted()
        requisiteFields = entity == .organization ? requisites.sorted() : []
    }

    var listMethod: String { object + ".list" }
    var updateMethod: String { object + ".update" }
}
