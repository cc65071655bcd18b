import GoldenCore

/// Everything survivorship needs to know besides the records: rule lists per entity and attribute, trust per
/// source (and attribute), and which sources are accounting.
///
/// Built from `mappings/survivorship.yaml` by the loader in SyncEngine, or in code; ``standard`` states the shipped
/// file's defaults so tests and a missing file give the same behaviour.
public struct SurvivorshipConfiguration: Sendable, Hashable {
    /// Rule lists by attribute for organizations and persons. An attribute with no list uses ``fallbackRules``.
    public var organization: [GoldenAttribute: [SurvivorshipRule]]
    public var person: [GoldenAttribute: [SurvivorshipRule]]
    public var sources: [String: SourceTrust]
    /// Trust of a source the file does not list (a new CRM added before anyone rated it).
    public var defaultTrust: Double

    /// Used when an attribute has no rule list: the newest value, which is what a CRM user would expect.
    public static let fallbackRules: [SurvivorshipRule] = [.mostRecent]

    public init(
        organization: [GoldenAttribute: [SurvivorshipRule]] = [:], person: [GoldenAttribute: [SurvivorshipRule]] = [:],
        sources: [String: SourceTrust] = [:], defaultTrust: Double = 0.5
    ) {
        self.organization = organization
        self.person = person
        self.sources = sources
        self.defaultTrust = defaultTrust
    }

    public func rules(for kind: PartyKind, _ attribute: GoldenAttribute) -> [SurvivorshipRule] {
        let table = kind == .organization ? organization : person
        return table[attribute] ?? Self.fallbackRules
    }

    /// Sources whose values `accounting_authoritative` prefers and whose membership makes a company `matched`.
    public var accountingSources: Set<String> { Set(sources.filter(\.value.isAccounting).keys) }

    public func trust(source: String, attribute: GoldenAttribute) -> Double {
        guard let entry = sources[source] else { return defaultTrust }
        return entry.attributes[attribute] ?? entry.defaultTrust
    }
}

/// How far one source is trusted, by default and per attribute (0...1), and whether it is an accounting system.
public struct SourceTrust: Sendable, Hashable {
    public var defaultTrust: Double
    public var attributes: [GoldenAttribute: Double]
    /// Accounting is the final arbiter of what a company is; which sources are accounting is configuration.
    public var isAccounting: Bool

    public init(defaultTrust: Double, attributes: [GoldenAttribute: Double] = [:], isAccounting: Bool = false) {
        self.defaultTrust = defaultTrust
        self.attributes = attributes
        self.isAccounting = isAccounting
    }
}

extension SurvivorshipConfiguration {
    /// The defaults `mappings/survivorship.yaml` ships (a drift-guard test loads the file and compares).
    ///
    /// A Russian B2B company's view: 1C decides legal identity; CRMs are trusted for contact data with the most
    /// used CRM (Bitrix24) first; contact data ages (half-life), identifiers do not; consent is most restrictive.
    public static let standard: SurvivorshipConfiguration = {
        let contactTrust = SurvivorshipRule.trust(.halfLife(180 * day))
        let nameTrust = SurvivorshipRule.trust(.halfLife(365 * day))
        let owners = SurvivorshipRule.sourcePriority(["bitrix24", "sf_a", "sf_b", "elma365", "hubspot"])
        let union = SurvivorshipRule.union(primary: [contactTrust, .mostRecent])
        return SurvivorshipConfiguration(
            organization: [
                .legalName: [.stewardOverride, .accountingAuthoritative, nameTrust, .mostRecent],
                .shortName: [.stewardOverride, nameTrust, .mostRecent],
                .legalForm: [.stewardOverride, .accountingAuthoritative, .mostFrequent, .mostRecent],
                .inn: [.stewardOverride, .accountingAuthoritative, .mostFrequent, .mostRecent],
                .kpp: [.stewardOverride, .accountingAuthoritative, .mostFrequent, .mostRecent],
                .ogrn: [.stewardOverride, .accountingAuthoritative, .mostFrequent, .mostRecent],
                .address: [.stewardOverride, .accountingAuthoritative, .mostComplete, .mostRecent],
                .phone: [.stewardOverride, union],
                .email: [.stewardOverride, union],
                .website: [.stewardOverride, .mostFrequent, .mostRecent],
                .status: [.stewardOverride, .accountingAuthoritative, .mostRecent],
                .owner: [.stewardOverride, owners, .mostRecent],
            ],
            person: [
                .name: [.stewardOverride, .trust(.halfLife(730 * day)), .mostComplete, .mostRecent],
                .birthDate: [.stewardOverride, .mostFrequent, .trust(.none)],
                .nationalID: [.stewardOverride, .mostFrequent, .trust(.none)],
                .jobTitle: [.stewardOverride, .mostRecent, .mostComplete],
                .employer: [.stewardOverride, .mostRecent],
                .address: [.stewardOverride, .mostComplete, .mostRecent],
                .phone: [.stewardOverride, union],
                .email: [.stewardOverride, union],
                .emailOptOut: [.mostRestrictive, .mostRecent],
                .phoneOptOut: [.mostRestrictive, .mostRecent],
                .status: [.stewardOverride, .mostRecent],
                .owner: [.stewardOverride, owners, .mostRecent],
            ],
            sources: [
                "acc_1c": SourceTrust(defaultTrust: 0.95, isAccounting: true),
                "bitrix24": SourceTrust(defaultTrust: 0.7),
                "sf_a": SourceTrust(defaultTrust: 0.65, attributes: [.phone: 0.7]),
                "sf_b": SourceTrust(defaultTrust: 0.6),
                "elma365": SourceTrust(defaultTrust: 0.6),
                "hubspot": SourceTrust(defaultTrust: 0.5, attributes: [.email: 0.75]),
            ],
            defaultTrust: 0.5)
    }()

    static let day: Double = 86_400
}
