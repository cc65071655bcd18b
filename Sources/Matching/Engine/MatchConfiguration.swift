/// Match configuration for every entity kind.
public struct MatchConfiguration: Codable, Sendable, Hashable {
    public var organization: EntityConfiguration
    public var person: EntityConfiguration

    public init(organization: EntityConfiguration = .organization, person: EntityConfiguration = .person) {
        self.organization = organization
        self.person = person
    }

    public subscript(entity: MatchEntity) -> EntityConfiguration {
        switch entity {
        case .organization: return organization
        case .person: return person
        }
    }
}
