import Testing

@testable import Matching

/// The one-edit rule's spellings and the set the fallback rule looks them up in, against their plain definitions.
@Suite struct DeletionSpellingsTests {
    /// The definition: FNV-1a over the scalars of the value and of each spelling with one scalar left out, below
    /// the split flag, sorted and unique.
    static func plainKeys(_ value: String) -> [UInt64] {
        let scalars = Array(value.unicodeScalars)
        func hash(skipping skipped: Int) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for (index, scalar) in scalars.enumerated() where index != skipped {
                hash = (hash ^ UInt64(scalar.value)) &* 0x0000_0100_0000_01b3
            }
            return hash & ~Blocker.splitFlag
        }
        var keys = [hash(skipping: -1)]
        if scalars.count > 1 {
            for index in scalars.indices { keys.append(hash(skipping: index)) }
        }
        return Array(Set(keys)).sorted()
    }

    /// Latin and Cyrillic look-alikes, repeated letters, an astral scalar, and no combining mark: a table keeps one of
    /// two canonically equal strings (`é` and `e` with an accent mark), so the definition's records would disagree.
    static let alphabet = Array("aabbcdeéxyzаабвгдёжщЯ-. 1🙂".unicodeScalars)

    static func word(_ random: inout SeededGenerator, length: ClosedRange<Int>) -> String {
        var view = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: length, using: &random) {
            view.append(alphabet[Int.random(in: 0..<alphabet.count, using: &random)])
        }
        return String(view)
    }

    /// Seeded values of every length up to 24 (empty, one scalar, repeated letters and astral scalars among them),
    /// and values with a combining mark, each spelt twice with the same buffers: the keys equal the definition's every time.
    @Test func keysAreTheDefinitionsWithReusedBuffers() {
        var random = SeededGenerator(seed: 41)
        var spellings = DeletionSpellings()
        var checked = 0
        for _ in 0..<3_000 {
            let value = Self.word(&random, length: 0...24)
            let expected = Self.plainKeys(value)
            #expect(Array(spellings.keys(of: value)) == expected, "\(value)")
            #expect(Array(spellings.keys(of: value)) == expected, "\(value), again")
            checked += 1
        }
        for value in ["aaa", "e\u{301}te\u{301}", "\u{301}", "ё́ж"] {
            #expect(Array(spellings.keys(of: value)) == Self.plainKeys(value), "\(value)")
        }
        #expect(spellings.keys(of: "aaa").count == 2)
        #expect(spellings.keys(of: "").count == 1)
        #expect(checked == 3_000)
    }

    /// Keys spread over the whole word and keys with their low bits cleared (as the rule's packed words are):
    /// the set answers as `Set` does for every key in it and for seeded keys mostly not in it.
    @Test(arguments: [0, 1, 17, 5_000, 70_000])
    func spellingSetAnswersAsASet(count: Int) {
        var random = SeededGenerator(seed: UInt64(count) + 3)
        let keys = (0..<count).map { index in
            let key = random.next() & ~Blocker.splitFlag
            return index % 2 == 0 ? key : key & ~0xFFFF
        }
        let set = SpellingSet(keys + keys.prefix(count / 3))
        let reference = Set(keys)
        for key in keys { #expect(set.contains(key)) }
        var found = 0
        for _ in 0..<50_000 {
            let ask = random.next() & ~Blocker.splitFlag
            #expect(set.contains(ask) == reference.contains(ask))
            if set.contains(ask) { found += 1 }
        }
        #expect(found == 0)
    }

    /// A fallback one-edit rule over a table with more distinct names than one core's share (so the spellings are
    /// packed in several shares): its pairs are exactly the pairs of records with different names sharing a
    /// spelling, with at least one of the two placed by no earlier rule.
    @Test func fallbackPairsOverManySharesAreTheDefinitions() {
        var random = SeededGenerator(seed: 97)
        var names: [String] = []
        for _ in 0..<9_000 {
            let name = Self.word(&random, length: 3...9)
            names.append(name)
            if Bool.random(using: &random) {
                var scalars = Array(name.unicodeScalars)
                scalars[Int.random(in: 0..<scalars.count, using: &random)] =
                    Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)]
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars)
                names.append(String(view))
            }
        }
        // Every third record shares a phone with the next: placed by the first rule.
        let records = names.enumerated().map { index, name in
            MatchRecord(
                id: "r\(index)", source: "s", entity: .organization,
                values: [.translitKey: [name], .phone: index % 3 == 2 ? [] : ["p\(index / 3)"]])
        }
        let table = RecordTable(entity: .organization, attributes: [.phone, .translitKey], records: records)
        let slot = table.slot(of: .translitKey)!
        #expect(table.dictionaries[slot].strings.count > 2 * 4096)
        let rules = [
            BlockingRule([.phone]),
            BlockingRule([.translitKey], maxBlockSize: 100_000, edits: 1, unblockedOnly: true),
        ]
        let (pairs, _) = Blocker(rules: rules).pairs(in: table)
        let fallback = Set((0..<pairs.count).filter { pairs.rule[$0] == 1 }.map { [pairs.left[$0], pairs.right[$0]] })

        // The reference: records by spelling (keys cut to the rule's packed width), then every pair of records
        // with different names under one spelling and one of them unplaced.
        let strings = table.dictionaries[slot].strings
        let idBits = max(1, UInt64.bitWidth - UInt64(strings.count - 1).leadingZeroBitCount)
        let idMask: UInt64 = (1 << idBits) - 1
        var recordsBySpelling: [UInt64: [Int32]] = [:]
        for (index, name) in names.enumerated() {
            for key in Self.plainKeys(name) { recordsBySpelling[key & ~idMask, default: []].append(Int32(index)) }
        }
        let placed = names.indices.map { $0 % 3 != 2 }
        var expected: Set<[Int32]> = []
        for members in recordsBySpelling.values where members.count > 1 {
            for a in members {
                for b in members where a < b && names[Int(a)] != names[Int(b)] && !(placed[Int(a)] && placed[Int(b)]) {
                    expected.insert([a, b])
                }
            }
        }
        #expect(expected.count > 1_000)
        #expect(fallback == expected, "\(expected.subtracting(fallback).count) missing, \(fallback.subtracting(expected).count) more")
    }
}
