import Foundation
import Testing

@testable import Matching

@Suite struct ClusteringTests {
    /// A table of `n` bare records and hand-made scored pairs (weight in log2 odds, decision from thresholds).
    static func scored(_ n: Int, _ edges: [(Int32, Int32, Float)], steward: [(Int32, Int32, PairFlags)] = [])
        -> (RecordTable, ScoredPairs)
    {
        let records = (0..<n).map { MatchRecord(id: "r\($0)", source: "s", entity: .person) }
        let table = RecordTable(entity: .person, attributes: [], records: records)
        var pairs = CandidatePairs()
        var all = edges.map { ($0.0, $0.1, $0.2, PairFlags()) }
        all += steward.map { ($0.0, $0.1, Float(0), $0.2) }
        all.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        for edge in all { pairs.append(edge.0, edge.1, rule: 0) }
        let thresholds = MatchThresholds()
        let decisions = all.map { PairScorer.decide(weight: Double($0.2), flags: $0.3, thresholds: thresholds) }
        let scored = ScoredPairs(
            pairs: pairs, width: 0, levels: [], weights: all.map(\.2), flags: all.map(\.3), decisions: decisions)
        return (table, scored)
    }

    @Test func stewardCannotLinkBreaksNamesakeChain() {
        let (table, scored) = Self.scored(3, [(0, 1, 12), (1, 2, 11), (0, 2, 8)], steward: [])
        let glued = ConstrainedClusterer().cluster(table: table, scored: scored)
        #expect(Set(glued.clusterOf).count == 1)
        let (_, constrained) = Self.scored(3, [(0, 1, 12), (1, 2, 11)], steward: [(0, 2, .stewardCannotLink)])
        let split = ConstrainedClusterer().cluster(table: table, scored: constrained)
        #expect(split.clusterOf[0] != split.clusterOf[2])
        #expect(split.clusterOf[0] == split.clusterOf[1])
        #expect(split.refusedForConstraint == 1)
    }

    @Test func namesakeChainDoesNotGlue() {
        // 0–1–2–…–9 each linked to the next only: a chain of namesakes.
        var chain: [(Int32, Int32, Float)] = []
        for index in 0..<9 { chain.append((Int32(index), Int32(index + 1), Float(10) - Float(index) / 10)) }
        let (table, scored) = Self.scored(10, chain)
        let result = ConstrainedClusterer().cluster(table: table, scored: scored)
        #expect(result.largestClusterSize <= 3)
        #expect(result.refusedForSupport > 0)
    }

    @Test func denseGroupStaysTogether() {
        var clique: [(Int32, Int32, Float)] = []
        for a in 0..<8 { for b in (a + 1)..<8 { clique.append((Int32(a), Int32(b), 9)) } }
        let (table, scored) = Self.scored(8, clique)
        let result = ConstrainedClusterer().cluster(table: table, scored: scored)
        #expect(result.largestClusterSize == 8)
        #expect(result.clusterOf == Array(repeating: 0, count: 8))
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func neverViolatesCannotLink(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let n = 60
        var edges: [(Int32, Int32, Float)] = []
        var seen = Set<Int>()
        for _ in 0..<300 {
            let a = Int32.random(in: 0..<Int32(n), using: &random)
            let b = Int32.random(in: 0..<Int32(n), using: &random)
            guard a != b, seen.insert(Int(min(a, b)) * n + Int(max(a, b))).inserted else { continue }
            edges.append((min(a, b), max(a, b), Float.random(in: 2...20, using: &random)))
        }
        var cannot: [(Int32, Int32, PairFlags)] = []
        for _ in 0..<40 {
            let a = Int32.random(in: 0..<Int32(n), using: &random)
            let b = Int32.random(in: 0..<Int32(n), using: &random)
            guard a != b, seen.insert(Int(min(a, b)) * n + Int(max(a, b))).inserted else { continue }
            cannot.append((min(a, b), max(a, b), .stewardCannotLink))
        }
        let (table, scored) = Self.scored(n, edges, steward: cannot)
        let options = ClusteringOptions(minAverageSupport: 0, maxClusterSize: 1_000)
        let result = ConstrainedClusterer(options: options).cluster(table: table, scored: scored)
        #expect(!cannot.isEmpty)
        for pair in cannot { #expect(result.clusterOf[Int(pair.0)] != result.clusterOf[Int(pair.1)]) }
        #expect(result.refusedForConstraint > 0)
    }
}

@Suite struct HardRuleTests {
    static func org(_ id: String, name: String, inn: String?, kpp: String?, city: String = "москва") -> MatchRecord {
        var values: [MatchAttribute: [String]] = [.nameKey: [name], .translitKey: [name], .city: [city]]
        if let inn { values[.inn] = [inn] }
        if let kpp { values[.kpp] = [kpp] }
        return MatchRecord(id: id, source: "s", entity: .organization, values: values)
    }

    static func organizations() -> [MatchRecord] {
        var records = [
            org("same-a", name: "ромашка", inn: "7701234567", kpp: "770101001"),
            org("same-b", name: "василек", inn: "7701234567", kpp: "770101001", city: "казань"),
            org("diff-a", name: "альфа торг", inn: "7702222222", kpp: nil),
            org("diff-b", name: "альфа торг", inn: "7703333333", kpp: nil),
            org("bridge", name: "альфа торг", inn: nil, kpp: nil),
        ]
        for index in 0..<40 { records.append(org("filler\(index)", name: "компания\(index)", inn: nil, kpp: nil)) }
        return records
    }

    @Test func innRulesOverrideScores() async throws {
        var config = EntityConfiguration.organization
        config.uSamplePairs = 5_000
        let engine = MatchEngine(configuration: MatchConfiguration(organization: config))
        let result = await engine.match(engine.table(for: .organization, records: Self.organizations()))
        let same = try #require(result.explain("same-a", "same-b"))
        #expect(same.decision == .link)
        #expect(same.hardRules.contains { $0.contains("inn+kpp") })
        let different = try #require(result.explain("diff-a", "diff-b"))
        #expect(different.decision == .noLink)
        #expect(different.steps.first { $0.comparison == "name" }?.level == 0)
        let cluster = result.clustering.clusterOf
        #expect(cluster[0] == cluster[1])
        // The nameless-INN "bridge" record may join one of them but never glue both INNs into one cluster.
        #expect(cluster[2] != cluster[3])
    }

    @Test func stewardDecisionsBeatEverything() async throws {
        var config = EntityConfiguration.organization
        config.uSamplePairs = 5_000
        let engine = MatchEngine(configuration: MatchConfiguration(organization: config))
        let table = engine.table(for: .organization, records: Self.organizations())
        let decisions = [
            StewardDecision("same-a", "same-b", .cannotLink), StewardDecision("filler1", "filler2", .mustLink),
        ]
        let result = await engine.match(table, decisions: decisions)
        let same = try #require(result.explain("same-a", "same-b"))
        #expect(same.decision == .noLink)
        #expect(result.clustering.clusterOf[0] != result.clustering.clusterOf[1])
        let forced = try #require(result.explain("filler1", "filler2"))
        #expect(forced.decision == .link)
        #expect(result.clustering.clusterOf[6] == result.clustering.clusterOf[7])
    }

    @Test func scopeGateSendsCrossEmployerNamesakesToReview() {
        let flags: PairFlags = [.scopeGated]
        #expect(PairScorer.decide(weight: 30, flags: flags, thresholds: MatchThresholds()) == .review)
        #expect(PairScorer.decide(weight: 30, flags: [], thresholds: MatchThresholds()) == .link)
        #expect(PairScorer.decide(weight: 30, flags: [.cannotLink], thresholds: MatchThresholds()) == .noLink)
        #expect(PairScorer.decide(weight: -30, flags: [.mustLink], thresholds: MatchThresholds()) == .link)
    }
}

/// `single_record_support`: a record joining a cluster is averaged over every member, or over the members blocking
/// compared it with.
@Suite struct SingleRecordSupportTests {
    /// Members 0–3 form a clique; record 4 links to member 0 and to nobody else: it was compared with 0 alone, or
    /// also with 1 and 2 (no-link pairs).
    static func cluster(_ support: ClusteringOptions.SingleRecordSupport, comparedWithMore: Bool) -> Clustering {
        var edges: [(Int32, Int32, Float)] = []
        for a in 0..<4 { for b in (a + 1)..<4 { edges.append((Int32(a), Int32(b), 12)) } }
        // Weaker than the clique's links, so the clique is built first (the support test then decides).
        edges.append((0, 4, 5))
        if comparedWithMore { edges += [(1, 4, -20), (2, 4, -20)] }
        let (table, scored) = ClusteringTests.scored(5, edges)
        return ConstrainedClusterer(options: ClusteringOptions(singleRecordSupport: support))
            .cluster(table: table, scored: scored)
    }

    @Test func aMemberNeverComparedIsNoEvidenceWithCompared() {
        // Support of record 4: one link (p ≈ 0.97) over 1 compared member passes; over 4 members it does not.
        let compared = Self.cluster(.compared, comparedWithMore: false)
        #expect(compared.clusterOf[4] == compared.clusterOf[0])
        let all = Self.cluster(.all, comparedWithMore: false)
        #expect(all.clusterOf[4] != all.clusterOf[0])
        #expect(all.refusedForSupport == 1)
    }

    @Test func aComparedMemberThatDisagreesStillCounts() {
        // Compared with three members, linked to one: 0.97 over 3 is below 0.4, in either mode.
        for support in [ClusteringOptions.SingleRecordSupport.compared, .all] {
            let result = Self.cluster(support, comparedWithMore: true)
            #expect(result.clusterOf[4] != result.clusterOf[0], "\(support)")
            #expect(result.refusedForSupport == 1)
        }
    }

    @Test func storedOptionsFromBeforeReadAsAll() throws {
        let old = #"{"minAverageSupport":0.4,"maxClusterSize":50}"#
        let decoded = try JSONDecoder().decode(ClusteringOptions.self, from: Data(old.utf8))
        #expect(decoded == ClusteringOptions())
        let round = try JSONDecoder().decode(
            ClusteringOptions.self, from: JSONEncoder().encode(ClusteringOptions(singleRecordSupport: .compared)))
        #expect(round.singleRecordSupport == .compared)
    }

    @Test("clusters and each record's cluster position, ordered by id, for record-index ids and for ids from elsewhere")
    func clustersByID() {
        var random = SeededGenerator(seed: 29)
        for (count, spread) in [(0, 1), (1, 1), (50, 10), (2_000, 700)] {
            // Ids as a clusterer makes them: each record points at the smallest index of its cluster.
            var labels = [Int32](repeating: 0, count: count)
            for record in 0..<count {
                let back = Int(random.next() % UInt64(spread))
                labels[record] = back == 0 || record - back < 0 ? Int32(record) : labels[record - back]
            }
            // And the same partition under arbitrary ids (negative and past the end), as a decoded one may carry.
            let renamed = labels.map { -3 * $0 - 1 }
            for clusterOf in [labels, renamed] {
                let clustering = Clustering(
                    clusterOf: clusterOf, refusedForConstraint: 0, refusedForSupport: 0, refusedForSize: 0)
                for minimumSize in [1, 2, 3] {
                    var groups: [Int32: [Int]] = [:]
                    for (record, id) in clusterOf.enumerated() { groups[id, default: []].append(record) }
                    let expected = groups.keys.sorted().compactMap { groups[$0]!.count >= minimumSize ? groups[$0] : nil }
                    let clusters = clustering.clusters(minimumSize: minimumSize)
                    #expect(clusters == expected, "count \(count), minimum \(minimumSize)")
                    let index = clustering.clusterIndex(minimumSize: minimumSize)
                    #expect(index.sizes == expected.map(\.count))
                    for (position, members) in expected.enumerated() {
                        #expect(members.allSatisfy { index.position[$0] == position })
                    }
                    #expect(index.position.filter { $0 < 0 }.count == count - expected.reduce(0) { $0 + $1.count })
                }
            }
        }
    }
}
