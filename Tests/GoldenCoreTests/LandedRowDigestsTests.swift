import Testing

import GoldenCore

/// A file's pull leaves out a row exactly when landing holds its digest: the table must answer as a `Set` does.
@Suite struct LandedRowDigestsTests {
    @Test("answers like a Set for members and others, counts each digest once, holds the all-zero digest too")
    func matchesSet() {
        var random = SeededGenerator(seed: 7)
        for count in [0, 1, 2, 15, 16, 17, 1_000, 50_000] {
            var digests = (0..<count).map { _ in RowDigest(high: random.next(), low: random.next()) }
            // Repeats, digests that share a first half (one probe chain), and the digest that marks an empty slot.
            if count > 10 {
                digests += digests.prefix(5)
                digests += (0..<5).map { RowDigest(high: digests[0].high, low: UInt64($0)) }
                digests.append(RowDigest(high: 0, low: 0))
                digests.append(RowDigest(high: 0, low: 0))
                digests.shuffle(using: &random)
            }
            let expected = Set(digests)
            let table = LandedRowDigests(digests)
            #expect(table.count == expected.count, "count \(count)")
            #expect(table.isEmpty == expected.isEmpty)
            #expect(digests.allSatisfy(table.contains), "count \(count)")
            // Others: random ones, a member's first half with another second, and the zero digest when left out.
            var others = (0..<2_000).map { _ in RowDigest(high: random.next(), low: random.next()) }
            if let first = digests.first { others.append(RowDigest(high: first.high, low: first.low &+ 1)) }
            others.append(RowDigest(high: 0, low: 0))
            for other in others where !expected.contains(other) {
                #expect(!table.contains(other), "count \(count): \(other)")
            }
        }
        #expect(LandedRowDigests.none.isEmpty)
        #expect(!LandedRowDigests.none.contains(RowDigest(high: 0, low: 0)))
    }
}
