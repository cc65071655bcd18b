import Foundation

/// How one golden attribute is chosen from the values a cluster's source records offer.
///
/// Rules come from `mappings/survivorship.yaml` per attribute, tried in order until one decides; every decision
/// records the rule and the winning source record, so a steward can see why a value won.
public enum SurvivorshipRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// A locked value set by a steward (with a reason) always wins.
    case stewardOverride = "steward_override"
    /// Accounting decides what a company is (legal name, INN, KPP): its value wins when present.
    case accountingAuthoritative = "accounting_authoritative"
    /// Consent: one opt-out anywhere wins ("Mark Smith" unsubscribed in one CRM means everywhere).
    case mostRestrictive = "most_restrictive"
    /// The value from the source trusted most for this attribute.
    case sourcePriority = "source_priority"
    /// The value whose source changed it last.
    case mostRecent = "most_recent"
    /// The value most sources agree on.
    case mostFrequent = "most_frequent"
    /// The longest, most detailed value (an address with a house number over one without).
    case mostComplete = "most_complete"
}

/// One value a source record offers for a golden attribute.
public struct SurvivorshipCandidate<Value: Hashable & Sendable>: Sendable, Hashable {
    public var value: Value
    /// The source record it came from (`source:key`), recorded as lineage.
    public var sourceRecord: String
    public var source: String
    public var trust: Double
    public var modifiedAt: Date
    public var isAccounting: Bool
    public var isStewardOverride: Bool
    /// Filled fields or characters: what `most_complete` compares.
    public var completeness: Int
    /// For consent-like values: is this the restrictive choice (opted out)?
    public var isRestrictive: Bool

    public init(
        value: Value, sourceRecord: String, source: String, trust: Double = 0.5, modifiedAt: Date,
        isAccounting: Bool = false, isStewardOverride: Bool = false, completeness: Int = 0, isRestrictive: Bool = false
    ) {
        self.value = value
        self.sourceRecord = sourceRecord
        self.source = source
        self.trust = trust
        self.modifiedAt = modifiedAt
        self.isAccounting = isAccounting
        self.isStewardOverride = isStewardOverride
        self.completeness = completeness
        self.isRestrictive = isRestrictive
    }
}

/// The winning value with the rule that decided and the record it came from: one lineage row.
public struct SurvivorshipDecision<Value: Hashable & Sendable>: Sendable, Hashable {
    public var value: Value
    public var rule: SurvivorshipRule
    public var sourceRecord: String
}

extension SurvivorshipRule {
    /// Applies `rules` in order; the first that narrows the field to one value decides. Ties left after every rule
    /// go to the smallest source record id, so the same inputs always give the same golden record.
    public static func choose<Value>(
        from candidates: [SurvivorshipCandidate<Value>], rules: [SurvivorshipRule]
    ) -> SurvivorshipDecision<Value>? {
        guard !candidates.isEmpty else { return nil }
        var remaining = candidates
        for rule in rules {
            let narrowed = rule.narrow(remaining)
            if narrowed.isEmpty { continue }
            remaining = narrowed
            if Set(remaining.map(\.value)).count == 1 {
                let winner = remaining.min { $0.sourceRecord < $1.sourceRecord }!
                return SurvivorshipDecision(value: winner.value, rule: rule, sourceRecord: winner.sourceRecord)
            }
        }
        let winner = remaining.min { $0.sourceRecord < $1.sourceRecord }!
        return SurvivorshipDecision(value: winner.value, rule: rules.last ?? .mostRecent, sourceRecord: winner.sourceRecord)
    }

    /// The candidates this rule keeps; empty when the rule does not apply (no override, no accounting value).
    func narrow<Value>(_ candidates: [SurvivorshipCandidate<Value>]) -> [SurvivorshipCandidate<Value>] {
        switch self {
        case .stewardOverride:
            return candidates.filter(\.isStewardOverride)
        case .accountingAuthoritative:
            return candidates.filter(\.isAccounting)
        case .mostRestrictive:
            return candidates.filter(\.isRestrictive)
        case .sourcePriority:
            let best = candidates.map(\.trust).max()!
            return candidates.filter { $0.trust == best }
        case .mostRecent:
            let latest = candidates.map(\.modifiedAt).max()!
            return candidates.filter { $0.modifiedAt == latest }
        case .mostFrequent:
            var counts: [Value: Int] = [:]
            for candidate in candidates { counts[candidate.value, default: 0] += 1 }
            let top = counts.values.max()!
            return candidates.filter { counts[$0.value] == top }
        case .mostComplete:
            let most = candidates.map(\.completeness).max()!
            return candidates.filter { $0.completeness == most }
        }
    }
}
