import Testing

@testable import GoldenCore

/// Dropping repeats from sorted arrays, against a set of what they hold.
@Suite struct AdjacentRepeatsTests {
    /// Seeded sorted arrays with many repeats (0 to 2,000 words of 30 values): one of each value is left, in order.
    @Test(arguments: [0, 1, 2, 37, 2_000])
    func sortedArraysKeepOneOfEach(count: Int) {
        var random = SeededGenerator(seed: UInt64(count) + 5)
        var words = (0..<count).map { _ in UInt64.random(in: 0..<30, using: &random) }.sorted()
        let expected = Set(words).sorted()
        words.removeAdjacentRepeats()
        #expect(words == expected)
    }

    /// Alike by a part of the word only (pairs of rows, whatever their rule): the first of each run stays.
    @Test func alikeByPartKeepsTheFirst() {
        var words: [UInt64] = [0x100, 0x1FF, 0x201, 0x205, 0x2FF, 0x300]
        words.removeAdjacentRepeats { $0 >> 8 == $1 >> 8 }
        #expect(words == [0x100, 0x201, 0x300])
    }
}
