/// The standard fields of the sObjects the sandbox serves (connectors.md §1.2), so a query may select a field no
/// generated record happens to fill, as it may in a real org.
enum SalesforceSchema {
    static let standardFields: [String: Set<String>] = [
        "Account": [
            "Id", "Name", "AccountNumber", "AccountSource", "AnnualRevenue", "BillingStreet", "BillingCity",
            "BillingState", "BillingPostalCode", "BillingCountry", "ShippingStreet", "ShippingCity", "ShippingState",
            "ShippingPostalCode", "ShippingCountry", "Description", "Fax", "Phone", "Website", "Industry",
            "NumberOfEmployees", "Type", "ParentId", "OwnerId", "IsDeleted", "MasterRecordId", "CreatedDate",
            "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp",
        ],
        "Contact": [
            "Id", "AccountId", "Salutation", "FirstName", "MiddleName", "LastName", "Suffix", "Name", "Title",
            "Department", "Email", "Phone", "MobilePhone", "HomePhone", "Fax", "AssistantName", "AssistantPhone",
            "Birthdate", "MailingStreet", "MailingCity", "MailingState", "MailingPostalCode", "MailingCountry",
            "HasOptedOutOfEmail", "DoNotCall", "OwnerId", "IsDeleted", "MasterRecordId", "CreatedDate",
            "LastModifiedDate", "SystemModstamp",
        ],
    ]
}
