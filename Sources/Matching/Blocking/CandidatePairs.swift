/// Candidate pairs as parallel arrays of record indices (left < right), sorted by (left, right), with the index
/// of the first blocking rule that produced each pair.
///
/// Struct-of-arrays of `Int32` keeps millions of pairs at 9 bytes each and lets scoring split them into chunks.
public struct CandidatePairs: Sendable, Equatable {
    public internal(set) var left: [Int32] = []
    public internal(set) var right: [Int32] = []
    public internal(set) var rule: [UInt8] = []

    public init() {}

    public var count: Int { left.count }

    mutating func append(_ a: Int32, _ b: Int32, rule index: UInt8) {
        left.append(a)
        right.append(b)
        rule.append(index)
    }

    /// Packs a pair and its rule into one sortable word: (left, right) order first, then rule. Record indices
    /// are below 2^28, far beyond one entity table's size.
    @inline(__always)
    static func pack(_ a: Int32, _ b: Int32, rule: UInt8) -> UInt64 {
        UInt64(a) << 36 | UInt64(b) << 8 | UInt64(rule)
    }

    /// Builds sorted pairs from packed words, sorting them in place: one 8-byte word per pair while sorting,
    /// instead of an index permutation plus copies of every column.
    init(packed: inout [UInt64]) {
        packed.sort()
        left.reserveCapacity(packed.count)
        right.reserveCapacity(packed.count)
        rule.reserveCapacity(packed.count)
        for word in packed {
            left.append(Int32(truncatingIfNeeded: word >> 36))
            right.append(Int32(truncatingIfNeeded: (word >> 8) & 0x0FFF_FFFF))
            rule.append(UInt8(truncatingIfNeeded: word))
        }
        packed = []
    }

    /// Sorts by (left, right) so that downstream work is independent of generation order.
    mutating func sort() {
        var packed = (0..<count).map { Self.pack(left[$0], right[$0], rule: rule[$0]) }
        self = CandidatePairs(packed: &packed)
    }
}
