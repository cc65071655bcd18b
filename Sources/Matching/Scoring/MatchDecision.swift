/// What happens to a scored pair.
public enum MatchDecision: String, Codable, Sendable, Hashable {
    case link
    case review
    case noLink = "no_link"
}
