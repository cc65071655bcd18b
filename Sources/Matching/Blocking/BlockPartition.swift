/// One worker's share of a sharded blocking run: the blocks whose (rule, key) falls into partition `index` of
/// `count`.
///
/// This is the unit of work of sharded matching (docs/decisions.md, "Sharded matching"): each block goes to exactly
/// one partition, and because "first rule wins" dedupe is decided from the two records' own keys
/// (``Blocker``), each pair is still emitted exactly once, by the partition holding its first rule's smallest
/// shared key. The union of all partitions' pairs is the unpartitioned set, with no global pair set and no
/// coordination between workers (tested).
///
/// - Important: within one `RecordTable` a key is an interned value id. Workers in different processes intern
///   differently, so a multi-process run must partition by a hash of the key's text (written at landing); the
///   exactness argument above is the same.
public struct BlockPartition: Sendable, Hashable {
    public let index: Int
    public let count: Int

    public init(_ index: Int, of count: Int) {
        precondition(count > 0 && (0..<count).contains(index), "partition \(index) of \(count)")
        self.index = index
        self.count = count
    }

    /// Whether block `key` of rule `rule` belongs to this partition (SplitMix64 finalizer: keys are dense ids,
    /// so they are mixed before the modulo).
    @inline(__always)
    func contains(rule: Int, key: UInt64) -> Bool {
        var mixed = key &+ UInt64(rule) &* 0x9E37_79B9_7F4A_7C15
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        return Int(mixed % UInt64(count)) == index
    }
}
