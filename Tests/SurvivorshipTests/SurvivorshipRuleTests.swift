import Foundation
import GoldenCore
import Survivorship
import Testing

@Suite("Survivorship rules")
struct SurvivorshipRuleTests {
    typealias F = Fixture

    @Test("accounting beats CRMs on legal fields, even newer and more frequent CRM values")
    func accountingAuthoritative() throws {
        let members = [
            F.member(
                "sf_a", "001", daysAgo: 1, [F.value(.legalName, "ООО Ромашка Плюс"), F.value(.inn, "7707083893")]),
            F.member(
                "hubspot", "9", daysAgo: 2, [F.value(.legalName, "ООО Ромашка Плюс"), F.value(.inn, "7707083893")]),
            F.member("acc_1c", "a1", daysAgo: 90, [F.value(.legalName, "ООО «Ромашка»"), F.value(.inn, "7736207543")]),
        ]
        let values = F.assembler().assemble(kind: .organization, members: members, now: F.now)
        let legalName = try #require(values[.legalName])
        #expect(legalName.value == "ООО «Ромашка»")
        #expect(legalName.rule == "accounting_authoritative")
        #expect(legalName.source?.source == "acc_1c")
        #expect(legalName.beaten.map(\.reason) == [.notAccounting, .notAccounting])
        #expect(values.value(.inn) == "7736207543")
        #expect(values.status == .matched)

        let crmOnly = F.assembler().assemble(kind: .organization, members: Array(members.prefix(2)), now: F.now)
        #expect(crmOnly.status == .provisional)
        #expect(crmOnly[.legalName]?.rule == "only_value", "two records agreeing is no contest; no rule is credited")
        #expect(crmOnly[.legalName]?.source?.source == "sf_a", "the newest record offering the value is credited")
        #expect(crmOnly[.legalName]?.agreed.map(\.source) == ["hubspot"])
        #expect(crmOnly[.legalName]?.beaten == [])
    }

    @Test("a quarantined value never wins, even from accounting; with no valid value the attribute is empty")
    func quarantinedNeverWins() throws {
        let members = [
            F.member("acc_1c", "a1", [F.value(.inn, nil, raw: "7707083890")]),
            F.member("sf_a", "001", daysAgo: 300, [F.value(.inn, "7707083893")]),
        ]
        let values = F.assembler().assemble(kind: .organization, members: members, now: F.now)
        let inn = try #require(values[.inn])
        #expect(inn.value == "7707083893")
        #expect(inn.rule == "only_value")
        #expect(inn.beaten.count == 1)
        #expect(inn.beaten[0].reason == .failedValidation)
        #expect(inn.beaten[0].raw == "7707083890")
        #expect(inn.beaten[0].issues == ["x.invalid"])

        let none = F.assembler().assemble(kind: .organization, members: [members[0]], now: F.now)
        #expect(none[.inn]?.value == nil)
        #expect(none[.inn]?.rule == "no_valid_value")
        #expect(none[.inn]?.beaten.first?.reason == .failedValidation)
    }

    @Test("a tie no rule breaks goes to the smallest source/id, says so, and credits no rule")
    func deterministicTie() throws {
        let configuration = F.rules([.accountingAuthoritative, .mostRecent], for: .website)
        let members = [
            F.member("sf_b", "7", daysAgo: 3, [F.value(.website, "romashka.ru")]),
            F.member("sf_a", "9", daysAgo: 3, [F.value(.website, "romashka.com")]),
            F.member("hubspot", "1", daysAgo: 5, [F.value(.website, "old.ru")]),
        ]
        let forward = F.assembler(configuration).assemble(kind: .organization, members: members, now: F.now)
        let backward = F.assembler(configuration).assemble(
            kind: .organization, members: members.reversed(), now: F.now)
        #expect(forward == backward)
        let website = try #require(forward[.website])
        #expect(website.value == "romashka.com")
        #expect(website.source?.key == "9")
        #expect(website.rule == "tie")
        #expect(website.tieBrokenBy == "source_record_id")
        let reasons = Dictionary(uniqueKeysWithValues: website.beaten.map { ($0.value!, $0.reason!) })
        #expect(reasons == ["romashka.ru": .tieBroken, "old.ru": .older])
    }

    @Test("a rule that only narrows is not credited; the one that decides is, and losers keep their own reasons")
    func narrowThenDecide() throws {
        let configuration = F.rules([.trust(.none), .mostRecent], for: .website)
        let members = [
            F.member("sf_a", "1", daysAgo: 5, [F.value(.website, "a.ru")]),  // 0.65
            F.member("elma365", "2", daysAgo: 1, [F.value(.website, "b.ru")]),  // 0.6
            F.member("sf_b", "3", daysAgo: 2, [F.value(.website, "c.ru")]),  // 0.6
            F.member("hubspot", "4", daysAgo: 0, [F.value(.website, "d.ru")]),  // 0.5
        ]
        var equalTop = configuration
        equalTop.sources["sf_a"] = SourceTrust(defaultTrust: 0.6)
        let values = F.assembler(equalTop).assemble(kind: .organization, members: members, now: F.now)
        let website = try #require(values[.website])
        #expect(website.value == "b.ru")
        #expect(website.rule == "most_recent", "trust left three values; most recent decided")
        let reasons = Dictionary(uniqueKeysWithValues: website.beaten.map { ($0.value!, $0.reason!) })
        #expect(reasons == ["a.ru": .older, "c.ru": .older, "d.ru": .lowerTrust])

        let trustDecides = F.assembler(configuration).assemble(kind: .organization, members: members, now: F.now)
        #expect(trustDecides[.website]?.value == "a.ru")
        #expect(trustDecides[.website]?.rule == "trust")
        #expect(trustDecides[.website]?.score == 0.65)
        #expect(trustDecides[.website]?.beaten.allSatisfy { $0.reason == .lowerTrust } == true)
    }

    @Test("linear decay changes the winner as time passes")
    func linearDecayOverTime() throws {
        var configuration = F.rules([.trust(.linear(zeroAfter: 400 * F.day)), .mostRecent], for: .shortName)
        configuration.sources = ["good": SourceTrust(defaultTrust: 0.9), "fresh": SourceTrust(defaultTrust: 0.5)]
        let members = [
            F.member("good", "1", daysAgo: 100, [F.value(.shortName, "Ромашка")]),
            F.member("fresh", "2", daysAgo: 0, [F.value(.shortName, "Romashka")]),
        ]
        let assembler = F.assembler(configuration)
        let today = assembler.assemble(kind: .organization, members: members, now: F.now)
        #expect(today[.shortName]?.value == "Ромашка")
        #expect(abs((today[.shortName]?.score ?? 0) - 0.9 * 0.75) < 1e-9)
        let later = assembler.assemble(
            kind: .organization, members: members, now: F.now.addingTimeInterval(250 * F.day))
        #expect(later[.shortName]?.value == "Romashka")
        #expect(later[.shortName]?.rule == "trust")
        #expect(later[.shortName]?.beaten.first?.reason == .lowerTrust)
    }

    @Test("half-life decay lets a fresh value beat a trusted one once the age gap outweighs the trust gap")
    func halfLifeDecay() throws {
        var configuration = F.rules([.trust(.halfLife(365 * F.day)), .mostRecent], for: .legalName)
        configuration.sources = ["good": SourceTrust(defaultTrust: 0.8), "fresh": SourceTrust(defaultTrust: 0.5)]
        func winner(goodDaysAgo: Double) -> String? {
            F.assembler(configuration).assemble(
                kind: .organization,
                members: [
                    F.member("good", "1", daysAgo: goodDaysAgo, [F.value(.legalName, "Old")]),
                    F.member("fresh", "2", daysAgo: 0, [F.value(.legalName, "New")]),
                ], now: F.now
            ).value(.legalName)
        }
        // 0.8 · 2^(-t/365) < 0.5 once t > 365 · log2(1.6) ≈ 247 days.
        #expect(winner(goodDaysAgo: 200) == "Old")
        #expect(winner(goodDaysAgo: 300) == "New")
    }

    @Test(
        "frequency, completeness, max and min decide by their measure",
        arguments: [
            (SurvivorshipRule.mostFrequent, "x", "most_frequent", LossReason.lessFrequent),
            (.mostComplete, "xyz-long", "most_complete", .lessComplete),
            (.max, "xyz-long", "max", .smaller),
            (.min, "x", "min", .larger),
        ])
    func measures(rule: SurvivorshipRule, expected: String, name: String, reason: LossReason) throws {
        let members = [
            F.member("sf_a", "1", [F.value(.website, "x")]),
            F.member("sf_b", "2", [F.value(.website, "x")]),
            F.member("hubspot", "3", [F.value(.website, "xyz-long")]),
        ]
        let values = F.assembler(F.rules([rule], for: .website)).assemble(
            kind: .organization, members: members, now: F.now)
        let website = try #require(values[.website])
        #expect(website.value == expected)
        #expect(website.rule == name)
        #expect(website.beaten.contains { $0.reason == reason })
    }

    @Test("max and min compare numbers as numbers")
    func numericExtremes() {
        let members = [
            F.member("sf_a", "1", [F.value(.website, "9")]), F.member("sf_b", "2", [F.value(.website, "10")]),
        ]
        let values = F.assembler(F.rules([.max], for: .website)).assemble(
            kind: .organization, members: members, now: F.now)
        #expect(values.value(.website) == "10")
    }

    @Test("source priority follows the listed order, then unlisted sources")
    func sourcePriority() {
        let members = [
            F.member("hubspot", "1", [F.value(.website, "h.ru")]), F.member("zzz", "2", [F.value(.website, "z.ru")]),
            F.member("sf_b", "3", [F.value(.website, "b.ru")]),
        ]
        let values = F.assembler(F.rules([.sourcePriority(["sf_b", "hubspot"])], for: .website)).assemble(
            kind: .organization, members: members, now: F.now)
        #expect(values.value(.website) == "b.ru")
        #expect(values[.website]?.beaten.allSatisfy { $0.reason == .lowerPriority } == true)
    }
}
