/// A blocking rule: records that share the concatenation of these attributes' values become candidate pairs.
///
/// Multi-valued attributes produce one key per combination of values (a record with two phones sits in two
/// phone blocks). Blocks larger than `maxBlockSize` are skipped with a warning, because a shared placeholder such
/// as "info@" or "+70000000000" would otherwise create a quadratic number of pairs and glue unrelated records.
///
/// A rule with `splitBy` does not give up on an oversized block: its records are regrouped by that second
/// attribute (a large customer's 600 records under one name, split by city), and only sub-blocks still over the cap
/// are skipped and reported. A common name is then compared within each city instead of not at all.
///
/// A rule with `edits: 1` (one attribute) also pairs values one edit apart (a letter replaced, left out, added or
/// two swapped): each value is keyed by itself and by every spelling with one letter left out, and two values
/// within one edit always share one of those keys (the deletion neighbourhood; a letter left out on each side at
/// different places also pairs some values two edits apart, which scoring then judges). It finds a misspelt name on
/// a record that carries nothing else to block on.
public struct BlockingRule: Codable, Sendable, Hashable {
    public var name: String
    public var attributes: [MatchAttribute]
    public var maxBlockSize: Int
    /// The attribute that splits an oversized block into sub-blocks, or `nil` to skip such a block.
    public var splitBy: MatchAttribute?
    /// 1: values one edit apart share a block too (one attribute, no `splitBy`); `nil` or 0: equal values only.
    public var edits: Int?
    /// Pairs only where one of the two records has no block in any earlier rule: a fallback for records the other
    /// rules cannot place (a record with nothing but a misspelt name), which would otherwise pair every two
    /// companies whose names are one letter apart.
    public var unblockedOnly: Bool?

    public init(
        _ attributes: [MatchAttribute], name: String? = nil, maxBlockSize: Int = 200, splitBy: MatchAttribute? = nil,
        edits: Int? = nil, unblockedOnly: Bool = false
    ) {
        precondition(!attributes.isEmpty, "a blocking rule needs at least one attribute")
        precondition(
            (edits ?? 0) == 0 || (edits == 1 && attributes.count == 1 && splitBy == nil),
            "one edit is supported on a single attribute without split_by")
        self.attributes = attributes
        self.name = name ?? attributes.map(\.rawValue).joined(separator: "+") + (edits == 1 ? "~1" : "")
        self.maxBlockSize = maxBlockSize
        self.splitBy = splitBy
        self.edits = edits == 0 ? nil : edits
        self.unblockedOnly = unblockedOnly ? true : nil
    }

    /// Every attribute the rule reads.
    public var allAttributes: [MatchAttribute] { attributes + (splitBy.map { [$0] } ?? []) }
}
