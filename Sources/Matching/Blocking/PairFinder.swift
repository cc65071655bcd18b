import GoldenCore

extension Blocker {
    /// The candidate pairs of chosen records, found from their own keys: what ``Blocker/emit(keys:table:partition:)``
    /// gives for them, without emitting every pair of the table.
    ///
    /// An incremental run scores the pairs of a few thousand records among a million, and works out ambiguity again
    /// for a few more; emitting the table's millions of pairs to pick those out was most of its blocking time. A
    /// record's pairs all come from its usable blocks, and a pair appears in the block where its two records meet
    /// first (``Blocker/firstMeet(_:_:rule:key:keys:unblocked:editSlot:table:)``), so walking the record's blocks
    /// with that test finds each of its pairs once, under the rule the full emit names.
    struct PairFinder: Sendable {
        let keys: AllRuleKeys
        let table: RecordTable
        /// Per rule: the one-edit rule's attribute slot, `nil` for an exact rule.
        private let editSlots: [Int?]
        /// Per row with steward decisions: the other rows they name.
        private let stewardPartners: [Int32: [Int32]]

        /// - Parameter steward: the run's steward decisions by packed row pair (``PairScorer/stewardPairs(_:)``):
        ///   their pairs are candidates too, under rule `UInt8.max` when no block gives them
        ///   (``PairScorer/withStewardPairs(_:_:)``).
        init(rules: [BlockingRule], keys: AllRuleKeys, table: RecordTable, steward: [UInt64: StewardDecision.Kind]) {
            self.keys = keys
            self.table = table
            editSlots = rules.map { $0.edits == 1 ? table.slot(of: $0.attributes[0]) : nil }
            var partners: [Int32: [Int32]] = [:]
            for key in steward.keys {
                let (a, b) = (Int32(key >> 32), Int32(truncatingIfNeeded: key))
                partners[a, default: []].append(b)
                partners[b, default: []].append(a)
            }
            stewardPartners = partners
        }

        /// Every candidate pair with a record among `rows`, steward pairs included, each once, packed
        /// (``CandidatePairs/pack(_:_:rule:)``) and ascending, as ``CandidatePairs`` sorts them.
        func packedPairs(touching rows: some Sequence<Int32>) -> [UInt64] {
            var packed: [UInt64] = []
            for row in rows {
                for (ruleIndex, ruleKeys) in keys.rules.enumerated() {
                    let (unblocked, editSlot) = (keys.unblocked[ruleIndex], editSlots[ruleIndex])
                    for keyIndex in Int(ruleKeys.recordOffsets[Int(row)])..<Int(ruleKeys.recordOffsets[Int(row) + 1]) {
                        let block = ruleKeys.blocks[Int(ruleKeys.recordBlocks[keyIndex])]
                        for other in ruleKeys.members[block.start..<block.end] where other != row {
                            let (a, b) = row < other ? (row, other) : (other, row)
                            guard
                                Blocker.firstMeet(
                                    a, b, rule: ruleIndex, key: block.key, keys: keys, unblocked: unblocked,
                                    editSlot: editSlot, table: table)
                            else { continue }
                            packed.append(CandidatePairs.pack(a, b, rule: UInt8(ruleIndex)))
                        }
                    }
                }
                for other in stewardPartners[row] ?? [] {
                    let (a, b) = row < other ? (row, other) : (other, row)
                    packed.append(CandidatePairs.pack(a, b, rule: UInt8.max))
                }
            }
            return Self.sortedUnique(&packed)
        }

        /// Sorts packed pairs and keeps one of each pair of rows. A pair found from both of its records is there
        /// twice; a steward pair a block also gives sorts after the block's (rule `UInt8.max` is the largest) and
        /// keeps the block's rule, as `withStewardPairs` does.
        private static func sortedUnique(_ packed: inout [UInt64]) -> [UInt64] {
            RadixSort.sort(&packed) { $0 }
            packed.removeAdjacentRepeats { $0 >> 8 == $1 >> 8 }
            return packed
        }
    }
}
