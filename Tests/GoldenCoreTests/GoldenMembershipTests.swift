import Foundation
import GoldenCore
import Testing

@Suite("Golden membership, sorted")
struct GoldenMembershipTests {
    /// A random id; `high` bits shared by many ids in some cases, as UUIDv7 made in one millisecond share them.
    static func id(_ generator: inout SeededGenerator, sharedHigh: Bool) -> UUID {
        UUID(orderKey: (sharedHigh ? 0x0190_0000_0000_7000 | (generator.next() & 0xF) : generator.next(), generator.next()))
    }

    @Test("from pairs in any order: records and golden ids in byte order, each record's golden id as given")
    func sortsAndAnswersLikeADictionary() {
        var generator = SeededGenerator(seed: 5)
        for (count, goldenCount, sharedHigh) in [(0, 1, false), (1, 1, false), (500, 40, false), (3_000, 900, true)] {
            let goldens = (0..<goldenCount).map { _ in Self.id(&generator, sharedHigh: sharedHigh) }
            var dictionary: [UUID: UUID] = [:]
            for _ in 0..<count {
                dictionary[Self.id(&generator, sharedHigh: sharedHigh)] =
                    goldens[Int(generator.next() % UInt64(goldenCount))]
            }
            let membership = GoldenMembership(dictionary.map { (record: $0.key, golden: $0.value) }.shuffled(using: &generator))
            #expect(membership.count == dictionary.count)
            #expect(membership.records == dictionary.keys.sorted { $0.isOlder(than: $1) })
            #expect(membership.goldens == Set(dictionary.values).sorted { $0.isOlder(than: $1) })
            for (position, record) in membership.records.enumerated() {
                #expect(membership.goldens[Int(membership.goldenNumbers[position])] == dictionary[record])
                #expect(membership[record] == dictionary[record])
            }
            #expect(membership[Self.id(&generator, sharedHigh: sharedHigh)] == nil)
            #expect(GoldenMembership(dictionary) == membership)
            // Members of a few golden ids (and of one with none), each list in byte order.
            let asked = Set(goldens.prefix(3) + [Self.id(&generator, sharedHigh: false)])
            var expected: [UUID: [UUID]] = [:]
            for (record, golden) in dictionary where asked.contains(golden) { expected[golden, default: []].append(record) }
            #expect(membership.members(of: asked) == expected.mapValues { $0.sorted { $0.isOlder(than: $1) } })
        }
    }

    @Test("positions of a table's rows: one merge for rows in byte order, a search each otherwise, -1 for no member")
    func positions() {
        var generator = SeededGenerator(seed: 9)
        let records = (0..<2_000).map { _ in Self.id(&generator, sharedHigh: true) }
        let golden = Self.id(&generator, sharedHigh: false)
        let members = records.filter { _ in generator.next() % 3 != 0 }
        let membership = GoldenMembership(members.map { (record: $0, golden: golden) })
        let sorted = records.sorted { $0.isOlder(than: $1) }
        for ids in [sorted, records, []] {
            let positions = membership.positions(of: ids)
            for (index, id) in ids.enumerated() {
                #expect(positions[index] == membership.position(of: id).map(Int32.init) ?? -1)
                if positions[index] >= 0 { #expect(membership.records[Int(positions[index])] == id) }
            }
            #expect(positions.filter { $0 >= 0 }.count == (ids.isEmpty ? 0 : members.count))
        }
    }

    @Test("a record listed twice keeps the older golden id, and a golden id left with no member is dropped")
    func repeatedRecord() {
        let record = UUID(orderKey: (5, 5))
        let other = UUID(orderKey: (6, 6))
        let older = UUID(orderKey: (1, 1))
        let newer = UUID(orderKey: (2, 2))
        let membership = GoldenMembership([(record, newer), (other, older), (record, older)])
        #expect(membership.records == [record, other])
        #expect(membership[record] == older)
        #expect(membership.goldens == [older])
        #expect(UUID(orderKey: record.orderKey) == record)
        let random = UUID()
        #expect(UUID(orderKey: random.orderKey) == random)
    }
}
