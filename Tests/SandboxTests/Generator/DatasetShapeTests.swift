import Foundation
import Testing
@testable import Sandbox

@Suite struct DatasetShapeTests {
    @Test(arguments: [0, 1, 1_000, 5_000])
    func recordCountIsNearTheTarget(records: Int) {
        let dataset = DatasetGenerator(GeneratorConfiguration(records: records, seed: 3)).generate()
        #expect(dataset.recordCount >= records)
        #expect(dataset.recordCount < records + 60)
        #expect(dataset.allRecords.reduce(0) { count, _ in count + 1 } == dataset.recordCount)
        #expect(dataset.truth.count == dataset.recordCount)
    }

    @Test func truthAndRecordsReferToEachOther() {
        let records = GeneratorFixtures.sampleRecords
        let truth = GeneratorFixtures.sampleTruth
        let recordKeys = records.map { $0.source + "|" + $0.sourceId + "|" + $0.entity.rawValue }
        let truthKeys = truth.map { $0.source + "|" + $0.sourceId + "|" + $0.entity.rawValue }
        #expect(Set(recordKeys).count == records.count, "source ids are unique within a source")
        #expect(Set(recordKeys) == Set(truthKeys))
        #expect(truth.allSatisfy { $0.entityId.hasPrefix($0.entity == .organization ? "O" : "P") })
    }

    @Test func entitiesSpreadOverSourcesAsSpecified() {
        var sourcesByEntity: [String: Set<String>] = [:]
        var copies: [String: Int] = [:]
        for row in GeneratorFixtures.sampleTruth {
            sourcesByEntity[row.entityId, default: []].insert(row.source)
            copies[row.source + "|" + row.entityId, default: 0] += 1
        }
        let organizations = sourcesByEntity.filter { $0.key.hasPrefix("O") }
        let persons = sourcesByEntity.filter { $0.key.hasPrefix("P") }
        #expect(organizations.values.allSatisfy { (1...5).contains($0.count) })
        #expect(persons.values.allSatisfy { (1...4).contains($0.count) && !$0.contains("acc_1c") })
        let singletons = organizations.values.filter { $0.count == 1 }.count
        #expect(Double(singletons) / Double(organizations.count) > 0.2)
        #expect(organizations.values.contains { $0.count == 5 })
        #expect(copies.contains { $0.key.hasPrefix("sf_a|O") && $0.value >= 2 }, "duplicates within sf_a")
        #expect(!copies.contains { $0.key.hasPrefix("acc_1c|") && $0.value > 1 })
    }

    @Test func salesforceIdsAndLinksAreConsistent() throws {
        let accounts = GeneratorFixtures.records(source: "sf_a", entity: .organization)
        let contacts = GeneratorFixtures.records(source: "sf_a", entity: .person)
        #expect(accounts.allSatisfy { $0.sourceId.count == 18 && $0.sourceId.hasPrefix("001") })
        #expect(contacts.allSatisfy { $0.sourceId.count == 18 && $0.sourceId.hasPrefix("003") })
        let accountIds = Set(accounts.map(\.sourceId))
        let links = contacts.compactMap { GeneratorFixtures.string($0, "AccountId") }
        #expect(!links.isEmpty)
        #expect(links.allSatisfy(accountIds.contains))
        // A contact's account is its employer in the truth table.
        let contact = try #require(contacts.first { GeneratorFixtures.string($0, "AccountId") != nil })
        let accountId = try #require(GeneratorFixtures.string(contact, "AccountId"))
        let account = try #require(accounts.first { $0.sourceId == accountId })
        let personEntity = try #require(GeneratorFixtures.entityId(of: contact))
        let accountEntity = try #require(GeneratorFixtures.entityId(of: account))
        #expect(personEntity.dropFirst().hasPrefix(accountEntity.dropFirst()))
    }

    @Test func modifiedAtAgreesWithThePayloadTimestamp() throws {
        let record = try #require(GeneratorFixtures.records(source: "sf_b", entity: .organization).first)
        let stamp = try #require(GeneratorFixtures.string(record, "SystemModstamp"))
        let seconds = Int64(record.modifiedAt.timeIntervalSince1970)
        #expect(stamp == SourceTimestamp.salesforce(seconds))
        #expect(SourceTimestamp.dateTime(951_782_400) == "2000-02-29T00:00:00")
        #expect(SourceTimestamp.dateTime(1_735_689_599) == "2024-12-31T23:59:59")
    }
}
