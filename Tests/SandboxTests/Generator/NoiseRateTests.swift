import Foundation
import Testing
@testable import Sandbox

/// Measured rates on the 20,000-record sample against `GeneratorFixtures.measurableNoise`.
@Suite struct NoiseRateTests {
    private let noise = GeneratorFixtures.measurableNoise

    private func rate(_ items: [GeneratedRecord], _ predicate: (GeneratedRecord) -> Bool) -> Double {
        Double(items.filter(predicate).count) / Double(max(items.count, 1))
    }

    /// (first, last) name fields of every CRM contact that has them.
    private var contactNames: [(first: String, last: String)] {
        GeneratorFixtures.sampleRecords.compactMap { record in
            guard record.entity == .person else { return nil }
            switch record.source {
            case "sf_a", "sf_b":
                return GeneratorFixtures.string(record, "FirstName").flatMap { first in
                    GeneratorFixtures.string(record, "LastName").map { (first, $0) }
                }
            case "bitrix24":
                return GeneratorFixtures.string(record, "NAME").flatMap { first in
                    GeneratorFixtures.string(record, "LAST_NAME").map { (first, $0) }
                }
            default:
                return nil
            }
        }
    }

    @Test func deletedRate() {
        let deletable = GeneratorFixtures.sampleRecords.filter { $0.source != "bitrix24" }
        #expect(abs(rate(deletable, \.deleted) - noise.deleted) < 0.015)
        #expect(GeneratorFixtures.sampleRecords.filter { $0.source == "bitrix24" }.allSatisfy { !$0.deleted })
    }

    @Test func initialsAndCaseNoiseRates() {
        let names = contactNames
        #expect(names.count > 3_000)
        let initials = Double(names.filter { $0.first.count == 2 && $0.first.hasSuffix(".") }.count)
        #expect(abs(initials / Double(names.count) - noise.initials) < 0.02)
        let cased = Double(names.filter { $0.last == $0.last.uppercased() || $0.last == $0.last.lowercased() }.count)
        #expect(abs(cased / Double(names.count) - noise.caseNoise) < 0.02)
    }

    @Test func innCoverageAndInvalidRateInCRMs() {
        let crmCompanies = GeneratorFixtures.sampleRecords.filter {
            $0.entity == .organization && $0.source != "acc_1c"
        }
        let inns = crmCompanies.compactMap { record -> String? in
            for key in ["INN__c", "RQ_INN", "inn"] {
                if let inn = record.payload[key]?.stringValue { return inn }
            }
            return GeneratorFixtures.string(record, "properties", "inn")
        }
        let coverage = Double(inns.count) / Double(crmCompanies.count)
        #expect(abs(coverage - noise.innInCRM) < 0.03)
        let invalid = Double(inns.filter { !IndependentChecksums.isValidINN($0) }.count) / Double(inns.count)
        #expect(abs(invalid - noise.invalidINN) < 0.03)
    }

    @Test func duplicateInSourceRate() {
        var copies: [String: Int] = [:]
        for row in GeneratorFixtures.sampleTruth where row.source != "acc_1c" {
            copies[row.source + "|" + row.entityId, default: 0] += 1
        }
        let duplicated = Double(copies.values.filter { $0 > 1 }.count) / Double(copies.count)
        #expect(abs(duplicated - noise.duplicateInSource) < 0.015)
    }

    @Test func transliterationRateForRussianContacts() {
        let factory = MasterDataFactory(seed: GeneratorFixtures.sampleConfiguration.seed, noise: noise)
        var russian = 0
        var latin = 0
        for record in GeneratorFixtures.records(source: "sf_a", entity: .person) {
            guard let entity = GeneratorFixtures.entityId(of: record),
                let last = GeneratorFixtures.string(record, "LastName")
            else { continue }
            let parts = entity.dropFirst().split(separator: "-")
            guard let org = Int(parts[0]), let ordinal = Int(parts[1]) else { continue }
            let person = factory.person(of: factory.organization(org), ordinal: ordinal)
            guard person.isRussian else { continue }
            russian += 1
            let first = GeneratorFixtures.string(record, "FirstName") ?? ""
            if !Transliterator.containsCyrillic(last + first) { latin += 1 }
        }
        #expect(russian > 1_000)
        #expect(abs(Double(latin) / Double(russian) - noise.transliteration) < 0.03)
    }

    @Test func typoChangesTheStringByOneEdit() {
        var rng = SplitMix64(seed: 11)
        for word in ["Смирнов", "Ivanov", "Ромашка", "Northwind Logistics", "Ли"] {
            for _ in 0..<200 {
                let noisy = NoiseApplier.typo(word, rng: &rng)
                if word.count >= 3 {
                    #expect(noisy != word)
                    #expect(abs(noisy.count - word.count) <= 1)
                    #expect(noisy.first == word.first)
                } else {
                    #expect(noisy == word)
                }
            }
        }
    }

    @Test func cleanProfileProducesCanonicalNames() {
        let dataset = DatasetGenerator(GeneratorConfiguration(records: 2_000, seed: 1, noise: .clean)).generate()
        let accounts = dataset.records(for: "sf_a").filter { $0.entity == .organization }
        #expect(!accounts.isEmpty)
        let names = accounts.compactMap { $0.payload["Name"]?.stringValue }
        let canonical = names.filter { $0.hasPrefix("ООО «") || $0.hasPrefix("АО «") || $0.hasPrefix("ПАО «")
            || $0.hasPrefix("ЗАО «") || $0.hasPrefix("ИП ") || $0.hasSuffix(" LLC") || $0.hasSuffix(" Ltd")
            || $0.hasSuffix(" GmbH") || $0.hasSuffix(" Inc.") }
        #expect(canonical.count == names.count)
        #expect(dataset.allRecords.allSatisfy { !$0.deleted })
    }
}
