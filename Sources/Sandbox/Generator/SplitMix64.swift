/// The generator's only source of randomness.
///
/// SplitMix64 is tiny, fast and fully specified, so the same seed gives the same stream on every platform and
/// Swift version; the standard library's `random(in:using:)` algorithms are not promised to stay stable, and
/// `SystemRandomNumberGenerator` is not seedable. Every entity and every source record gets its own stream,
/// derived from the dataset seed and stable keys (see `derive`), so a record can be rebuilt on its own and in
/// any order without replaying everything before it.
struct SplitMix64: Sendable {
    private(set) var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// A stream keyed by the dataset seed and a tuple of stable integers (stream tag, entity index, ...).
    init(seed: UInt64, _ keys: UInt64...) {
        var h = SplitMix64.finalize(seed ^ 0x9E37_79B9_7F4A_7C15)
        for key in keys {
            h = SplitMix64.finalize(h ^ SplitMix64.finalize(key &+ 0x632B_E59B_D9B4_E019))
        }
        state = h
    }

    /// The SplitMix64 output function (also a good 64-bit mixer for hashing keys).
    static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a over UTF-8 bytes: a platform-independent string hash (`Hasher` is randomly seeded per process).
    static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return h
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.finalize(state)
    }

    /// Uniform in `0..<bound` (Lemire's multiply-high; the tiny bias is irrelevant for test data).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in a closed range.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in [0, 1), exact (53 bits), so comparisons against rates are identical on every machine.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// True with the given probability.
    mutating func chance(_ probability: Double) -> Bool {
        probability > 0 && unit() < probability
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// Index drawn from integer weights (integers, not doubles, so the table is exact everywhere).
    mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var roll = below(total)
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }

    mutating func digits(_ count: Int) -> String {
        var text = ""
        text.reserveCapacity(count)
        for _ in 0..<count {
            text.unicodeScalars.append(Unicode.Scalar(UInt8(48 + below(10))))
        }
        return text
    }
}
