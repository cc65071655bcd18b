import Testing

@testable import Matching

/// A record's context digest moves when something the rest of the table decides about it moves, though the record
/// itself did not change: the cases the seeded edit rounds of `IncrementalMatchTests` do not reach. And it stays put
/// for a record nothing touched, so a change does not spread further than it must.
@Suite struct RecordContextTests {
    static func organization(_ id: String, name: String, phones: [String] = [], city: String = "тверь") -> MatchRecord {
        var values: [MatchAttribute: [String]] = [.nameKey: [name], .translitKey: [name], .city: [city]]
        if !phones.isEmpty { values[.phone] = phones }
        return MatchRecord(id: id, source: "crm", entity: .organization, values: values)
    }

    /// Each record's digest, by id, as an incremental match computes it; `ambiguous` names records to flag as close
    /// to two different names, over what the table's own pairs say.
    static func digests(_ records: [MatchRecord], ambiguous extra: Set<String> = []) async -> [String: UInt64] {
        let engine = MatchEngine()
        let table = engine.table(for: .organization, records: records)
        let configuration = engine.configuration[.organization]
        let blocked = Blocker(rules: configuration.blockingRules).pairsAndKeys(in: table)
        let scorer = PairScorer(table: table, configuration: configuration)
        var ambiguous = await scorer.ambiguity(blocked.pairs, workers: 1)
        for (row, id) in table.ids.enumerated() where extra.contains(id) { ambiguous[row] = true }
        let base = await RecordContext.compute(
            table: table, rules: configuration.blockingRules, keys: blocked.keys, scorer: scorer, steward: [:])
        let context = RecordContext(base: base.base, ambiguous: ambiguous, neighborhoods: [], idHashes: base.idHashes)
        return Dictionary(uniqueKeysWithValues: table.ids.indices.map { (table.ids[$0], context.digest(of: $0)) })
    }

    static let bystander = organization("z", name: "омега трейд", phones: ["+79990000000"], city: "омск")

    @Test("a name whose every word a third name now holds is no longer rare")
    func rareWord() async {
        let before = [
            Self.organization("a", name: "строй"), Self.organization("b", name: "альфа строй"), Self.bystander,
        ]
        let after = before + [Self.organization("c", name: "бета строй")]
        let (old, new) = (await Self.digests(before), await Self.digests(after))
        #expect(old["a"] != new["a"])
        #expect(old["z"] == new["z"])
    }

    @Test("one more record carrying a record's least carried name moves it, up to the typo limit")
    func leastCarriedName() async {
        // Two records share the name before (so its block is usable either way), three after.
        let before = [
            Self.organization("a", name: "гамма сервис"), Self.organization("b", name: "гамма сервис", city: "пермь"),
            Self.bystander,
        ]
        let after = before + [Self.organization("c", name: "гамма сервис", city: "курск")]
        let (old, new) = (await Self.digests(before), await Self.digests(after))
        #expect(old["a"] != new["a"])
        #expect(old["z"] == new["z"])
    }

    @Test("which of a record's numbers is the rarest: moves when the order flips, not when it holds")
    func rarestValueOrder() async {
        // +…01 is carried twice and +…02 three times (both blocks usable, far below their cap). Another holder of
        // +…02 keeps the order; two more of +…01 flip it.
        let base = [
            Self.organization("a", name: "дельта", phones: ["+79000000001", "+79000000002"]),
            Self.organization("b", name: "эпсилон", phones: ["+79000000002"], city: "омск"),
            Self.organization("e", name: "каппа", phones: ["+79000000001"], city: "сочи"),
            Self.organization("f", name: "лямбда", phones: ["+79000000002"], city: "тула"), Self.bystander,
        ]
        let holds = base + [Self.organization("c", name: "зета", phones: ["+79000000002"], city: "пермь")]
        let flips = base + [
            Self.organization("c", name: "зета", phones: ["+79000000001"], city: "пермь"),
            Self.organization("d", name: "йота", phones: ["+79000000001"], city: "курск"),
        ]
        let (old, same, moved) = (await Self.digests(base), await Self.digests(holds), await Self.digests(flips))
        #expect(old["a"] != moved["a"])
        #expect(old["z"] == moved["z"] && old["z"] == same["z"])
        // The same usable blocks and the same order: nothing of `a`'s moved.
        #expect(old["a"] == same["a"])
    }

    @Test("a record that becomes close to two different names moves, and no one else does")
    func ambiguity() async {
        // Ambiguity is the pairs' outcome over the whole table: a third record can flip it for a record whose values,
        // blocks and counts all stay put. The digest must carry the flag itself.
        let records = [
            Self.organization("a", name: "сигма плюс"), Self.organization("b", name: "сигма плюс", city: "пермь"),
            Self.bystander,
        ]
        let (plain, flagged) = (await Self.digests(records), await Self.digests(records, ambiguous: ["a"]))
        #expect(plain["a"] != flagged["a"])
        #expect(plain["b"] == flagged["b"] && plain["z"] == flagged["z"])
    }
}

/// Every stored match state keys its records by these hashes: reading a string's bytes in place must give what
/// FNV-1a over its UTF-8 bytes, mixed, gives, for short (inline) and long strings of every script.
@Suite struct StableHashTests {
    static func reference(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(text.utf8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return StableHash.mix(hash)
    }

    @Test("the hash of a string is FNV-1a over its UTF-8 bytes, mixed")
    func definition() {
        var random = SeededGenerator(seed: 29)
        let alphabet = Array("abcXYZ019 -/абвгдеёжзийЯЩЫ\u{301}éß中文🙂")
        var texts = Set<String>()
        var seen = Set<UInt64>()
        for _ in 0..<3_000 {
            let length = Int.random(in: 0..<40, using: &random)
            let text = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] })
            #expect(StableHash.of(text) == Self.reference(text), "\(text)")
            // Built from a slice, the string shares nothing with the literal's storage.
            let sliced = String(("·" + text).dropFirst())
            #expect(StableHash.of(sliced) == Self.reference(text))
            texts.insert(text)
            seen.insert(StableHash.of(text))
        }
        // Different strings, different hashes (no two of these collide).
        #expect(seen.count == texts.count)
    }
}
