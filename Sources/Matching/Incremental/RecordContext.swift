import GoldenCore

/// What a record's pairs are decided from, as one 64-bit digest per record: its values, and everything the rest of the
/// table decides about it.
///
/// A pair's candidacy, score and decision read the two records' values, the model and the configuration, and a few
/// things the *whole table* decides: which blocking keys are usable (block caps, `split_by` sub-blocks, one-edit keys
/// only two different values share, fallback rules), which of a record's values is the rarest when two records share
/// several (the term-frequency weight), which names hold a rare word, a record's least carried name and how many
/// records carry it, whether a record is close to two different names, and the steward's decisions. Each of these is
/// folded into the digest in a form that is the same from run to run when the outcome is (value *strings*, never the
/// table's value ids, which move when the first holder of a value is deleted). So two records whose digests did not
/// change since the last run form the same pair, with the same score and decision, as they did then: that is what
/// lets an incremental run leave their link component alone (``MatchEngine/match(_:model:decisions:previous:fingerprint:revisions:workers:)``).
struct RecordContext: Sendable {
    /// Per table row: the digest of everything but ambiguity, which is the outcome of the record's pairs and is
    /// worked out after (and, in an incremental run, again only where ``neighborhoods`` or a base digest moved).
    let base: [UInt64]
    /// Per table row: the distinctive-name rule's ambiguity (``PairScorer/ambiguity(_:workers:)``); empty without it.
    let ambiguous: [Bool]
    /// Per table row: the base digests of the members of each of its usable blocks (``neighborhoods(keys:base:)``);
    /// empty when ambiguity is not worked out.
    let neighborhoods: [UInt64]
    /// Per table row: a hash of its record id, which keys the row in ``MatchState``.
    let idHashes: [UInt64]

    /// A row's digest from its base digest and its ambiguity.
    @inline(__always)
    static func digest(base: UInt64, ambiguous: Bool) -> UInt64 {
        ambiguous ? StableHash.combine(base, 0xA3B1) : base
    }

    /// The digest of `row`, ambiguity included: what the region's seeds compare with the last run's.
    func digest(of row: Int) -> UInt64 {
        Self.digest(base: base[row], ambiguous: !ambiguous.isEmpty && ambiguous[row])
    }

    /// What decides a record's ambiguity besides its own base digest: for each of its usable blocks, the base
    /// digests of every member. A record's ambiguity is the outcome of its pairs (which records it is paired with,
    /// their names, and how close): its pairs come from its usable blocks and their members, and each member's names
    /// and blocks are in its base digest. So a record whose base digest and neighborhood did not move, and that has
    /// no steward pair with a record whose base digest moved, has the pairs it had, and the ambiguity it had.
    static func neighborhoods(keys: Blocker.AllRuleKeys, base: [UInt64]) -> [UInt64] {
        var result = Array(repeating: UInt64(0), count: base.count)
        for (ruleIndex, ruleKeys) in keys.rules.enumerated() {
            let salt = UInt64(ruleIndex) &* 0x9E37_79B9_7F4A_7C15
            for block in ruleKeys.blocks {
                var members = salt
                for member in ruleKeys.members[block.start..<block.end] { members &+= StableHash.mix(base[Int(member)]) }
                let folded = StableHash.mix(members)
                for member in ruleKeys.members[block.start..<block.end] { result[Int(member)] &+= folded }
            }
        }
        return result
    }

    init(base: [UInt64], ambiguous: [Bool], neighborhoods: [UInt64], idHashes: [UInt64]) {
        self.base = base
        self.ambiguous = ambiguous
        self.neighborhoods = neighborhoods
        self.idHashes = idHashes
    }

    /// The base digests (everything but ambiguity, ``MatchEngine/context(base:pairs:keys:scorer:steward:previous:workers:)``)
    /// and id hashes.
    ///
    /// - Parameters:
    ///   - keys: the blocking run's keys (``Blocker/pairsAndKeys(in:partition:)``).
    ///   - steward: the steward's decisions by packed row pair (``PairScorer/stewardPairs(_:)``).
    ///   - countedSlots: slots whose term-frequency weight reads the table's value counts
    ///     (``WeightTable/slotsReadingTableCounts``): the count of each of the record's values is part of its context.
    ///   - revisions: per row, anything else of the record's that the caller wants a change of to bring the record
    ///     into the region (the golden run: its stored version, so that every record with a new version is matched,
    ///     and its golden record survived, again).
    static func compute(
        table: RecordTable, rules: [BlockingRule], keys: Blocker.AllRuleKeys, scorer: PairScorer,
        steward: [UInt64: StewardDecision.Kind], countedSlots: [Int] = [], revisions: [UInt64]? = nil
    ) async -> (base: [UInt64], idHashes: [UInt64]) {
        let slots = table.attributes.indices
        let valueHashes = OrderedParallelMap.map(indices: slots.count) { slot in
            table.dictionaries[slot].strings.map { StableHash.of($0) &+ UInt64(slot) &* 0x9E37_79B9_7F4A_7C15 }
        }
        let idHashes = await OrderedParallelMap.chunks(count: table.count, chunkSize: 65_536) { range in
            range.map { StableHash.of(table.ids[$0]) }
        }.flatMap { $0 }
        // The steward's decisions, folded per record: the other record and the kind.
        var decided = Array(repeating: UInt64(0), count: table.count)
        for (key, kind) in steward {
            let (a, b) = (Int(key >> 32), Int(UInt32(truncatingIfNeeded: key)))
            let tag: UInt64 = kind == .mustLink ? 1 : 2
            decided[a] &+= StableHash.mix(idHashes[b] ^ tag)
            decided[b] &+= StableHash.mix(idHashes[a] ^ tag)
        }
        let exactSlots = Set(
            scorer.configuration.comparisons.flatMap { comparison in
                comparison.levels.compactMap { level -> Int? in
                    if case .exact(let attribute) = level.rule { return table.slot(of: attribute) }
                    return nil
                }
            }
        ).sorted()
        let splitSlots = rules.map { rule in rule.splitBy.flatMap { table.slot(of: $0) } }
        let ruleSlots = rules.map { rule in rule.attributes.map { table.slot(of: $0) ?? 0 } }
        let distinctive = scorer.distinctiveName
        let decidedRecords = decided
        // Column by column within a chunk of records: each column's arrays are fetched once per chunk, not once per
        // record (a table's columns are arrays of arrays; reaching into them per record retained and released one
        // every time, and took most of the pass).
        let digests = await OrderedParallelMap.chunks(count: table.count, chunkSize: 16_384) { range in
            var out = Array(repeating: StableHash.seed, count: range.count)
            var sums = Array(repeating: UInt64(0), count: range.count)
            func fold() {
                for index in out.indices {
                    out[index] = StableHash.combine(out[index], sums[index])
                    sums[index] = 0
                }
            }
            // The values, as a multiset per attribute.
            for slot in slots {
                let offsets = table.offsets[slot]
                let ids = table.valueIDs[slot]
                let hashes = valueHashes[slot]
                for (index, row) in range.enumerated() {
                    var sum: UInt64 = 0
                    for position in Int(offsets[row])..<Int(offsets[row + 1]) {
                        sum &+= StableHash.mix(hashes[Int(ids[position])])
                    }
                    sums[index] = sum
                }
                fold()
            }
            // The usable blocking keys of every rule (a capped block's key is not among them).
            for (ruleIndex, ruleKeys) in keys.rules.enumerated() {
                let rule = rules[ruleIndex]
                let recordOffsets = ruleKeys.recordOffsets
                let recordKeys = ruleKeys.recordKeys
                for (index, row) in range.enumerated() {
                    var sum = UInt64(ruleIndex)
                    for position in Int(recordOffsets[row])..<Int(recordOffsets[row + 1]) {
                        sum &+= StableHash.mix(
                            stableKey(
                                recordKeys[position], rule: rule, ruleKeys: ruleKeys, slots: ruleSlots[ruleIndex],
                                splitSlot: splitSlots[ruleIndex], valueHashes: valueHashes))
                    }
                    sums[index] = sum
                }
                fold()
            }
            // Which of several values is the rarest: the order of the record's values by (records, id).
            var ordered: [Int32] = []
            for slot in exactSlots {
                let offsets = table.offsets[slot]
                let ids = table.valueIDs[slot]
                let hashes = valueHashes[slot]
                let counts = table.dictionaries[slot].counts
                for (index, row) in range.enumerated() {
                    let values = Int(offsets[row])..<Int(offsets[row + 1])
                    guard values.count >= 2 else { continue }
                    ordered.removeAll(keepingCapacity: true)
                    for position in values { ordered.append(ids[position]) }
                    ordered.sort { (counts[Int($0)], $0) < (counts[Int($1)], $1) }
                    var sequence = StableHash.seed
                    for id in ordered { sequence = StableHash.combine(sequence, hashes[Int(id)]) }
                    sums[index] = sequence
                }
                fold()
            }
            // A weight that reads how many records carry the shared value (and how many carry one at all).
            for slot in countedSlots {
                let offsets = table.offsets[slot]
                let ids = table.valueIDs[slot]
                let hashes = valueHashes[slot]
                let counts = table.dictionaries[slot].counts
                let withValue = UInt64(table.dictionaries[slot].recordsWithValue)
                for (index, row) in range.enumerated() where offsets[row] < offsets[row + 1] {
                    var sum = withValue
                    for position in Int(offsets[row])..<Int(offsets[row + 1]) {
                        let id = Int(ids[position])
                        sum &+= StableHash.mix(hashes[id] ^ UInt64(counts[id]))
                    }
                    sums[index] = sum
                }
                fold()
            }
            if let distinctive {
                // Names holding a rare word, the least carried name and its count up to the typo limit (ambiguity is
                // folded in after, ``digest(base:ambiguous:)``).
                let offsets = table.offsets[distinctive.slot]
                let ids = table.valueIDs[distinctive.slot]
                let hashes = valueHashes[distinctive.slot]
                let rare = distinctive.rare
                let counts = table.dictionaries[distinctive.slot].counts
                let limit = Int32(distinctive.typoNameRecords + 1)
                for (index, row) in range.enumerated() {
                    var sum: UInt64 = 0
                    var least: (id: Int32, records: Int32) = (-1, Int32.max)
                    for position in Int(offsets[row])..<Int(offsets[row + 1]) {
                        let id = ids[position]
                        sum &+= StableHash.mix(hashes[Int(id)] ^ (rare[Int(id)] ? 1 : 0))
                        // `CompiledDistinctiveName.name`: the fewest records, the lowest id on a tie.
                        let count = counts[Int(id)]
                        if count < least.records || (count == least.records && id < least.id) { least = (id, count) }
                    }
                    if distinctive.typoLevel != nil, least.id >= 0 {
                        sum = StableHash.combine(sum, hashes[Int(least.id)])
                        sum = StableHash.combine(sum, UInt64(min(least.records, limit)))
                    }
                    sums[index] = sum
                }
                fold()
            }
            for (index, row) in range.enumerated() { sums[index] = decidedRecords[row] }
            fold()
            if let revisions {
                for (index, row) in range.enumerated() { sums[index] = revisions[row] }
                fold()
            }
            return out
        }.flatMap { $0 }
        return (digests, idHashes)
    }

    /// A usable key of one rule, in terms of the value strings it stands for.
    static func stableKey(
        _ key: UInt64, rule: BlockingRule, ruleKeys: Blocker.RuleKeys, slots: [Int], splitSlot: Int?,
        valueHashes: [[UInt64]]
    ) -> UInt64 {
        if key & Blocker.splitFlag != 0, let splitSlot {
            let origin = ruleKeys.splits[Int(key & ~Blocker.splitFlag)]
            let base = stableKey(
                origin.key, rule: rule, ruleKeys: ruleKeys, slots: slots, splitSlot: nil, valueHashes: valueHashes)
            return StableHash.combine(base, valueHashes[splitSlot][Int(origin.value)])
        }
        // A one-edit key is a hash of a spelling already.
        if rule.edits == 1 { return StableHash.mix(key) }
        // Exact keys: the value ids of the rule's attributes, packed as `Blocker.exactEntries` packs them (beyond two
        // attributes the prefix is interned in `combos`), walked from the last attribute to the first.
        var hash = StableHash.seed
        var remaining = key
        for position in stride(from: slots.count - 1, through: 0, by: -1) {
            let id = Int(Int32(bitPattern: UInt32(truncatingIfNeeded: remaining)))
            hash = StableHash.combine(hash, valueHashes[slots[position]][id])
            if position > 0 {
                remaining >>= 32
                if position >= 2 { remaining = ruleKeys.combos[Int(remaining)] }
            }
        }
        return hash
    }
}

/// A 64-bit hash that is the same in every process and run (Swift's `Hasher` is seeded per process): FNV-1a over the
/// UTF-8 bytes, finished with the SplitMix64 mixer so that nearby inputs spread over all bits.
enum StableHash {
    /// FNV-1a's offset basis and prime.
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// FNV-1a over the UTF-8 bytes of `text`, mixed. The bytes are read in place (``fnv(_:)``; `withUTF8` copies
    /// only a string that is not native): through `String.UTF8View`'s iterator the same loop took twice as long, and
    /// a run hashes every distinct value of its tables and every record id.
    static func of(_ text: String) -> UInt64 {
        var text = text
        return mix(text.withUTF8(fnv))
    }

    /// FNV-1a over `bytes`, unmixed: a key for a hash table that spreads it itself.
    @inline(__always)
    static func fnv(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = seed
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Order matters: `combine(combine(s, a), b)` differs from `combine(combine(s, b), a)`.
    @inline(__always)
    static func combine(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        mix(hash ^ (value &+ 0x9E37_79B9_7F4A_7C15 &+ (hash << 6) &+ (hash >> 2)))
    }
}
