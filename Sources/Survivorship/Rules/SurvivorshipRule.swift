import Foundation

/// One step of an attribute's rule list in `mappings/survivorship.yaml`.
///
/// A list is tried in order. A rule *decides* when it leaves exactly one distinct value; a rule that removes some
/// candidates but leaves several values only narrows, and the next rule breaks the tie. A rule that removes nothing
/// did nothing and is never credited in the lineage.
public indirect enum SurvivorshipRule: Sendable, Hashable {
    /// A steward's value wins until it is unlocked. Must come first; attributes without it cannot be overridden
    /// (the shipped file leaves consent out, so no one can opt a person back in by hand).
    case stewardOverride
    /// Values from the configured accounting sources win when accounting has one (legal name, INN, KPP).
    case accountingAuthoritative
    /// Sources in the given order; an empty list ranks by each source's configured default trust.
    case sourcePriority([String])
    /// Trust per source and attribute, lowered by the value's age along the decay curve.
    case trust(TrustDecay)
    /// The value whose source changed it last.
    case mostRecent
    /// The value most source records agree on.
    case mostFrequent
    /// The longest value (in Unicode scalars): an address with a house number over one without.
    case mostComplete
    /// The largest value (numbers compare as numbers, everything else as text; ISO dates sort as text).
    case max
    /// The smallest value.
    case min
    /// The restrictive choice anywhere wins: an opt-out over an opt-in, `dead` over `prospect` over `live`.
    case mostRestrictive
    /// Keeps every distinct valid value; `primary` picks the one shown first (and pushed where a source holds one).
    case union(primary: [SurvivorshipRule])

    /// The name used in the rules file and in lineage.
    public var name: String {
        switch self {
        case .stewardOverride: "steward_override"
        case .accountingAuthoritative: "accounting_authoritative"
        case .sourcePriority: "source_priority"
        case .trust: "trust"
        case .mostRecent: "most_recent"
        case .mostFrequent: "most_frequent"
        case .mostComplete: "most_complete"
        case .max: "max"
        case .min: "min"
        case .mostRestrictive: "most_restrictive"
        case .union: "union"
        }
    }
}

/// How a value's trust falls with its age (`now` minus the value's modified-at time).
public enum TrustDecay: Sendable, Hashable {
    /// Trust stays as configured.
    case none
    /// Trust falls in a straight line and reaches zero after `zeroAfter` seconds.
    case linear(zeroAfter: TimeInterval)
    /// Trust halves every `halfLife` seconds.
    case halfLife(TimeInterval)

    /// The factor (0...1) applied to a value `age` seconds old. A value from the future counts as new.
    @inlinable public func factor(age: TimeInterval) -> Double {
        let age = Swift.max(0, age)
        switch self {
        case .none: return 1
        case .linear(let span): return span <= 0 ? 0 : Swift.max(0, 1 - age / span)
        case .halfLife(let halfLife): return halfLife <= 0 ? 0 : exp2(-age / halfLife)
        }
    }
}
