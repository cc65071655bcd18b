/// A block skipped because it exceeded its rule's size cap; names the rule and the key so a steward or admin can
/// see which placeholder value ("info@", "+70000000000") is polluting the data.
public struct BlockingWarning: Codable, Sendable, Hashable {
    public var rule: String
    public var key: String
    public var size: Int
}
