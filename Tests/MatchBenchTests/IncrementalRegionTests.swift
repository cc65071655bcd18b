import Foundation
import Matching
import Testing

@testable import golden

/// Changes whose effect reaches records whose own context digest does not move: the region must still take them in.
/// The seeded rounds of `IncrementalMatchTests` rarely make such a change alone (a deletion or a new group member
/// usually moves a neighbour's blocks or counts too), so these build one on purpose, among the generator's records so
/// the model and the value counts are realistic. Each checks the incremental result against a full match.
@Suite struct IncrementalRegionTests {
    typealias Stored = IncrementalMatchTests.Stored

    static func organization(_ id: String, names: [String], phones: [String] = [], inn: String? = nil, kpp: String? = nil)
        -> Stored
    {
        var values: [MatchAttribute: [String]] = [.nameKey: names, .translitKey: names.map(Self.translit)]
        if !phones.isEmpty { values[.phone] = phones }
        if let inn { values[.inn] = [inn] }
        if let kpp { values[.kpp] = [kpp] }
        return Stored(id: "zz-made/\(id)", source: "zz-made", entity: .organization, values: values)
    }

    /// A stable Latin spelling (the translit key only has to be the same for the same name).
    static func translit(_ name: String) -> String {
        name.applyingTransform(.toLatin, reverse: false)?.applyingTransform(.stripDiacritics, reverse: false) ?? name
    }

    /// The full and the incremental match of `after`, the incremental one starting from the state a full match of
    /// `before` left; both with a model trained on the generator's organizations.
    static func matchBoth(
        before: [Stored], after: [Stored], decisions: [StewardDecision] = [],
        configuration: MatchConfiguration = MatchConfiguration()
    ) async throws -> (
        before: EntityMatchResult, full: EntityMatchResult, incremental: MatchEngine.IncrementalOutcome, table: RecordTable,
        fullState: MatchState?
    ) {
        var configuration = configuration
        configuration.organization.uSamplePairs = 40_000
        let engine = MatchEngine(configuration: configuration)
        let population = try IncrementalMatchTests.population(records: 2_000, seed: 47)
        let model = await engine.match(IncrementalMatchTests.table(engine, .organization, population), workers: 2).model
        let old = IncrementalMatchTests.table(engine, .organization, (population + before).sorted { $0.id < $1.id })
        let first = await engine.match(
            old, model: model, decisions: decisions, previous: nil, fingerprint: 1, workers: 2)
        let state = try #require(first.state)
        let table = IncrementalMatchTests.table(engine, .organization, (population + after).sorted { $0.id < $1.id })
        let full = await engine.match(table, model: model, decisions: decisions, previous: nil, fingerprint: 1, workers: 2)
        let incremental = await engine.match(
            table, model: model, decisions: decisions, previous: state, fingerprint: 1, workers: 2)
        return (first.result, full.result, incremental, table, full.state)
    }

    /// How many rows the incremental match clusters otherwise than the full one (each row by its cluster's first row).
    static func differingRows(_ incremental: MatchEngine.IncrementalOutcome, _ full: EntityMatchResult) -> Int {
        zip(incremental.result.clustering.clusterOf, full.clustering.clusterOf).filter { $0 != $1 }.count
    }

    /// The rows of records whose id starts with `prefix`.
    static func rows(_ table: RecordTable, _ prefix: String) -> [Int] {
        table.ids.indices.filter { table.ids[$0].hasPrefix("zz-made/\(prefix)") }
    }

    @Test("a deleted record that bridged two groups: they part, though no other record's context moved")
    func deletedBridge() async throws {
        // Twelve records of each company (more than the distinctive-name rule counts, so one fewer holder of the
        // name moves no one's count), and one record carrying both names and both numbers that links them.
        let alpha = (0..<12).map { Self.organization("a\($0)", names: ["альфа стройресурс"], phones: ["+79990001111"]) }
        // Two of the second company's records also carry a name of their own: every record of it is close to two
        // names without the bridge too, so the bridge's leaving flips no one's ambiguity.
        let gamma = (0..<12).map { Self.organization("c\($0)", names: ["гамма трейдинвест"], phones: ["+79990002222"]) }
            + ["дельта логистик", "эпсилон сервис"].enumerated().map { index, other in
                Self.organization("cx\(index)", names: ["гамма трейдинвест", other], phones: ["+79990002222"])
            }
        let bridge = Self.organization(
            "b", names: ["альфа стройресурс", "гамма трейдинвест"], phones: ["+79990001111", "+79990002222"])
        let (before, full, incremental, table, _) = try await Self.matchBoth(
            before: alpha + gamma + [bridge], after: alpha + gamma)
        let region = try #require(incremental.region)
        let (a, c) = (Self.rows(table, "a"), Self.rows(table, "c"))
        // Together through the bridge before.
        let (oldA, oldC) = (Self.rows(before.table, "a"), Self.rows(before.table, "c"))
        #expect(before.clustering.clusterOf[oldA[0]] == before.clustering.clusterOf[oldC[0]])
        // The full match parts them; the incremental one must too, and it can only know from the deleted record.
        #expect(full.clustering.clusterOf[a[0]] != full.clustering.clusterOf[c[0]])
        #expect(Set(a + c).isSubset(of: Set(region.map(Int.init))))
        #expect(Self.differingRows(incremental, full) == 0)
    }

    @Test("a new record that shares an oversized must-link group joins the group, though no member's context moved")
    func newMustLinkMember() async throws {
        // Six records of one company by INN and KPP, more than the INN block's cap: no pair between them is blocked,
        // the must-link group alone holds them together. A seventh arrives with the same INN and KPP and its own name.
        var configuration = MatchConfiguration()
        for index in configuration.organization.blockingRules.indices
        where configuration.organization.blockingRules[index].attributes == [.inn] {
            configuration.organization.blockingRules[index].maxBlockSize = 4
        }
        let group = (0..<6).map {
            Self.organization("g\($0)", names: ["омега \($0)"], inn: "7707083893", kpp: "773601001")
        }
        let newcomer = Self.organization("n", names: ["сигма логистик"], inn: "7707083893", kpp: "773601001")
        let (_, full, incremental, table, _) = try await Self.matchBoth(
            before: group, after: group + [newcomer], configuration: configuration)
        let (members, new) = (Self.rows(table, "g"), try #require(Self.rows(table, "n").first))
        #expect(full.clustering.clusterOf[new] == full.clustering.clusterOf[members[0]])
        #expect(Self.differingRows(incremental, full) == 0)
    }

    @Test("a record whose steward partner takes another name is worked out again, though none of its blocks moved")
    func stewardPartnerRenamed() async throws {
        // `b` is close to two names through its two steward pairs, with records it shares no block with: `a`
        // ("ромашка") and `b3` ("ромашки"). When `a` takes a name far from `b`'s, `b` is close to one name only. Nothing
        // of `b`'s own moves, and no member of its blocks: only its steward partner did.
        func pair(_ id: String, _ name: String, _ other: String, _ phone: String) -> [Stored] {
            [Self.organization(id, names: [name], phones: [phone]), Self.organization(id + "x", names: [other], phones: [phone])]
        }
        let others = pair("b", "ромашко сервис", "василёк групп", "+79990004444")
            + pair("b3", "ромашки сервис", "клевер плюс", "+79990005555")
        let before = pair("a", "ромашка сервис", "лютик трейд", "+79990003333") + others
        let after = pair("a", "дельта логистик", "лютик трейд", "+79990003333") + others
        let decisions = [
            StewardDecision("zz-made/a", "zz-made/b", .mustLink), StewardDecision("zz-made/b3", "zz-made/b", .mustLink),
        ]
        let (_, full, incremental, _, fullState) = try await Self.matchBoth(
            before: before, after: after, decisions: decisions)
        #expect(Self.differingRows(incremental, full) == 0)
        #expect(incremental.state == fullState)
    }
}
