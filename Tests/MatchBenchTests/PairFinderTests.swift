import GoldenCore
import Testing

@testable import Matching

/// ``Blocker/PairFinder`` finds, record by record, exactly the pairs the full emit gives for those records: the same
/// pairs under the same rule, steward pairs included, in the same order. An incremental run scores and works out
/// ambiguity from it, so a pair it missed or named under another rule would change clusters only there.
@Suite struct PairFinderTests {
    static func found(_ finder: Blocker.PairFinder, touching rows: some Sequence<Int32>) -> CandidatePairs {
        var packed = finder.packedPairs(touching: rows)
        return CandidatePairs(packed: &packed)
    }

    @Test(
        "pairs found from a record's keys are the emitted pairs touching it, with caps that split and skip blocks",
        arguments: [nil, 4] as [Int?])
    func foundEqualsEmitted(cap: Int?) async throws {
        var configuration = MatchConfiguration()
        if let cap {
            for entity in MatchEntity.allCases {
                var entityConfiguration = configuration[entity]
                for index in entityConfiguration.blockingRules.indices {
                    entityConfiguration.blockingRules[index].maxBlockSize = cap
                }
                switch entity {
                case .organization: configuration.organization = entityConfiguration
                case .person: configuration.person = entityConfiguration
                }
            }
        }
        let engine = MatchEngine(configuration: configuration)
        let records = try IncrementalMatchTests.population(records: 2_000, seed: 47)
        var random = SeededGenerator(seed: 48)
        for entity in MatchEntity.allCases {
            let table = IncrementalMatchTests.table(engine, entity, records)
            let config = configuration[entity]
            let blocker = Blocker(rules: config.blockingRules)
            let keys = blocker.ruleKeys(in: table)
            let emitted = blocker.emit(keys: keys, table: table).pairs
            // Every kind of block is at work: fallback rules have blocks (whose pairs of two blocked records the
            // finder must leave out), and the small caps skip and split blocks.
            let fallbacks = config.blockingRules.indices.filter { config.blockingRules[$0].unblockedOnly == true }
            #expect(fallbacks.isEmpty || fallbacks.contains { !keys.rules[$0].blocks.isEmpty })
            if cap != nil {
                #expect(keys.rules.contains { !$0.oversized.isEmpty })
                #expect(keys.rules.contains { $0.splitBlocks > 0 })
            }
            // Steward decisions: half on pairs blocking gives, half on pairs it does not.
            var decisions: [StewardDecision] = []
            for step in 0..<20 {
                let (a, b): (Int32, Int32)
                if step % 2 == 0 {
                    let index = Int.random(in: 0..<emitted.count, using: &random)
                    (a, b) = (emitted.left[index], emitted.right[index])
                } else {
                    (a, b) = (Int32.random(in: 0..<Int32(table.count), using: &random),
                              Int32.random(in: 0..<Int32(table.count), using: &random))
                }
                decisions.append(StewardDecision(table.ids[Int(a)], table.ids[Int(b)], step % 4 < 2 ? .mustLink : .cannotLink))
            }
            let scorer = PairScorer(table: table, configuration: config)
            let steward = scorer.stewardPairs(decisions)
            let all = scorer.withStewardPairs(emitted, steward)
            #expect(all.rule.contains(UInt8.max))
            let finder = Blocker.PairFinder(rules: config.blockingRules, keys: keys, table: table, steward: steward)
            #expect(Self.found(finder, touching: 0..<Int32(table.count)) == all)
            for round in 0..<30 {
                // Small sets of random rows, and rows of steward pairs (found from one side or both).
                var rows = (0..<Int.random(in: 1...40, using: &random)).map { _ in
                    Int32.random(in: 0..<Int32(table.count), using: &random)
                }
                if round % 3 == 0, let key = steward.keys.randomElement(using: &random) {
                    rows.append(Int32(key >> 32))
                    if round % 2 == 0 { rows.append(Int32(truncatingIfNeeded: key)) }
                }
                let chosen = Set(rows)
                let expected = all.subset(
                    (0..<all.count).filter { chosen.contains(all.left[$0]) || chosen.contains(all.right[$0]) })
                #expect(Self.found(finder, touching: rows) == expected, "rows \(rows.sorted())")
            }
        }
    }
}
