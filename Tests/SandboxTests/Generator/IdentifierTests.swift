import Foundation
import Testing
@testable import Sandbox

@Suite struct IdentifierTests {
    private var accounting: [GeneratedRecord] { GeneratorFixtures.records(source: "acc_1c", entity: .organization) }

    @Test func independentChecksumAcceptsKnownIdentifiers() {
        #expect(IndependentChecksums.isValidINN("7707083893"))
        #expect(IndependentChecksums.isValidINN("774301390193"))
        #expect(!IndependentChecksums.isValidINN("7707083894"))
        #expect(IndependentChecksums.isValidOGRN("1027700132195"))
        #expect(IndependentChecksums.isValidOGRN("304500116000157"))
        #expect(!IndependentChecksums.isValidOGRN("1027700132196"))
    }

    @Test func everyAccountingIdentifierIsValid() throws {
        #expect(accounting.count > 1_000)
        for record in accounting {
            let inn = try #require(GeneratorFixtures.string(record, "ИНН"))
            #expect(IndependentChecksums.isValidINN(inn), "\(inn)")
            if let ogrn = GeneratorFixtures.string(record, "ОГРН") {
                #expect(IndependentChecksums.isValidOGRN(ogrn), "\(ogrn)")
                #expect(ogrn.count == (inn.count == 12 ? 15 : 13))
            }
            if let kpp = GeneratorFixtures.string(record, "КПП") {
                #expect(kpp.count == 9 && kpp.allSatisfy(\.isNumber))
            }
        }
        let soleTraders = accounting.filter { GeneratorFixtures.string($0, "ИНН")?.count == 12 }
        #expect(!soleTraders.isEmpty)
        #expect(soleTraders.allSatisfy { GeneratorFixtures.string($0, "КПП") == nil })
    }

    @Test func differentCompaniesNeverShareAnINNExceptBranches() {
        var entitiesByINN: [String: Set<String>] = [:]
        var kppsByINN: [String: Set<String>] = [:]
        for record in accounting {
            guard let inn = GeneratorFixtures.string(record, "ИНН"), let entity = GeneratorFixtures.entityId(of: record)
            else { continue }
            entitiesByINN[inn, default: []].insert(entity)
            kppsByINN[inn, default: []].insert(GeneratorFixtures.string(record, "КПП") ?? "")
        }
        let shared = entitiesByINN.filter { $0.value.count > 1 }
        #expect(!shared.isEmpty, "branches exist: one INN, several entities")
        for (inn, entities) in shared {
            #expect(kppsByINN[inn]?.count == entities.count, "branches of \(inn) differ by KPP")
        }
    }

    /// "Ромашка" vs "Ромашка-М": near-identical names, different valid INNs, different entities.
    @Test func hardNegativesExist() {
        func core(_ name: String) -> String {
            let words = ["Общество с ограниченной ответственностью", "Акционерное общество",
                         "Публичное акционерное общество", "Закрытое акционерное общество", "\""]
            var text = name
            for word in words { text = text.replacingOccurrences(of: word, with: "") }
            return text.trimmingCharacters(in: .whitespaces).lowercased()
        }
        let named = accounting.compactMap { record -> (core: String, inn: String, entity: String)? in
            guard let full = GeneratorFixtures.string(record, "ПолноеНаименование"),
                let inn = GeneratorFixtures.string(record, "ИНН"), let entity = GeneratorFixtures.entityId(of: record)
            else { return nil }
            return (core(full), inn, entity)
        }
        let byCore = Dictionary(grouping: named, by: \.core)
        var pairs = 0
        for item in named {
            for modifier in CompanyVocabulary.twinModifiers {
                let base = item.core.hasSuffix(modifier.lowercased()) ? String(item.core.dropLast(modifier.count)) : nil
                guard let base, let others = byCore[base] else { continue }
                for other in others where other.inn != item.inn && other.entity != item.entity {
                    #expect(IndependentChecksums.isValidINN(other.inn) && IndependentChecksums.isValidINN(item.inn))
                    pairs += 1
                }
            }
        }
        #expect(pairs >= 5)
    }

    /// Two different persons named alike at different companies.
    @Test func namesakesExist() {
        var employersByName: [String: Set<String>] = [:]
        for record in GeneratorFixtures.records(source: "bitrix24", entity: .person) {
            guard let first = GeneratorFixtures.string(record, "NAME"),
                let last = GeneratorFixtures.string(record, "LAST_NAME"),
                let entity = GeneratorFixtures.entityId(of: record)
            else { continue }
            employersByName[last + " " + first, default: []].insert(String(entity.prefix(8)))
        }
        #expect(employersByName.values.contains { $0.count >= 2 })
        let common = employersByName.max { $0.value.count < $1.value.count }
        #expect((common?.value.count ?? 0) >= 3, "frequency skew makes some names common")
    }

    @Test func distinctOrganizationsGetDistinctNames() {
        let factory = MasterDataFactory(seed: 5, noise: .clean)
        let names = (0..<20_000).map { factory.organization($0) }.filter { $0.role == .plain }.map(\.coreCyrillic)
        let soleTraders = (0..<20_000).map { factory.organization($0) }.filter { $0.legalForm == .ip }.count
        let companies = names.count - soleTraders
        let distinct = Set((0..<20_000).map { factory.organization($0) }
            .filter { $0.role == .plain && $0.legalForm != .ip }.map(\.coreCyrillic)).count
        #expect(distinct == companies)
    }

    @Test func generatorChecksumMatchesIndependentCheck() {
        var rng = SplitMix64(seed: 1)
        for _ in 0..<2_000 {
            let inn10 = RussianIdentifiers.inn10(body: rng.digits(9))
            let inn12 = RussianIdentifiers.inn12(body: rng.digits(10))
            #expect(IndependentChecksums.isValidINN(inn10) && IndependentChecksums.isValidINN(inn12))
            #expect(!IndependentChecksums.isValidINN(RussianIdentifiers.corrupted(inn10, rng: &rng)))
            #expect(IndependentChecksums.isValidOGRN(RussianIdentifiers.ogrn(body: "1" + rng.digits(11))))
        }
    }
}
