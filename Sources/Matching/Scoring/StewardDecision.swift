/// A steward's verdict on two source records; treated as a hard rule that beats every automatic rule.
public struct StewardDecision: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable {
        case mustLink = "must_link"
        case cannotLink = "cannot_link"
    }

    public var left: String
    public var right: String
    public var kind: Kind

    public init(_ left: String, _ right: String, _ kind: Kind) {
        self.left = left
        self.right = right
        self.kind = kind
    }
}
