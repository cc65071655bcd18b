import Testing

import GoldenCore

/// Blocking and golden membership sort with the radix sort; it must give what the standard library's stable sort gives.
@Suite struct RadixSortTests {
    @Test("sorts by key like a stable sort, equal keys in their order, for keys using few bytes and all eight")
    func matchesStableSort() {
        var random = SeededGenerator(seed: 41)
        for (count, keyBits) in [(0, 8), (1, 8), (2, 64), (1_000, 4), (5_000, 20), (5_000, 40), (20_000, 64)] {
            var items: [(key: UInt64, record: Int32)] = (0..<count).map { record in
                let key = keyBits == 64 ? random.next() : random.next() & ((1 << UInt64(keyBits)) - 1)
                return (key, Int32(record))
            }
            // Keys above the low bytes too, so passes past the first are not all skipped.
            if count > 10 { items[count / 2].key |= 1 << 56 }
            var expected = items
            expected.sort { $0.key != $1.key ? $0.key < $1.key : $0.record < $1.record }
            RadixSort.sort(&items) { $0.key }
            #expect(items.map(\.key) == expected.map(\.key), "count \(count), key bits \(keyBits)")
            #expect(items.map(\.record) == expected.map(\.record), "count \(count), key bits \(keyBits)")
        }
        // Few distinct keys: long runs of equal keys keep their order.
        var words = (0..<3_000).map { UInt64($0 % 7) << 40 | UInt64($0) }
        let sorted = words.sorted()
        RadixSort.sort(&words) { $0 }
        #expect(words == sorted)
    }
}
