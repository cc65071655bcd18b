/// A deterministic rule that overrides the probabilistic score.
///
/// Identifiers that are validated upstream (INN with check digits, SNILS) are facts, not evidence: the same INN
/// and KPP is the same legal entity however different the names look, and two different INNs are two legal
/// entities however similar the names are.
public enum HardRule: Codable, Sendable, Hashable {
    /// Records sharing a value in every listed attribute are the same entity.
    case mustLink([MatchAttribute])
    /// Records that both have values for the attribute but share none are never the same entity; a cluster may
    /// hold at most one distinct value of it.
    case cannotLinkWhenDifferent(MatchAttribute)

    public var name: String {
        switch self {
        case .mustLink(let attributes): return "must-link: same " + attributes.map(\.rawValue).joined(separator: "+")
        case .cannotLinkWhenDifferent(let attribute): return "cannot-link: different \(attribute.rawValue)"
        }
    }

    var attributes: [MatchAttribute] {
        switch self {
        case .mustLink(let attributes): return attributes
        case .cannotLinkWhenDifferent(let attribute): return [attribute]
        }
    }
}
