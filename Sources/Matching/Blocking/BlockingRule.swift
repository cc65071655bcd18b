/// A blocking rule: records that share the concatenation of these attributes' values become candidate pairs.
///
/// Multi-valued attributes produce one key per combination of values (a record with two phones sits in two
/// phone blocks). Blocks larger than `maxBlockSize` are skipped with a warning, because a shared placeholder such
/// as "info@" or "+70000000000" would otherwise create a quadratic number of pairs and glue unrelated records.
public struct BlockingRule: Codable, Sendable, Hashable {
    public var name: String
    public var attributes: [MatchAttribute]
    public var maxBlockSize: Int

    public init(_ attributes: [MatchAttribute], name: String? = nil, maxBlockSize: Int = 200) {
        precondition(!attributes.isEmpty, "a blocking rule needs at least one attribute")
        self.attributes = attributes
        self.name = name ?? attributes.map(\.rawValue).joined(separator: "+")
        self.maxBlockSize = maxBlockSize
    }
}
