/// The subject of a source record: a company or a person.
///
/// An enum rather than a protocol because matching and survivorship switch over the two kinds exhaustively; a third
/// kind would be a deliberate, compiler-guided change.
public enum Party: Sendable, Codable, Hashable {
    case organization(Organization)
    case person(Person)

    public var kind: PartyKind {
        switch self {
        case .organization: .organization
        case .person: .person
        }
    }

    public var organization: Organization? {
        if case .organization(let value) = self { value } else { nil }
    }

    public var person: Person? {
        if case .person(let value) = self { value } else { nil }
    }
}
