/// Whether a source record describes a company or a human being.
///
/// Matching never compares across kinds, so the kind travels on every source record and blocking key.
public enum PartyKind: String, Sendable, Codable, Hashable, CaseIterable {
    case organization
    case person
}
