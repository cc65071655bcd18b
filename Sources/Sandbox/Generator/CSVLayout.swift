/// Which columns a CRM export has, in the source's own field names, and how a payload fills them.
///
/// One file per source and object (`sf_a_Account.csv`, `sf_a_Contact.csv`, `hubspot_companies.csv`, ...):
/// a real export is per object, and one header per object keeps every row's columns meaningful. Nested
/// values are flattened: HubSpot `properties.x` becomes column `x`; multi-field arrays (Bitrix24 `PHONE`,
/// ELMA365 `phone`) become their values joined by `"; "`; the HubSpot company association becomes
/// `associatedcompanyid`. Missing and null fields are empty cells.
public struct CSVLayout: Sendable {
    public let object: String
    public let columns: [(header: String, path: [String])]

    /// The layout for records of `entity` in a source of `kind`; nil for 1C, which is written as XML.
    public static func layout(for kind: GeneratedSourceKind, entity: GeneratedEntityKind) -> CSVLayout? {
        switch (kind, entity) {
        case (.salesforce, .organization):
            return CSVLayout(object: "Account", flat: [
                "Id", "Name", "Type", "Phone", "Website", "BillingStreet", "BillingCity", "BillingState",
                "BillingPostalCode", "BillingCountry", "INN__c", "KPP__c", "OwnerId", "IsDeleted", "MasterRecordId",
                "CreatedDate", "LastModifiedDate", "SystemModstamp",
            ])
        case (.salesforce, .person):
            return CSVLayout(object: "Contact", flat: [
                "Id", "AccountId", "FirstName", "MiddleName", "LastName", "Title", "Email", "Phone", "MobilePhone",
                "HasOptedOutOfEmail", "DoNotCall", "Birthdate", "MailingCity", "OwnerId", "IsDeleted",
                "MasterRecordId", "CreatedDate", "LastModifiedDate", "SystemModstamp",
            ])
        case (.hubspot, .organization):
            return CSVLayout(object: "companies", columns: [("id", ["id"])] + [
                "name", "domain", "phone", "address", "city", "zip", "country", "inn", "kpp", "lifecyclestage",
                "hubspot_owner_id", "createdate", "hs_lastmodifieddate",
            ].map { ($0, ["properties", $0]) } + [("archived", ["archived"])])
        case (.hubspot, .person):
            return CSVLayout(object: "contacts", columns: [("id", ["id"])] + [
                "firstname", "lastname", "email", "phone", "mobilephone", "jobtitle", "company", "hs_email_optout",
                "hubspot_owner_id", "createdate", "lastmodifieddate",
            ].map { ($0, ["properties", $0]) } + [
                ("associatedcompanyid", ["associations", "companies", "results"]), ("archived", ["archived"]),
            ])
        case (.bitrix24, .organization):
            return CSVLayout(object: "companies", flat: [
                "ID", "TITLE", "COMPANY_TYPE", "PHONE", "EMAIL", "WEB", "ADDRESS", "ADDRESS_CITY",
                "ADDRESS_POSTAL_CODE", "ADDRESS_COUNTRY", "RQ_INN", "RQ_KPP", "RQ_OGRN", "ASSIGNED_BY_ID",
                "DATE_CREATE", "DATE_MODIFY",
            ])
        case (.bitrix24, .person):
            return CSVLayout(object: "contacts", flat: [
                "ID", "NAME", "SECOND_NAME", "LAST_NAME", "POST", "COMPANY_ID", "PHONE", "EMAIL", "BIRTHDATE",
                "ASSIGNED_BY_ID", "DATE_CREATE", "DATE_MODIFY",
            ])
        case (.elma365, .organization):
            return CSVLayout(object: "companies", flat: [
                "__id", "__name", "inn", "kpp", "phone", "email", "website", "address", "__createdBy",
                "__createdAt", "__updatedAt", "__deletedAt",
            ])
        case (.elma365, .person):
            return CSVLayout(object: "contacts", columns: [("__id", ["__id"]), ("__name", ["__name"])] + [
                "firstname", "middlename", "lastname",
            ].map { ($0, ["fullname", $0]) } + [
                "position", "_companies", "phone", "email", "birthDate", "__createdBy", "__createdAt",
                "__updatedAt", "__deletedAt",
            ].map { ($0, [$0]) })
        case (.oneC, _):
            return nil
        }
    }

    private init(object: String, flat: [String]) {
        self.init(object: object, columns: flat.map { ($0, [$0]) })
    }

    private init(object: String, columns: [(header: String, path: [String])]) {
        self.object = object
        self.columns = columns
    }

    public var header: [String] { columns.map(\.header) }

    /// The row for one payload, cell by cell, using `GeneratedValue.flatText`.
    public func row(for payload: [String: GeneratedValue]) -> [String] {
        columns.map { column in
            var value: GeneratedValue? = payload[column.path[0]]
            for key in column.path.dropFirst() { value = value?[key] }
            return value?.flatText ?? ""
        }
    }
}
