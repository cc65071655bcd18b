/// Which kind of real-world entity a source record describes.
public enum GeneratedEntityKind: String, Sendable, Hashable, CaseIterable, Codable {
    case organization
    case person
}
