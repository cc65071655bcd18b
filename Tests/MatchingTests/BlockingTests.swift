import GoldenCore
import Testing

@testable import Matching

@Suite struct BlockingTests {
    static func record(_ id: String, _ values: [MatchAttribute: [String]]) -> MatchRecord {
        MatchRecord(id: id, source: "s", entity: .person, values: values)
    }

    static func table(_ records: [MatchRecord], _ attributes: [MatchAttribute]) -> RecordTable {
        RecordTable(entity: .person, attributes: attributes, records: records)
    }

    @Test func eachPairOnceFromTheFirstRule() {
        let records = [
            Self.record("a", ["email": ["x@a"], "phone": ["1", "2"]]),
            Self.record("b", ["email": ["x@a"], "phone": ["1", "2"]]),
            Self.record("c", ["phone": ["2"]]),
        ]
        let blocker = Blocker(rules: [BlockingRule(["email"]), BlockingRule(["phone"])])
        let (pairs, report) = blocker.pairs(in: Self.table(records, ["email", "phone"]))
        #expect(pairs.count == 3)
        #expect(pairs.left == [0, 0, 1] && pairs.right == [1, 2, 2])
        #expect(pairs.rule == [0, 1, 1])
        #expect(report.rules.map(\.pairs) == [1, 2])
    }

    @Test func oversizedBlockIsSkippedWithNamedWarning() {
        var records = (0..<30).map { Self.record("r\($0)", ["phone": ["+70000000000"]]) }
        records.append(Self.record("x", ["phone": ["+79001112233"]]))
        records.append(Self.record("y", ["phone": ["+79001112233"]]))
        let blocker = Blocker(rules: [BlockingRule(["phone"], maxBlockSize: 10)])
        let (pairs, report) = blocker.pairs(in: Self.table(records, ["phone"]))
        #expect(pairs.count == 1)
        #expect(report.warnings == [BlockingWarning(rule: "phone", key: "+70000000000", size: 30)])
        #expect(report.rules[0].oversizedBlocks == 1)
    }

    /// A name shared by 40 records (over the cap of 10) is split by city: each city's records pair up, a city still
    /// over the cap is skipped and named, records without a city stay out, and no pair is produced twice.
    @Test func oversizedBlockIsSplitBySecondKey() throws {
        var random = SeededGenerator(seed: 17)
        var records: [MatchRecord] = []
        var cities: [String?] = []
        for index in 0..<40 {
            let roll = Int.random(in: 0..<10, using: &random)
            let city: String? = index < 14 ? "perth" : roll == 0 ? nil : ["kazan", "omsk", "tver"][roll % 3]
            cities.append(city)
            var values: [MatchAttribute: [String]] = ["name": ["alliance"]]
            if let city { values["city"] = [city] }
            records.append(Self.record("r\(index)", values))
        }
        records.append(Self.record("x", ["name": ["rare"], "city": ["kazan"]]))
        records.append(Self.record("y", ["name": ["rare"], "city": ["omsk"]]))
        let table = Self.table(records, ["name", "city"])
        let (pairs, report) = Blocker(rules: [BlockingRule(["name"], maxBlockSize: 10, splitBy: "city")])
            .pairs(in: table)
        var expected: Set<[Int32]> = [[40, 41]]
        var perCity: [String: [Int32]] = [:]
        for (index, city) in cities.enumerated() { if let city { perCity[city, default: []].append(Int32(index)) } }
        for members in perCity.values where members.count <= 10 {
            for i in members.indices { for j in members.indices where j > i { expected.insert([members[i], members[j]]) } }
        }
        let produced = (0..<pairs.count).map { [pairs.left[$0], pairs.right[$0]] }
        #expect(produced.count == Set(produced).count)
        #expect(Set(produced) == expected)
        let oversizedCities = perCity.filter { $0.value.count > 10 }.keys.sorted()
        #expect(!oversizedCities.isEmpty)
        #expect(report.warnings.map(\.key).sorted() == oversizedCities.map { "alliance / \($0)" })
        #expect(report.rules[0].splitBlocks == 1)
        // Without split_by the whole name block is skipped.
        let (unsplit, _) = Blocker(rules: [BlockingRule(["name"], maxBlockSize: 10)]).pairs(in: table)
        #expect(unsplit.count == 1)
    }

    @Test func multiAttributeKeysAreExact() {
        let records = [
            Self.record("a", ["f": ["ivanov"], "g": ["i"], "c": ["kazan"]]),
            Self.record("b", ["f": ["ivanov"], "g": ["i"], "c": ["kazan"]]),
            Self.record("c", ["f": ["ivanov"], "g": ["i"], "c": ["omsk"]]),
            Self.record("d", ["f": ["ivanov"], "g": ["p"], "c": ["kazan"]]),
            Self.record("e", ["f": ["ivanov"], "g": ["i"]]),
        ]
        let rule = BlockingRule(["f", "g", "c"], maxBlockSize: 1)
        let (pairs, report) = Blocker(rules: [rule]).pairs(in: Self.table(records, ["f", "g", "c"]))
        #expect(pairs.count == 0)
        #expect(report.warnings.first?.key == "ivanov+i+kazan")
        let (loose, _) = Blocker(rules: [BlockingRule(["f", "g", "c"])]).pairs(in: Self.table(records, ["f", "g", "c"]))
        #expect(loose.left == [0] && loose.right == [1])
    }

    @Test func recallCeilingCountsTruePairsReached() {
        let records = [
            Self.record("a", ["email": ["1"]]), Self.record("b", ["email": ["1"]]),
            Self.record("c", ["email": ["2"]]), Self.record("d", [:]),
        ]
        let (pairs, report) = Blocker(rules: [BlockingRule(["email"])]).pairs(in: Self.table(records, ["email"]))
        // Entities: {a, b, c, d}: six true pairs, one reached.
        let full = report.withTruth([1, 1, 1, 1], pairs: pairs)
        #expect(abs((full.recallCeiling ?? 0) - 1.0 / 6.0) < 1e-9)
        #expect(full.rules[0].truePairs == 1)
        #expect(report.withTruth([1, 1, 2, 3], pairs: pairs).recallCeiling == 1)
    }
}

/// Sharded matching splits blocking by (rule, key): the partitions together give every pair exactly once.
@Suite struct BlockPartitionTests {
    @Test(arguments: [1, 3, 8])
    func partitionsCoverEveryPairExactlyOnce(count: Int) {
        let population = SyntheticPopulation(entities: 600, seed: 11)
        let configuration = EntityConfiguration.person
        let engine = MatchEngine(configuration: MatchConfiguration(person: configuration))
        let table = engine.table(for: .person, records: population.records)
        let blocker = Blocker(rules: configuration.blockingRules)
        let (all, _) = blocker.pairs(in: table)
        #expect(all.count > 1_000)

        var seen: [UInt64: UInt8] = [:]
        for index in 0..<count {
            let (share, _) = blocker.pairs(in: table, partition: BlockPartition(index, of: count))
            if count > 1 { #expect(share.count < all.count) }
            for pair in 0..<share.count {
                let key = UInt64(UInt32(share.left[pair])) << 32 | UInt64(UInt32(share.right[pair]))
                #expect(seen.updateValue(share.rule[pair], forKey: key) == nil, "pair emitted by two partitions")
            }
        }
        #expect(seen.count == all.count)
        for pair in 0..<all.count {
            let key = UInt64(UInt32(all.left[pair])) << 32 | UInt64(UInt32(all.right[pair]))
            #expect(seen[key] == all.rule[pair])
        }
    }
}

/// `edits: 1`: names one edit apart meet in a block; equal names are left to the exact rules.
@Suite struct OneEditBlockingTests {
    static func record(_ id: String, _ values: [MatchAttribute: [String]]) -> MatchRecord {
        MatchRecord(id: id, source: "s", entity: .organization, values: values)
    }

    /// Optimal-string-alignment distance (one adjacent swap counts one), the reference the blocks are checked by.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars)
        let y = Array(b.unicodeScalars)
        var d = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in stride(from: 1, through: x.count, by: 1) {
            for j in stride(from: 1, through: y.count, by: 1) {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }

    /// Seeded names, each with a copy carrying one random edit (a letter replaced, left out, added, or two swapped;
    /// Cyrillic and Latin), and a few exact duplicates: every pair within one edit is a candidate, none is more than
    /// two apart, and equal names are not paired by this rule.
    @Test func everyPairWithinOneEditAndNoOther() {
        var random = SeededGenerator(seed: 23)
        let letters = Array("abcdefghijklmnoprstuvyzабвгдежзик".unicodeScalars)
        func word() -> String {
            var view = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 4...12, using: &random) {
                view.append(letters[Int.random(in: 0..<letters.count, using: &random)])
            }
            return String(view)
        }
        func edited(_ value: String) -> String {
            var scalars = Array(value.unicodeScalars)
            let position = Int.random(in: 0..<(scalars.count - 1), using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: scalars.swapAt(position, position + 1)
            case 1: scalars.remove(at: position)
            case 2: scalars.insert(letters[Int.random(in: 0..<letters.count, using: &random)], at: position)
            default: scalars[position] = letters[Int.random(in: 0..<letters.count, using: &random)]
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }
        var names: [String] = []
        for index in 0..<300 {
            let name = word()
            names.append(name)
            names.append(edited(name))
            if index % 10 == 0 { names.append(name) }
        }
        let records = names.enumerated().map { Self.record("r\($0.offset)", [.translitKey: [$0.element]]) }
        let table = RecordTable(entity: .organization, attributes: [.translitKey], records: records)
        let (pairs, report) = Blocker(rules: [BlockingRule([.translitKey], maxBlockSize: 1_000, edits: 1)])
            .pairs(in: table)
        var found: Set<[Int32]> = []
        for index in 0..<pairs.count {
            let (a, b) = (pairs.left[index], pairs.right[index])
            #expect(found.insert([a, b]).inserted, "pair emitted twice")
            // A letter left out on each side at different places: two edits (iyz / siz), never more.
            #expect((1...2).contains(Self.distance(names[Int(a)], names[Int(b)])), "\(names[Int(a)]) / \(names[Int(b)])")
        }
        var expected = 0
        for a in names.indices {
            for b in names.indices where a < b && Self.distance(names[a], names[b]) == 1 {
                expected += 1
                #expect(found.contains([Int32(a), Int32(b)]), "\(names[a]) / \(names[b]) not paired")
            }
        }
        #expect(expected >= 290)
        #expect(report.rules[0].rule == "translit_key~1")
    }

    /// A crowded name is one oversized block per spelling with a letter left out: the report names it once.
    @Test func aCrowdedNameIsReportedOnce() {
        var records = (0..<30).map { Self.record("v\($0)", [.translitKey: ["vektor"]]) }
        // Two letters swapped: "vektr" and "vekor" are spellings both names have, two oversized blocks.
        records.append(Self.record("typo", [.translitKey: ["vekotr"]]))
        let table = RecordTable(entity: .organization, attributes: [.translitKey], records: records)
        let (pairs, report) = Blocker(rules: [BlockingRule([.translitKey], maxBlockSize: 20, edits: 1)])
            .pairs(in: table)
        #expect(pairs.count == 0)
        #expect(report.rules[0].oversizedBlocks == 2)
        #expect(report.warnings.map(\.key) == ["~vektor"])
        #expect(report.warnings.first?.size == 31)
    }

    /// `unblocked_only`: records an earlier rule placed are paired by the fallback only with records it did not.
    @Test func fallbackPairsOnlyRecordsNoEarlierRulePlaced() {
        let records = [
            Self.record("a", [.phone: ["1"], .translitKey: ["alpha"]]),
            Self.record("b", [.phone: ["1"], .translitKey: ["alpho"]]),
            Self.record("c", [.translitKey: ["alphx"]]),
            Self.record("d", [.phone: ["2"], .translitKey: ["betaa"]]),
            Self.record("e", [.phone: ["2"], .translitKey: ["betab"]]),
            // A phone of its own (a block of one) places nothing: f is unblocked.
            Self.record("f", [.phone: ["3"], .translitKey: ["betac"]]),
        ]
        let table = RecordTable(entity: .organization, attributes: [.phone, .translitKey], records: records)
        let rules = [
            BlockingRule([.phone]), BlockingRule([.translitKey], maxBlockSize: 20, edits: 1, unblockedOnly: true),
        ]
        let (pairs, _) = Blocker(rules: rules).pairs(in: table)
        let fallback = Set((0..<pairs.count).filter { pairs.rule[$0] == 1 }.map { [pairs.left[$0], pairs.right[$0]] })
        // a–c and b–c (c has no phone), d–f and e–f; never a–b or d–e by names alone (both placed by the phone).
        #expect(fallback == [[0, 2], [1, 2], [3, 5], [4, 5]])
    }
}

/// An exact rule on one attribute keys each record by its value ids, sorted by counting: the entries must be those
/// of the general path (every record's combinations, then a stable sort by key), entry for entry.
@Suite struct SingleSlotEntriesTests {
    @Test(arguments: [29, 30] as [UInt64])
    func countingSortGivesTheGeneralPathsEntries(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        // Records with several numbers and addresses, some shared: a record's keys are then several, in its order.
        let pool = (0..<40).map { "+7900\(1_000_000 + $0)" }
        let records = SyntheticPopulation(entities: 400, seed: seed).records.map { record -> MatchRecord in
            var values = record.values
            for _ in 0..<Int.random(in: 0..<4, using: &random) {
                values[.personalPhone, default: []].append(pool[Int.random(in: 0..<pool.count, using: &random)])
                values[.email, default: []].append("shared\(Int.random(in: 0..<30, using: &random))@example.ru")
            }
            return MatchRecord(id: record.id, source: record.source, entity: .person, values: values)
        }
        let table = MatchEngine().table(for: .person, records: records)
        var checked = 0
        for slot in table.attributes.indices where !table.valueIDs[slot].isEmpty {
            var combos: [UInt64] = []
            var general = Blocker.exactEntries(slots: [slot], table: table, combos: &combos)
            RadixSort.sort(&general) { $0.key }
            let counted = Blocker.singleSlotEntries(slot: slot, table: table)
            #expect(counted.map(\.key) == general.map(\.key), "\(table.attributes[slot])")
            #expect(counted.map(\.record) == general.map(\.record), "\(table.attributes[slot])")
            // Records with several values of the slot (phones, tokens) are where the order could go wrong.
            if (0..<Int32(table.count)).contains(where: { table.range(slot, $0).count > 1 }) { checked += 1 }
        }
        #expect(checked >= 2)
    }
}
