/// How records change in a Salesforce org: `SystemModstamp`/`LastModifiedDate` move on every change, deletion
/// sets `IsDeleted` (and `MasterRecordId` for a merge loser), system fields cannot be written.
struct SalesforceDialect: SandboxDialect {
    static let readOnlyFields: Set<String> = [
        "Id", "IsDeleted", "MasterRecordId", "CreatedDate", "LastModifiedDate", "SystemModstamp", "attributes", "Name",
    ]

    func object(for entity: GeneratedEntityKind) -> String {
        entity == .organization ? "Account" : "Contact"
    }

    func modifiedMillis(of payload: [String: GeneratedValue]) -> Int64? {
        payload["SystemModstamp"]?.stringValue.flatMap(SalesforceSandboxTime.millis)
    }

    func stamp(_ record: inout SandboxRecord, at millis: Int64) {
        record.modifiedAt = millis
        let text = GeneratedValue.string(SalesforceSandboxTime.format(millis))
        record.payload["SystemModstamp"] = text
        record.payload["LastModifiedDate"] = text
    }

    func delete(_ record: inout SandboxRecord, mergedInto: String?, at millis: Int64) {
        record.deleted = true
        record.payload["IsDeleted"] = .bool(true)
        record.payload["MasterRecordId"] = mergedInto.map(GeneratedValue.string) ?? .null
        stamp(&record, at: millis)
    }

    func apply(_ fields: [String: GeneratedValue], to record: inout SandboxRecord) -> String? {
        for (name, value) in fields {
            // Contact.Name is a read-only concatenation; Account.Name is writable.
            if Self.readOnlyFields.contains(name), !(name == "Name" && record.object == "Account") {
                return "INVALID_FIELD_FOR_INSERT_UPDATE"
            }
            record.payload[name] = value
        }
        return nil
    }

    func edit(_ record: inout SandboxRecord, rng: inout SplitMix64) {
        let number = String(1_000_000 + rng.below(9_000_000))
        record.payload["Phone"] = .string("+7 495 " + number)
    }

    var stampResolution: Int64 { 1000 }

    var reportsMerges: Bool { true }
}
