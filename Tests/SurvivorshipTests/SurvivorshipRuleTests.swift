import Foundation
import Survivorship
import Testing

@Suite("Survivorship rules")
struct SurvivorshipRuleTests {
    let day = Date(timeIntervalSince1970: 1_700_000_000)

    func candidate(
        _ value: String, _ record: String, trust: Double = 0.5, daysAgo: Double = 0, accounting: Bool = false,
        override: Bool = false, completeness: Int = 0, restrictive: Bool = false
    ) -> SurvivorshipCandidate<String> {
        SurvivorshipCandidate(
            value: value, sourceRecord: record, source: String(record.split(separator: ":")[0]), trust: trust,
            modifiedAt: day.addingTimeInterval(-daysAgo * 86400), isAccounting: accounting,
            isStewardOverride: override, completeness: completeness, isRestrictive: restrictive)
    }

    @Test("accounting wins the legal name over a more recent CRM value")
    func accountingAuthoritative() throws {
        let decision = try #require(SurvivorshipRule.choose(
            from: [
                candidate("Romashka LLC", "sf_a:001", trust: 0.9, daysAgo: 0),
                candidate("ООО «Ромашка»", "acc_1c:9a1c", trust: 1.0, daysAgo: 30, accounting: true),
            ],
            rules: [.stewardOverride, .accountingAuthoritative, .mostRecent]))
        #expect(decision.value == "ООО «Ромашка»")
        #expect(decision.rule == .accountingAuthoritative)
        #expect(decision.sourceRecord == "acc_1c:9a1c")
    }

    @Test("a steward override beats accounting")
    func override() throws {
        let decision = try #require(SurvivorshipRule.choose(
            from: [
                candidate("ООО «Ромашка»", "acc_1c:9a1c", accounting: true),
                candidate("ООО «Ромашка-М»", "steward:42", override: true),
            ],
            rules: [.stewardOverride, .accountingAuthoritative]))
        #expect(decision.value == "ООО «Ромашка-М»")
        #expect(decision.rule == .stewardOverride)
    }

    @Test("one opt-out anywhere wins consent")
    func mostRestrictive() throws {
        let decision = try #require(SurvivorshipRule.choose(
            from: [
                candidate("subscribed", "hubspot:1", daysAgo: 0),
                candidate("opted_out", "sf_a:003", daysAgo: 400, restrictive: true),
                candidate("subscribed", "b24:7", daysAgo: 1),
            ],
            rules: [.mostRestrictive, .mostRecent]))
        #expect(decision.value == "opted_out")
        #expect(decision.rule == .mostRestrictive)
    }

    @Test("rules that do not apply are skipped; ties fall through to the next rule")
    func fallThrough() throws {
        let candidates = [
            candidate("+74951234567", "sf_a:1", trust: 0.6, daysAgo: 5),
            candidate("+74951234568", "sf_b:1", trust: 0.6, daysAgo: 1),
            candidate("+74951234567", "b24:1", trust: 0.4, daysAgo: 9),
        ]
        let byTrustThenRecency = try #require(SurvivorshipRule.choose(
            from: candidates, rules: [.accountingAuthoritative, .sourcePriority, .mostRecent]))
        #expect(byTrustThenRecency.value == "+74951234568")
        #expect(byTrustThenRecency.rule == .mostRecent)
        let byFrequency = try #require(SurvivorshipRule.choose(from: candidates, rules: [.mostFrequent]))
        #expect(byFrequency.value == "+74951234567")
        #expect(byFrequency.sourceRecord == "b24:1", "ties go to the smallest record id")
    }

    @Test("the decision does not depend on input order")
    func orderIndependent() throws {
        let candidates = [
            candidate("ул. Лесная, д. 1", "sf_a:1", completeness: 3),
            candidate("ул. Лесная, д. 1, корп. 2", "b24:9", completeness: 4),
            candidate("Лесная", "hubspot:2", completeness: 1),
        ]
        let forward = SurvivorshipRule.choose(from: candidates, rules: [.mostComplete])
        let backward = SurvivorshipRule.choose(from: candidates.reversed(), rules: [.mostComplete])
        #expect(forward == backward)
        #expect(forward?.value == "ул. Лесная, д. 1, корп. 2")
        #expect(SurvivorshipRule.choose(from: [SurvivorshipCandidate<String>](), rules: [.mostRecent]) == nil)
    }
}
