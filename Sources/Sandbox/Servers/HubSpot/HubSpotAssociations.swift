/// Contacts and companies linked both ways, with the labels and type ids HubSpot uses for each direction.
///
/// The generated data stores the link once, on the contact (`associations.companies`); a company's contacts are
/// found by reading the links backwards, as HubSpot's one association table answers both directions.
enum HubSpotAssociations {
    /// The ids of the companies a contact names.
    static func companies(of contact: SandboxRecord) -> [String] {
        guard case .array(let linked)? = contact.payload["associations"]?["companies"]?["results"] else { return [] }
        return linked.compactMap { $0["id"]?.flatText }
    }

    /// Live contacts per company id, in contact id order.
    static func contactsByCompany(_ store: SandboxRecordStore) async -> [String: [String]] {
        let contacts = await store.select(
            object: "contacts", where: { !$0.deleted },
            orderedBy: { $0.id.count != $1.id.count ? $0.id.count < $1.id.count : $0.id < $1.id })
        var result: [String: [String]] = [:]
        for contact in contacts {
            for company in companies(of: contact) { result[company, default: []].append(contact.id) }
        }
        return result
    }

    /// The `type` of a v3 association result (`contact_to_company`, `company_to_contact`).
    static func v3Label(from object: String, to type: String) -> String {
        singular(object) + "_to_" + singular(type)
    }

    /// The v4 `associationTypes` of the primary link: the "Primary" type and the unlabeled one, whose ids differ
    /// by direction (contact→company 1 and 279, company→contact 2 and 280).
    static func v4Types(from object: String, to type: String) -> [GeneratedValue] {
        let (primary, unlabeled): (Double, Double) = object == "companies" ? (2, 280) : (1, 279)
        return [
            .object(["category": "HUBSPOT_DEFINED", "typeId": .number(primary), "label": "Primary"]),
            .object(["category": "HUBSPOT_DEFINED", "typeId": .number(unlabeled), "label": .null]),
        ]
    }

    private static func singular(_ object: String) -> String {
        switch object {
        case "companies": return "company"
        case "contacts": return "contact"
        default: return object.hasSuffix("s") ? String(object.dropLast()) : object
        }
    }
}
