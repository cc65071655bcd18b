/// A blocking rule: records that share the concatenation of these attributes' values become candidate pairs.
///
/// Multi-valued attributes produce one key per combination of values (a record with two phones sits in two
/// phone blocks). Blocks larger than `maxBlockSize` are skipped with a warning, because a shared placeholder such
/// as "info@" or "+70000000000" would otherwise create a quadratic number of pairs and glue unrelated records.
///
/// A rule with `splitBy` does not give up on an oversized block: its records are regrouped by that second
/// attribute (a large customer's 600 records under one name, split by city), and only sub-blocks still over the cap
/// are skipped and reported. A common name is then compared within each city instead of not at all.
public struct BlockingRule: Codable, Sendable, Hashable {
    public var name: String
    public var attributes: [MatchAttribute]
    public var maxBlockSize: Int
    /// The attribute that splits an oversized block into sub-blocks, or `nil` to skip such a block.
    public var splitBy: MatchAttribute?

    public init(
        _ attributes: [MatchAttribute], name: String? = nil, maxBlockSize: Int = 200, splitBy: MatchAttribute? = nil
    ) {
        precondition(!attributes.isEmpty, "a blocking rule needs at least one attribute")
        self.attributes = attributes
        self.name = name ?? attributes.map(\.rawValue).joined(separator: "+")
        self.maxBlockSize = maxBlockSize
        self.splitBy = splitBy
    }

    /// Every attribute the rule reads.
    public var allAttributes: [MatchAttribute] { attributes + (splitBy.map { [$0] } ?? []) }
}
