/// A precomputed cumulative table for drawing from long, skewed word lists in O(log n).
///
/// Surnames and given names follow a Zipf-like curve (weight `scale / (rank + offset)`), because
/// term-frequency adjustment in matching is only meaningful when some names are much more common than
/// others. Integer weights keep the draw bit-identical across platforms (no `pow`, whose last bit varies).
struct CumulativeWeights: Sendable {
    private let bounds: [Int]

    /// Zipf-like weights for `count` ranked items; `offset` flattens the head (10 → top item about 3–4 %).
    init(zipfCount count: Int, offset: Int = 10) {
        var running = 0
        var bounds: [Int] = []
        bounds.reserveCapacity(count)
        for rank in 0..<count {
            running += 1_000_000 / (rank + offset)
            bounds.append(running)
        }
        self.bounds = bounds
    }

    func draw(_ rng: inout SplitMix64) -> Int {
        let roll = rng.below(bounds[bounds.count - 1])
        var low = 0
        var high = bounds.count - 1
        while low < high {
            let mid = (low + high) / 2
            if bounds[mid] > roll { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
