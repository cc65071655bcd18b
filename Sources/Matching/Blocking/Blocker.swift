import GoldenCore

/// Generates candidate pairs from the union of blocking rules, each unordered pair exactly once.
///
/// Dedupe without a global hash set of pairs: a pair found in block `K` of rule `r` is emitted only if the two
/// records share no (non-oversized) key in an earlier rule and no smaller key in rule `r` — the same
/// "first rule wins" semantics as Splink's `AND NOT (earlier rules)`, deterministic and O(keys per record).
public struct Blocker: Sendable {
    public let rules: [BlockingRule]

    public init(rules: [BlockingRule]) {
        precondition(rules.count < 255, "at most 254 blocking rules")
        self.rules = rules
    }

    /// Keys of one rule: per-record sorted list of keys that live in a usable block (CSR), and the blocks.
    struct RuleKeys {
        var recordOffsets: [Int32]
        var recordKeys: [UInt64]
        /// Per entry of `recordKeys`: its block's index in `blocks`.
        var recordBlocks: [Int32]
        /// Records of each usable block, grouped and sorted: (key, start, end) into `members`.
        var blocks: [(key: UInt64, start: Int, end: Int)]
        var members: [Int32]
        /// Skipped blocks, each with a member (a one-edit rule's keys are hashes: its warning names a member's value).
        var oversized: [(key: UInt64, size: Int, first: Int32)]
        var combos: [UInt64]
        /// Oversized blocks that were split: the sub-block key `splitFlag | i` is (`splits[i].key`, split value id).
        var splits: [(key: UInt64, value: Int32)] = []
        var splitBlocks = 0
    }

    /// Marks a sub-block key. Plain keys stay below it (value ids are far below 2^31), so sub-block keys sort after
    /// every plain key of the rule and a record's keys stay ascending.
    static let splitFlag: UInt64 = 1 << 63

    /// Candidate pairs of `table` and the blocking report.
    ///
    /// - Parameter partition: only the blocks of this share of a sharded run (``BlockPartition``); all when `nil`.
    public func pairs(in table: RecordTable, partition: BlockPartition? = nil)
        -> (pairs: CandidatePairs, report: BlockingReport)
    {
        let blocked = pairsAndKeys(in: table, partition: partition)
        return (blocked.pairs, blocked.report)
    }

    /// ``pairs(in:partition:)`` and the keys they came from: an incremental match compares each record's usable
    /// keys with the last run's (``RecordContext``).
    func pairsAndKeys(in table: RecordTable, partition: BlockPartition? = nil)
        -> (pairs: CandidatePairs, report: BlockingReport, keys: AllRuleKeys)
    {
        let keys = ruleKeys(in: table)
        let emitted = emit(keys: keys, table: table, partition: partition)
        return (emitted.pairs, emitted.report, keys)
    }

    /// Every pair of the rules' usable blocks (of `partition`'s share), and the report.
    func emit(keys: AllRuleKeys, table: RecordTable, partition: BlockPartition? = nil)
        -> (pairs: CandidatePairs, report: BlockingReport)
    {
        // Each rule's pairs depend only on the keys, so rules emit at once, one per core; the pairs are sorted
        // after, so the result is the one a rule-by-rule walk gives.
        let rules = self.rules
        let emitted = OrderedParallelMap.map(indices: rules.count) { ruleIndex in
            Self.emit(rule: ruleIndex, of: rules, keys: keys, table: table, partition: partition)
        }
        var packed: [UInt64] = []
        packed.reserveCapacity(emitted.reduce(0) { $0 + $1.packed.count })
        for rule in emitted { packed.append(contentsOf: rule.packed) }
        let report = report(
            keys: keys, table: table, pairs: emitted.map(\.packed.count), largest: emitted.map(\.largest))
        return (CandidatePairs(packed: &packed), report)
    }

    /// The report of blocking with `keys`, given each rule's pairs and largest block: every pair of the table after
    /// ``emit(keys:table:partition:)``, the pairs scored after an incremental run's ``PairFinder`` (with every block).
    func report(keys: AllRuleKeys, table: RecordTable, pairs: [Int], largest: [Int]) -> BlockingReport {
        var reports: [BlockingReport.RuleReport] = []
        var warnings: [BlockingWarning] = []
        for (ruleIndex, rule) in rules.enumerated() {
            let ruleKeys = keys.rules[ruleIndex]
            reports.append(
                .init(
                    rule: rule.name, pairs: pairs[ruleIndex], blocks: ruleKeys.blocks.count,
                    largestBlock: largest[ruleIndex], oversizedBlocks: ruleKeys.oversized.count,
                    splitBlocks: rule.splitBy == nil ? nil : ruleKeys.splitBlocks))
            for block in ruleKeys.oversized {
                // A one-edit rule's key is a hash: the block is named by a member's value, as "one edit from" it.
                let key = rule.edits == 1
                    ? "~" + (table.values(of: rule.attributes[0], record: Int(block.first)).first ?? "")
                    : Self.describe(block.key, rule: rule, keys: ruleKeys, table: table)
                warnings.append(BlockingWarning(rule: rule.name, key: key, size: block.size))
            }
        }
        warnings.sort { $0.size != $1.size ? $0.size > $1.size : ($0.rule, $0.key) < ($1.rule, $1.key) }
        // A one-edit rule meets one crowded name in many spellings: name it once, at its largest block.
        var named: Set<[String]> = []
        warnings = warnings.filter { named.insert([$0.rule, $0.key]).inserted }
        return BlockingReport(
            rules: reports, warnings: Array(warnings.prefix(100)), totalPairs: pairs.reduce(0, +), recallCeiling: nil)
    }

    /// The keys of every rule, and for a fallback rule the records it may pair.
    struct AllRuleKeys {
        var rules: [RuleKeys]
        /// Per rule: the records no earlier rule gave a block (fallback rules only; empty otherwise).
        var unblocked: [[Bool]]
    }

    /// Keys of every rule. A rule's keys depend on the earlier rules' only for a fallback rule (`unblocked_only`):
    /// the others are computed at once, one rule per core, and the fallback rules after them, in order.
    func ruleKeys(in table: RecordTable) -> AllRuleKeys {
        // Pairs pack record indices into 28 bits (``CandidatePairs/pack(_:_:rule:)``).
        precondition(table.count < 1 << 28, "blocking supports up to 2^28 records per table")
        let rules = self.rules
        let independent = rules.indices.filter { rules[$0].unblockedOnly != true }
        var keys = [RuleKeys?](repeating: nil, count: rules.count)
        for (position, ruleKeys) in OrderedParallelMap.map(indices: independent.count, { position in
            Self.keys(of: rules[independent[position]], in: table)
        }).enumerated() {
            keys[independent[position]] = ruleKeys
        }
        var unblocked = Array(repeating: [Bool](), count: rules.count)
        for (ruleIndex, rule) in rules.enumerated() where keys[ruleIndex] == nil {
            // A fallback rule pairs a record only with or within records no earlier rule gave a block; the rules
            // before it all have their keys by now (the independent ones above, fallback ones in order).
            let earlier = keys[..<ruleIndex].compactMap { $0 }
            let records = (0..<table.count).map { record in
                earlier.allSatisfy { $0.recordOffsets[record] == $0.recordOffsets[record + 1] }
            }
            keys[ruleIndex] = Self.keys(of: rule, in: table, unblocked: records)
            unblocked[ruleIndex] = records
        }
        return AllRuleKeys(rules: keys.compactMap { $0 }, unblocked: unblocked)
    }

    /// The pairs rule `ruleIndex` gives that no earlier rule and no smaller key of its own gave, packed, with the
    /// size of its largest block.
    static func emit(
        rule ruleIndex: Int, of rules: [BlockingRule], keys: AllRuleKeys, table: RecordTable,
        partition: BlockPartition?
    ) -> (packed: [UInt64], largest: Int) {
        let rule = rules[ruleIndex]
        let ruleKeys = keys.rules[ruleIndex]
        let unblocked = keys.unblocked[ruleIndex]
        var packed: [UInt64] = []
        var largest = 0
        // A one-edit rule pairs different values; records with an equal value are the exact rules' pairs.
        let editSlot = rule.edits == 1 ? table.slot(of: rule.attributes[0]) : nil
        for block in ruleKeys.blocks {
            if let partition, !partition.contains(rule: ruleIndex, key: block.key) { continue }
            largest = max(largest, block.end - block.start)
            for i in block.start..<(block.end - 1) {
                let a = ruleKeys.members[i]
                for j in (i + 1)..<block.end {
                    let b = ruleKeys.members[j]
                    guard
                        firstMeet(
                            a, b, rule: ruleIndex, key: block.key, keys: keys, unblocked: unblocked, editSlot: editSlot,
                            table: table)
                    else { continue }
                    packed.append(CandidatePairs.pack(a, b, rule: UInt8(ruleIndex)))
                }
            }
        }
        return (packed, largest)
    }

    /// Whether block `key` of rule `ruleIndex` is where `a` and `b` meet first, and so gives their pair: no earlier
    /// rule and no smaller key of this rule holds both, a fallback rule has one of them unblocked, and a one-edit
    /// rule's two values differ. Each pair of the table has one such block, which makes every pair appear once.
    @inline(__always)
    static func firstMeet(
        _ a: Int32, _ b: Int32, rule ruleIndex: Int, key: UInt64, keys: AllRuleKeys, unblocked: [Bool],
        editSlot: Int?, table: RecordTable
    ) -> Bool {
        if !unblocked.isEmpty, !unblocked[Int(a)], !unblocked[Int(b)] { return false }
        if let editSlot, table.shares(a, b, editSlot) == true { return false }
        if shareKey(keys.rules[ruleIndex], a, b, below: key) { return false }
        for previous in 0..<ruleIndex where shareKey(keys.rules[previous], a, b, below: UInt64.max) { return false }
        return true
    }

    /// True when `a` and `b` share a key smaller than `limit` in `keys`.
    @inline(__always)
    static func shareKey(_ keys: RuleKeys, _ a: Int32, _ b: Int32, below limit: UInt64) -> Bool {
        var i = Int(keys.recordOffsets[Int(a)])
        let endA = Int(keys.recordOffsets[Int(a) + 1])
        var j = Int(keys.recordOffsets[Int(b)])
        let endB = Int(keys.recordOffsets[Int(b) + 1])
        while i < endA && j < endB {
            let x = keys.recordKeys[i]
            let y = keys.recordKeys[j]
            if x >= limit || y >= limit { return false }
            if x == y { return true }
            if x < y { i += 1 } else { j += 1 }
        }
        return false
    }

    /// The blocking keys of every record for one rule, grouped into blocks.
    ///
    /// - Parameter unblocked: for a fallback rule, the records no earlier rule placed; a one-edit rule then keys
    ///   only spellings that one of their values has (no other block can give a pair).
    static func keys(of rule: BlockingRule, in table: RecordTable, unblocked: [Bool]? = nil) -> RuleKeys {
        let slots = rule.attributes.map { attribute -> Int in
            guard let slot = table.slot(of: attribute) else {
                preconditionFailure("attribute \(attribute) of blocking rule \(rule.name) is not in the table")
            }
            return slot
        }
        var combos: [UInt64] = []
        var entries: [(key: UInt64, record: Int32)]
        if rule.edits != 1, slots.count == 1 {
            entries = singleSlotEntries(slot: slots[0], table: table)
        } else {
            entries = rule.edits == 1
                ? oneEditEntries(slot: slots[0], table: table, unblocked: unblocked)
                : exactEntries(slots: slots, table: table, combos: &combos)
            // Entries come in record order for each key (exact rules walk records in order; one-edit groups list
            // their records ascending), so a stable sort by key is the sort by (key, record).
            RadixSort.sort(&entries) { $0.key }
        }
        var blocks: [(key: UInt64, start: Int, end: Int)] = []
        var members: [Int32] = []
        var oversized: [(key: UInt64, size: Int, first: Int32)] = []
        var keyCount = Array(repeating: Int32(0), count: table.count + 1)
        var usable: [(key: UInt64, record: Int32)] = []
        var usableBlocks: [Int32] = []
        let splitSlot = rule.splitBy.map { attribute -> Int in
            guard let slot = table.slot(of: attribute) else {
                preconditionFailure("split attribute \(attribute) of blocking rule \(rule.name) is not in the table")
            }
            return slot
        }
        var splits: [(key: UInt64, value: Int32)] = []
        var splitLookup: [SplitOrigin: UInt64] = [:]
        var splitEntries: [(key: UInt64, record: Int32)] = []
        var splitBlocks = 0
        func group(_ entries: [(key: UInt64, record: Int32)], splitting: Bool) {
            var start = 0
            while start < entries.count {
                var end = start + 1
                while end < entries.count && entries[end].key == entries[start].key { end += 1 }
                let size = end - start
                if size > rule.maxBlockSize {
                    if splitting, let splitSlot {
                        splitBlocks += 1
                        let key = entries[start].key
                        for index in start..<end {
                            let record = entries[index].record
                            for valueIndex in table.range(splitSlot, record) {
                                let origin = SplitOrigin(key: key, value: table.valueIDs[splitSlot][valueIndex])
                                let splitKey: UInt64
                                if let known = splitLookup[origin] {
                                    splitKey = known
                                } else {
                                    splitKey = splitFlag | UInt64(splits.count)
                                    splitLookup[origin] = splitKey
                                    splits.append((origin.key, origin.value))
                                }
                                splitEntries.append((splitKey, record))
                            }
                        }
                    } else {
                        oversized.append((entries[start].key, size, entries[start].record))
                    }
                } else if size > 1 {
                    let memberStart = members.count
                    for index in start..<end {
                        members.append(entries[index].record)
                        usable.append(entries[index])
                        usableBlocks.append(Int32(blocks.count))
                        keyCount[Int(entries[index].record) + 1] += 1
                    }
                    blocks.append((entries[start].key, memberStart, members.count))
                }
                start = end
            }
        }
        group(entries, splitting: true)
        // Sub-blocks come after every plain block (their keys are larger), so `usable` stays in key order.
        splitEntries.sort { $0.key != $1.key ? $0.key < $1.key : $0.record < $1.record }
        group(splitEntries, splitting: false)
        for index in 0..<table.count { keyCount[index + 1] += keyCount[index] }
        var cursor = keyCount
        var recordKeys = Array(repeating: UInt64(0), count: usable.count)
        var recordBlocks = Array(repeating: Int32(0), count: usable.count)
        // `usable` is in key order, so each record's keys land ascending.
        for (entry, block) in zip(usable, usableBlocks) {
            recordKeys[Int(cursor[Int(entry.record)])] = entry.key
            recordBlocks[Int(cursor[Int(entry.record)])] = block
            cursor[Int(entry.record)] += 1
        }
        return RuleKeys(
            recordOffsets: keyCount, recordKeys: recordKeys, recordBlocks: recordBlocks, blocks: blocks, members: members, oversized: oversized,
            combos: combos, splits: splits, splitBlocks: splitBlocks)
    }

    /// The keys of an exact rule on one attribute, in (key, record) order: ``exactEntries(slots:table:combos:)``
    /// sorted by key. A record's keys are its value ids there, so the sort is a counting sort over the column (its
    /// transpose): two passes, where building the entries record by record and a radix sort of three passes took
    /// most of the exact rules' share of every run.
    static func singleSlotEntries(slot: Int, table: RecordTable) -> [(key: UInt64, record: Int32)] {
        let ids = table.valueIDs[slot]
        let offsets = table.offsets[slot]
        var next = [Int](repeating: 0, count: table.dictionaries[slot].count + 1)
        for id in ids { next[Int(id) + 1] += 1 }
        for id in 0..<(next.count - 1) { next[id + 1] += next[id] }
        return [(key: UInt64, record: Int32)](unsafeUninitializedCapacity: ids.count) { entries, count in
            for record in 0..<table.count {
                for index in Int(offsets[record])..<Int(offsets[record + 1]) {
                    let id = ids[index]
                    entries.baseAddress!.advanced(by: next[Int(id)])
                        .initialize(to: (UInt64(UInt32(bitPattern: id)), Int32(record)))
                    next[Int(id)] += 1
                }
            }
            count = ids.count
        }
    }

    /// The keys of an exact rule: per record, every combination of its values of `slots` (at most 64), as exact
    /// 64-bit keys; beyond two attributes the prefix is interned in `combos`.
    static func exactEntries(
        slots: [Int], table: RecordTable, combos: inout [UInt64]
    ) -> [(key: UInt64, record: Int32)] {
        var comboLookup: [UInt64: UInt32] = [:]
        var entries: [(key: UInt64, record: Int32)] = []
        entries.reserveCapacity(table.count)
        var partial: [UInt64] = []
        var next: [UInt64] = []
        for record in 0..<Int32(table.count) {
            partial.removeAll(keepingCapacity: true)
            let first = table.range(slots[0], record)
            for index in first { partial.append(UInt64(UInt32(bitPattern: table.valueIDs[slots[0]][index]))) }
            for (position, slot) in slots.enumerated().dropFirst() {
                next.removeAll(keepingCapacity: true)
                let range = table.range(slot, record)
                for prefix in partial {
                    // Beyond two attributes the prefix is interned so keys stay exact 64-bit values.
                    var head = prefix
                    if position >= 2 {
                        if let id = comboLookup[prefix] {
                            head = UInt64(id)
                        } else {
                            let id = UInt32(combos.count)
                            comboLookup[prefix] = id
                            combos.append(prefix)
                            head = UInt64(id)
                        }
                    }
                    for index in range where next.count < 64 {
                        next.append(head << 32 | UInt64(UInt32(bitPattern: table.valueIDs[slot][index])))
                    }
                }
                swap(&partial, &next)
            }
            for key in partial { entries.append((key, record)) }
        }
        return entries
    }

    /// The keys of a one-edit rule: every value is keyed by a hash of itself and of each spelling with one letter
    /// left out, and two values one edit apart share one of them (a replaced or swapped letter leaves the same
    /// spelling on both sides once it is left out; an added one leaves the other value itself).
    ///
    /// The work is per distinct value, not per record, and only keys that two *different* values share become
    /// blocks (of the records carrying them): records with the same value are the exact rules' business, and a
    /// company's records would otherwise meet again in every one of their fifteen shared spellings.
    static func oneEditEntries(
        slot: Int, table: RecordTable, unblocked: [Bool]? = nil
    ) -> [(key: UInt64, record: Int32)] {
        let strings = table.dictionaries[slot].strings
        guard strings.count > 1 else { return [] }
        // (hash of a spelling, value id) packed into one word, so a plain sort groups the spellings.
        let idBits = max(1, UInt64.bitWidth - UInt64(strings.count - 1).leadingZeroBitCount)
        let idMask: UInt64 = (1 << idBits) - 1
        let valueIDs = table.valueIDs[slot]
        // A fallback rule: only spellings of the unblocked records' values can pair anything.
        let wanted = unblocked.map { unblocked in
            var values = Array(repeating: false, count: strings.count)
            for record in 0..<table.count where unblocked[record] {
                for index in table.range(slot, Int32(record)) { values[Int(valueIDs[index])] = true }
            }
            var keys: [UInt64] = []
            var spellings = DeletionSpellings()
            for (id, value) in strings.enumerated() where values[id] {
                for key in spellings.keys(of: value) { keys.append(key & ~idMask) }
            }
            return SpellingSet(keys)
        }
        // Every value's spellings, a contiguous share of the dictionary per core: most of the rule's work (a
        // million-record table has hundreds of thousands of distinct names), and the order they are packed in does
        // not matter, since the words are sorted next.
        let share = max(4096, (strings.count + 7) / 8)
        let shares = OrderedParallelMap.map(indices: (strings.count + share - 1) / share) { part in
            var spellings = DeletionSpellings()
            var packed: [UInt64] = []
            packed.reserveCapacity(wanted == nil ? share * 12 : share * 2)
            for id in part * share..<min((part + 1) * share, strings.count) {
                for key in spellings.keys(of: strings[id]) where wanted?.contains(key & ~idMask) ?? true {
                    packed.append((key & ~idMask) | UInt64(id))
                }
            }
            return packed
        }
        var packed: [UInt64] = []
        packed.reserveCapacity(shares.reduce(0) { $0 + $1.count })
        for part in shares { packed.append(contentsOf: part) }
        RadixSort.sort(&packed) { $0 }
        // Value ids sharing a spelling with another value, grouped by that spelling.
        var groups: [(key: UInt64, values: Range<Int>)] = []
        var neighbours: [Int32] = []
        var start = 0
        while start < packed.count {
            let key = packed[start] & ~idMask
            var end = start + 1
            while end < packed.count, packed[end] & ~idMask == key { end += 1 }
            var distinct = 0
            var last = UInt64.max
            for index in start..<end where packed[index] & idMask != last {
                last = packed[index] & idMask
                distinct += 1
            }
            if distinct > 1 {
                let first = neighbours.count
                last = UInt64.max
                for index in start..<end where packed[index] & idMask != last {
                    last = packed[index] & idMask
                    neighbours.append(Int32(last))
                }
                groups.append((key & ~splitFlag, first..<neighbours.count))
            }
            start = end
        }
        guard !groups.isEmpty else { return [] }
        // The records carrying each value (CSR over value ids, sized by the dictionary's counts).
        var offsets = Array(repeating: Int32(0), count: strings.count + 1)
        for (id, count) in table.dictionaries[slot].counts.enumerated() { offsets[id + 1] = offsets[id] + count }
        var cursor = offsets
        var records = Array(repeating: Int32(0), count: Int(offsets[strings.count]))
        for record in 0..<Int32(table.count) {
            for index in table.range(slot, record) {
                let id = Int(valueIDs[index])
                records[Int(cursor[id])] = record
                cursor[id] += 1
            }
        }
        var entries: [(key: UInt64, record: Int32)] = []
        var members: [Int32] = []
        for group in groups {
            members.removeAll(keepingCapacity: true)
            for value in neighbours[group.values] {
                members.append(contentsOf: records[Int(offsets[Int(value)])..<Int(offsets[Int(value) + 1])])
            }
            // A record holding two of the group's values is one member of its block.
            members.sort()
            for (index, record) in members.enumerated() where index == 0 || members[index - 1] != record {
                entries.append((group.key, record))
            }
        }
        return entries
    }

    /// An oversized block's key and one value of the split attribute: one sub-block.
    struct SplitOrigin: Hashable {
        var key: UInt64
        var value: Int32
    }

    /// Human-readable key: the attribute values joined with "+".
    static func describe(_ key: UInt64, rule: BlockingRule, keys: RuleKeys, table: RecordTable) -> String {
        if key & splitFlag != 0, let attribute = rule.splitBy, let slot = table.slot(of: attribute) {
            let origin = keys.splits[Int(key & ~splitFlag)]
            return describe(origin.key, rule: rule, keys: keys, table: table) + " / "
                + table.dictionaries[slot].strings[Int(origin.value)]
        }
        var ids: [Int32] = []
        var remaining = key
        for position in stride(from: rule.attributes.count - 1, through: 0, by: -1) {
            if position == 0 {
                ids.append(Int32(bitPattern: UInt32(truncatingIfNeeded: remaining)))
            } else {
                ids.append(Int32(bitPattern: UInt32(truncatingIfNeeded: remaining)))
                remaining >>= 32
                if position >= 2 { remaining = keys.combos[Int(remaining)] }
            }
        }
        ids.reverse()
        return zip(rule.attributes, ids).map { attribute, id in
            let slot = table.slot(of: attribute)!
            return table.dictionaries[slot].strings[Int(id)]
        }.joined(separator: "+")
    }
}
