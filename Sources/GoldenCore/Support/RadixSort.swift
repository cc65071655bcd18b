/// Least-significant-digit radix sort on a 64-bit key, a byte per pass, stable.
///
/// Blocking sorts every (key, record) entry of a rule (millions at 1M records) and every one-edit spelling of every
/// distinct value: a comparison sort of those was a twentieth of a match run's CPU. Keys are packed value ids, so
/// their high bytes are mostly zero; a pass whose byte is the same for every key moves nothing and is skipped.
/// Golden membership sorts a million record and golden ids (two 64-bit halves each) the same way, instead of
/// hashing them. The standard library has no radix sort; this is the textbook one, with that skip.
public enum RadixSort {
    /// Sorts `items` by `key`, keeping items with equal keys in their order. Inlinable, so each caller gets it
    /// specialized for its item type and key (a generic call across modules would not be).
    @inlinable public static func sort<Item>(_ items: inout [Item], key: (Item) -> UInt64) {
        let count = items.count
        guard count > 1 else { return }
        // One histogram per byte, from one walk.
        var histograms = [Int](repeating: 0, count: 8 * 256)
        for item in items {
            var value = key(item)
            for byte in 0..<8 {
                histograms[byte << 8 | Int(value & 0xFF)] += 1
                value >>= 8
            }
        }
        var buffer = items
        var sourceIsItems = true
        for byte in 0..<8 {
            let base = byte << 8
            // Every key has this byte the same: the pass would keep the order.
            if histograms[base..<(base + 256)].contains(count) { continue }
            var offsets = [Int](repeating: 0, count: 256)
            var total = 0
            for bucket in 0..<256 {
                offsets[bucket] = total
                total += histograms[base + bucket]
            }
            let shift = UInt64(byte * 8)
            func pass(_ source: UnsafeMutableBufferPointer<Item>, _ target: UnsafeMutableBufferPointer<Item>) {
                for item in source {
                    let bucket = Int((key(item) >> shift) & 0xFF)
                    target[offsets[bucket]] = item
                    offsets[bucket] += 1
                }
            }
            if sourceIsItems {
                items.withUnsafeMutableBufferPointer { source in buffer.withUnsafeMutableBufferPointer { pass(source, $0) } }
            } else {
                buffer.withUnsafeMutableBufferPointer { source in items.withUnsafeMutableBufferPointer { pass(source, $0) } }
            }
            sourceIsItems.toggle()
        }
        if !sourceIsItems { items = buffer }
    }
}
