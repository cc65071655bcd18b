/// The kind of party a record describes. Records of different kinds are never compared: each kind has its own
/// blocking rules, comparisons and model.
public enum MatchEntity: String, Codable, Sendable, Hashable, CaseIterable {
    case organization
    case person
}
