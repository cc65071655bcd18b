/// One simulated source system instance (for example the `sf_a` Salesforce org).
public struct GeneratedSource: Sendable, Hashable, Codable {
    /// Unique name; appears in records, truth rows and file names.
    public var name: String
    public var kind: GeneratedSourceKind
    /// Relative chance that an organization is present in this source (persons follow their employer).
    public var weight: Int

    public init(name: String, kind: GeneratedSourceKind, weight: Int = 10) {
        precondition(weight > 0, "a source needs a positive weight")
        self.name = name
        self.kind = kind
        self.weight = weight
    }

    public static let salesforceA = GeneratedSource(name: "sf_a", kind: .salesforce, weight: 12)
    public static let salesforceB = GeneratedSource(name: "sf_b", kind: .salesforce, weight: 7)
    public static let hubspot = GeneratedSource(name: "hubspot", kind: .hubspot, weight: 9)
    public static let bitrix24 = GeneratedSource(name: "bitrix24", kind: .bitrix24, weight: 10)
    public static let elma365 = GeneratedSource(name: "elma365", kind: .elma365, weight: 5)
    public static let accounting1C = GeneratedSource(name: "acc_1c", kind: .oneC, weight: 14)

    /// The six sources of issue 4: two Salesforce orgs, HubSpot, Bitrix24, ELMA365 and 1C accounting.
    public static let defaults: [GeneratedSource] = [
        .salesforceA, .salesforceB, .hubspot, .bitrix24, .elma365, .accounting1C,
    ]
}
