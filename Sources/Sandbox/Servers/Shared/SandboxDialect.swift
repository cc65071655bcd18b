/// What differs between sandbox CRMs in how records change: where the modification stamp and deletion flag sit,
/// which fields a write may touch, what a scripted edit changes. The store does the rest the same way for all.
protocol SandboxDialect: Sendable {
    /// The API object name for a generated entity (`Account`, `companies`).
    func object(for entity: GeneratedEntityKind) -> String
    /// The modification stamp the payload itself carries (its precision can exceed the generator's envelope).
    func modifiedMillis(of payload: [String: GeneratedValue]) -> Int64?
    /// Writes the modification stamp into the payload's own fields.
    func stamp(_ record: inout SandboxRecord, at millis: Int64)
    /// Soft-deletes; `mergedInto` names the survivor when the deletion is a merge.
    func delete(_ record: inout SandboxRecord, mergedInto: String?, at millis: Int64)
    /// Applies a write's fields; returns an error code for a field the API would refuse.
    func apply(_ fields: [String: GeneratedValue], to record: inout SandboxRecord) -> String?
    /// A scripted edit of some value, as a user of the CRM would make.
    func edit(_ record: inout SandboxRecord, rng: inout SplitMix64)
    /// Whether the CRM reports merge losers (Salesforce's `MasterRecordId`).
    var reportsMerges: Bool { get }
    /// The resolution of the CRM's modification stamps in milliseconds: 1 gives every change its own
    /// millisecond (HubSpot); 1000 stamps whole seconds, and changes within one second share a stamp
    /// (Salesforce's `SystemModstamp`, Bitrix24's `DATE_MODIFY`).
    var stampResolution: Int64 { get }
}

extension SandboxDialect {
    var stampResolution: Int64 { 1 }
}
