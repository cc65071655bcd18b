/// A keyed bijection on `0..<size`, used to hand out unique-by-construction identifiers and names.
///
/// INNs, OGRNs and company name combinations must not collide between different entities (a duplicate INN
/// would turn two truth entities into one for any INN-based matcher). Drawing at random and checking a set
/// would need global state; a permutation of the entity index is collision-free, needs no memory and still
/// looks random. Four Feistel rounds on the next even power of two, with cycle walking back into range.
struct FeistelPermutation: Sendable {
    let size: UInt64
    private let halfBits: UInt64
    private let keys: [UInt64]

    init(size: UInt64, seed: UInt64, domain: UInt64) {
        precondition(size > 0, "empty domain")
        self.size = size
        var bits: UInt64 = 2
        while (UInt64(1) << bits) < size { bits += 2 }
        halfBits = bits / 2
        var rng = SplitMix64(seed: seed, 0xFE15_7E1, domain)
        keys = (0..<4).map { _ in rng.next() }
    }

    func apply(_ value: UInt64) -> UInt64 {
        precondition(value < size, "value outside the permutation's domain")
        var current = value
        repeat {
            current = round(current)
        } while current >= size
        return current
    }

    private func round(_ value: UInt64) -> UInt64 {
        let mask = (UInt64(1) << halfBits) - 1
        var left = value >> halfBits
        var right = value & mask
        for key in keys {
            let mixed = SplitMix64.finalize(right ^ key) & mask
            (left, right) = (right, left ^ mixed)
        }
        return (left << halfBits) | right
    }
}
