import Foundation
import GoldenCore
import Survivorship
import Testing

@Suite("Golden record assembly")
struct GoldenRecordAssemblerTests {
    typealias F = Fixture

    @Test("every golden value has lineage and every candidate is accounted for (seeded random clusters)")
    func everyValueHasLineage() throws {
        var random = SeededGenerator(state: 12)
        let sources = ["acc_1c", "bitrix24", "sf_a", "sf_b", "hubspot", "elma365", "unknown_crm"]
        let assembler = F.assembler()
        for round in 0..<300 {
            let kind: PartyKind = round % 2 == 0 ? .organization : .person
            let attributes = GoldenAttribute.attributes(of: kind)
            var members: [SurvivorshipMember] = []
            for index in 0..<Int.random(in: 1...6, using: &random) {
                var values: [MemberValue] = []
                for attribute in attributes where Bool.random(using: &random) {
                    for _ in 0..<(attribute.isMultiValued ? Int.random(in: 1...3, using: &random) : 1) {
                        let pool =
                            attribute == .emailOptOut || attribute == .phoneOptOut
                            ? ["true", "false"]
                            : attribute == .status ? ["live", "prospect", "dead"] : ["a", "b", "c", "dd"]
                        let clean =
                            Int.random(in: 0..<8, using: &random) == 0 ? nil : pool.randomElement(using: &random)
                        values.append(F.value(attribute, clean))
                    }
                }
                members.append(
                    F.member(
                        sources.randomElement(using: &random)!, "r\(index)",
                        daysAgo: Double(Int.random(in: 0...800, using: &random)),
                        deleted: Int.random(in: 0..<10, using: &random) == 0, values))
            }
            let values = assembler.assemble(kind: kind, members: members, now: F.now)
            let offeredAttributes = Set(members.flatMap { $0.values.map(\.attribute) })
            #expect(values.lineage.map(\.attribute) == attributes.filter(offeredAttributes.contains))
            for entry in values.lineage {
                let offered = members.flatMap { $0.values.filter { $0.attribute == entry.attribute } }
                if entry.values == nil {
                    let lost = Set(entry.beaten.compactMap(\.value))
                    for value in Set(offered.compactMap(\.clean)) where value != entry.value {
                        #expect(lost.contains(value), "\(entry.attribute): every other value is beaten, with a reason")
                    }
                    #expect(entry.beaten.count + entry.agreed.count + (entry.value == nil ? 0 : 1) <= offered.count)
                    #expect(
                        entry.agreed.allSatisfy { $0.source != entry.source?.source || $0.key != entry.source?.key })
                }
                #expect(entry.beaten.filter { $0.value == nil }.count == offered.filter { $0.clean == nil }.count)
                if entry.value != nil {
                    #expect(entry.source != nil || entry.override != nil)
                    #expect(entry.rule != "no_valid_value")
                    let winner = try #require(
                        members.first { $0.ref.source == entry.source?.source && $0.ref.id == entry.source?.key })
                    #expect(!winner.isDeleted)
                    #expect(winner.values.contains { $0.attribute == entry.attribute && $0.clean == entry.value })
                }
                #expect(entry.beaten.allSatisfy { $0.reason != nil })
                #expect(
                    entry.beaten.filter { $0.value == nil }.allSatisfy {
                        $0.reason == .failedValidation
                            || $0.reason == .recordDeleted
                    })
            }
            let shuffled = assembler.assemble(kind: kind, members: members.shuffled(using: &random), now: F.now)
            #expect(shuffled == values, "the order of members does not matter")
        }
    }

    @Test("a steward override wins with who and why, over accounting too")
    func stewardOverride() throws {
        let members = [F.member("acc_1c", "a1", [F.value(.legalName, "ООО «Ромашка»")])]
        let override = StewardOverride(
            attribute: .legalName, value: "ООО «Ромашка-М»", by: "anna", reason: "renamed in May", at: F.now)
        let values = F.assembler().assemble(
            kind: .organization, members: members, overrides: [override], now: F.now)
        let legalName = try #require(values[.legalName])
        #expect(legalName.value == "ООО «Ромашка-М»")
        #expect(legalName.rule == "steward_override")
        #expect(legalName.override == OverrideNote(by: "anna", reason: "renamed in May", at: F.now))
        #expect(legalName.beaten.map(\.reason) == [.stewardOverride])
    }

    @Test("consent has no steward_override in the shipped rules, so an override cannot opt a person back in")
    func consentIgnoresOverride() {
        let members = [F.member("sf_a", "1", [F.value(.emailOptOut, "true")])]
        let override = StewardOverride(attribute: .emailOptOut, value: "false", by: "bob", reason: "asked", at: F.now)
        let values = F.assembler().assemble(kind: .person, members: members, overrides: [override], now: F.now)
        #expect(values.consent?.email?.optedOut == true)
    }

    @Test("a confirmed company keeps its legal fields; a differing winner becomes a proposal")
    func confirmedLock() throws {
        let before = [
            F.member("acc_1c", "a1", daysAgo: 30, [F.value(.legalName, "ООО «Ромашка»"), F.value(.kpp, "773601001")])
        ]
        let assembler = F.assembler()
        let confirmed = assembler.assemble(kind: .organization, members: before, now: F.now)
        let after = [
            F.member(
                "acc_1c", "a1",
                [F.value(.legalName, "АО «Ромашка»"), F.value(.kpp, "773601001"), F.value(.website, "r.ru")])
        ]
        let values = assembler.assemble(
            kind: .organization, members: after, storedStatus: .confirmed, previous: confirmed, now: F.now)
        #expect(values.status == .confirmed)
        let legalName = try #require(values[.legalName])
        #expect(legalName.value == "ООО «Ромашка»", "never overwritten")
        #expect(legalName.rule == "confirmed_lock")
        #expect(legalName.source == confirmed[.legalName]?.source)
        #expect(legalName.beaten.map(\.reason) == [.confirmedLock])
        #expect(
            values.proposals == [
                SurvivorshipProposal(
                    attribute: .legalName, current: "ООО «Ромашка»", proposed: "АО «Ромашка»",
                    proposedRaw: "АО «Ромашка»",
                    source: LineageSource(source: "acc_1c", key: "a1", modifiedAt: F.now), rule: "only_value")
            ])
        #expect(values.value(.kpp) == "773601001")
        #expect(values.value(.website) == "r.ru", "fields that are not legal still follow their rules")

        let overridden = assembler.assemble(
            kind: .organization, members: after,
            overrides: [StewardOverride(attribute: .inn, value: "7707083893", by: "anna", reason: "typo", at: F.now)],
            storedStatus: .confirmed, previous: confirmed, now: F.now)
        #expect(overridden.value(.inn) == nil, "a steward cannot change a confirmed legal field either")
        #expect(overridden.proposals.map(\.attribute) == [.legalName, .inn])
    }

    @Test("an opt-out in one source reaches the golden record with its time and source")
    func consentOptOut() throws {
        let optedOutAt = F.now.addingTimeInterval(-400 * F.day)
        let members = [
            F.member("hubspot", "1", daysAgo: 0, [F.value(.emailOptOut, "false"), F.value(.name, "Mark Smith")]),
            F.member(
                "sf_a", "3", daysAgo: 10,
                [
                    MemberValue(.emailOptOut, Consent.Channel(optedOut: true, at: optedOutAt)),
                    F.value(.name, "M. Smith"),
                ]),
            F.member("bitrix24", "7", daysAgo: 1, [F.value(.emailOptOut, "false"), F.value(.phoneOptOut, "false")]),
        ]
        let values = F.assembler().assemble(kind: .person, members: members, now: F.now)
        let email = try #require(values.consent?.email)
        #expect(email.optedOut)
        #expect(email.at == optedOutAt)
        #expect(email.source.source == "sf_a")
        #expect(email.source.key == "3")
        #expect(values[.emailOptOut]?.rule == "most_restrictive")
        #expect(values[.emailOptOut]?.beaten.map(\.reason) == [.lessRestrictive, .lessRestrictive])
        #expect(values.consent?.phone?.optedOut == false)
        #expect(values.attributesJSON.contains(#""email_opt_out":"true""#))
    }

    @Test("union keeps every distinct valid phone, picks one primary and drops only invalid ones")
    func unionPhones() throws {
        let members = [
            F.member("hubspot", "1", daysAgo: 0, [F.value(.phone, "+74951234567"), F.value(.phone, nil, raw: "12")]),
            F.member("sf_a", "2", daysAgo: 10, [F.value(.phone, "+74957654321")]),
            F.member("bitrix24", "3", daysAgo: 400, [F.value(.phone, "+74951234567")]),
        ]
        let values = F.assembler().assemble(kind: .organization, members: members, now: F.now)
        let phone = try #require(values[.phone])
        #expect(phone.value == "+74957654321", "sf_a's phone trust 0.7 beats hubspot's 0.5 after 10 days of decay")
        #expect(phone.rule == "trust")
        #expect(phone.allValues == ["+74957654321", "+74951234567"])
        #expect(phone.values?[1].source?.source == "hubspot", "a shared value is credited to its newest record")
        #expect(phone.values?[1].reason == .lowerTrust)
        #expect(phone.beaten.map(\.reason) == [.failedValidation])
        #expect(values.attributesJSON.contains(#""phone":["+74957654321","+74951234567"]"#))
    }

    @Test("dead records are flagged and kept; deleted records stop voting")
    func lifecycle() throws {
        let dead = F.assembler().assemble(
            kind: .organization,
            members: [
                F.member("bitrix24", "1", daysAgo: 0, [F.value(.status, "dead")]),
                F.member("sf_a", "2", daysAgo: 5, [F.value(.status, "prospect")]),
            ], now: F.now)
        #expect(dead.lifecycle == .dead)
        #expect(dead.deadReason == .sourceSaysDead)

        let gone = F.assembler().assemble(
            kind: .organization,
            members: [F.member("bitrix24", "1", deleted: true, [F.value(.status, "live"), F.value(.website, "a.ru")])],
            now: F.now)
        #expect(gone.lifecycle == .dead)
        #expect(gone.deadReason == .allMembersDeleted)
        #expect(gone.value(.website) == nil)
        #expect(gone[.website]?.beaten.map(\.reason) == [.recordDeleted])
    }

    @Test("accounting facts come from accounting only; owners are kept per source with one lead owner")
    func factsAndOwners() throws {
        let members = [
            F.member("sf_a", "1", owner: "u1", facts: ["contract_number": "not accounting"], []),
            F.member("bitrix24", "2", daysAgo: 3, owner: "42", []),
            F.member("acc_1c", "a1", facts: ["receivables_balance": "1200.50", "contract_number": "Д-17"], []),
            F.member("acc_1c", "a0", daysAgo: 9, facts: ["contract_number": "old"], []),
        ]
        let values = F.assembler().assemble(kind: .organization, members: members, now: F.now)
        #expect(values.accountingFacts?.facts == ["receivables_balance": "1200.50", "contract_number": "Д-17"])
        #expect(values.accountingFacts?.source.key == "a1")
        #expect(values.owners.map(\.source) == ["bitrix24", "sf_a"])
        #expect(values.leadOwner == nil, "owners come from the members' values; these members list none")

        let typed = members.map { member in
            var member = member
            if let owner = member.owner {
                member.values.append(MemberValue(.owner, raw: owner.id, clean: "\(member.ref.source)/\(owner.id)"))
            }
            return member
        }
        let withOwners = F.assembler().assemble(kind: .organization, members: typed, now: F.now)
        #expect(withOwners.leadOwner == SourceOwner(source: "bitrix24", key: "2", ownerID: "42", name: "Manager 42"))
        #expect(withOwners[.owner]?.rule == "source_priority")
        let keyAccount = StewardOverride(attribute: .owner, value: "sf_a/u1", by: "anna", reason: "key", at: F.now)
        let steered = F.assembler().assemble(
            kind: .organization, members: typed, overrides: [keyAccount], now: F.now)
        #expect(steered.leadOwner == SourceOwner(source: "sf_a", key: "1", ownerID: "u1", name: "Manager u1"))
        #expect(
            withOwners.attributesJSON.contains(#""facts":{"contract_number":"Д-17","receivables_balance":"1200.50"}"#))
    }

    @Test("a typed source record becomes a member with clean values, failed values and consent")
    func fromSourceRecord() throws {
        let ref = SourceRecordRef(source: "sf_a", id: "003")
        let modified = F.now.addingTimeInterval(-F.day)
        let provenance = Provenance(ref: ref, modifiedAt: modified)
        let record = SourceRecord(
            ref: ref, modifiedAt: modified,
            party: .person(
                Person(
                    phones: [AttributeValue(raw: "8 (495) 123-45-67", value: nil, provenance: provenance)],
                    consent: Consent(email: Consent.Channel(optedOut: true)), status: .prospect,
                    owner: Owner(id: "005", name: "Ирина"))))
        let member = SurvivorshipMember(record)
        #expect(member.values.contains(MemberValue(.phone, raw: "8 (495) 123-45-67", clean: nil)))
        #expect(member.values.contains(MemberValue(.emailOptOut, raw: "true", clean: "true")))
        #expect(member.values.contains(MemberValue(.owner, raw: "Ирина", clean: "sf_a/005")))
        let values = F.assembler().assemble(kind: .person, members: [member], now: F.now)
        #expect(values.consent?.email?.at == modified, "without its own time, the record's time stands")
        #expect(values.leadOwner?.ownerID == "005")
        #expect(values.lifecycle == .prospect)
    }

    @Test("every key of the stored attributes JSON maps to its attribute, or is known not to be one")
    func storedKeys() throws {
        let ref = SourceRecordRef(source: "sf_a", id: "1")
        let provenance = Provenance(ref: ref, modifiedAt: F.now)
        func keys(_ party: Party) throws -> [String] {
            let object = try JSONSerialization.jsonObject(with: Data(party.storedJSON(facts: ["x": "1"]).utf8))
            return try #require(object as? [String: Any]).keys.sorted()
        }
        let organization = Party.organization(
            Organization(
                legalName: AttributeValue(raw: "a", value: nil, provenance: provenance),
                phones: [AttributeValue(raw: "1", value: nil, provenance: provenance)],
                emails: [AttributeValue(raw: "e", value: nil, provenance: provenance)],
                owner: Owner(id: "o")))
        let person = Party.person(
            Person(
                jobTitle: AttributeValue(raw: "CEO", value: nil, provenance: provenance),
                addresses: [AttributeValue(raw: "ул.", value: nil, provenance: provenance)],
                consent: Consent(email: Consent.Channel(optedOut: true))))
        for key in try keys(organization) + keys(person) {
            let attribute = GoldenAttribute(storedKey: key)
            #expect(attribute != nil || ["kind", "facts", "consent"].contains(key), "\(key)")
        }
        #expect(GoldenAttribute(storedKey: "phones") == .phone)
        #expect(GoldenAttribute(storedKey: "legal_name") == .legalName)
    }

    @Test("the diff lists changed attributes with before, after and the rule")
    func diff() {
        let assembler = F.assembler()
        let old = assembler.assemble(
            kind: .organization, members: [F.member("sf_a", "1", daysAgo: 5, [F.value(.website, "a.ru")])], now: F.now)
        let new = assembler.assemble(
            kind: .organization,
            members: [
                F.member("sf_a", "1", daysAgo: 5, [F.value(.website, "a.ru")]),
                F.member("sf_b", "2", daysAgo: 1, [F.value(.website, "b.ru"), F.value(.phone, "+74951234567")]),
            ], now: F.now)
        let changes = new.changes(from: old)
        #expect(changes.map(\.attribute) == [.phone, .website])
        #expect(
            changes.last
                == AttributeChange(
                    attribute: .website, before: ["a.ru"], after: ["b.ru"], rule: "most_recent",
                    source: new[.website]?.source))
        #expect(new.changes(from: new).isEmpty)
        #expect(old.changes(from: nil).map(\.attribute) == [.website])
    }
}
