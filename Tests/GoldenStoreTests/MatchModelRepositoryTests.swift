import Foundation
import GoldenStore
import GoldenTestSupport
import Testing

@Suite("Match models and landed records", .database)
struct MatchModelRepositoryTests {
    @Test("models are versioned per entity; the newest is loaded unless a version is asked for")
    func versions() async throws {
        let db = try TestDatabase.require
        let models = MatchModelRepository(database: db.database)
        #expect(try await models.load(entity: "person") == nil)
        #expect(try await models.save(entity: "person", parametersJSON: #"{"lambda":0.01}"#, runID: nil) == 1)
        #expect(try await models.save(entity: "person", parametersJSON: #"{"lambda":0.02}"#, runID: nil) == 2)
        #expect(try await models.save(entity: "organization", parametersJSON: #"{"lambda":0.5}"#, runID: nil) == 1)
        let newest = try #require(try await models.load(entity: "person"))
        #expect(newest.version == 2)
        #expect(newest.parametersJSON.contains("0.02"))
        #expect(try await models.load(entity: "person", version: 1)?.parametersJSON.contains("0.01") == true)
    }

    @Test("concurrent trainers get distinct versions")
    func concurrentSaves() async throws {
        let db = try TestDatabase.require
        let models = MatchModelRepository(database: db.database)
        let versions = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<6 {
                group.addTask { try await models.save(entity: "person", parametersJSON: #"{"i":\#(index)}"#, runID: nil) }
            }
            var versions: [Int] = []
            for try await version in group { versions.append(version) }
            return versions.sorted()
        }
        #expect(versions == [1, 2, 3, 4, 5, 6])
    }

    @Test("landed records page through in id order, without deleted ones")
    func paging() async throws {
        let db = try TestDatabase.require
        try await SourceRepository(database: db.database).register(name: "crm_a", kind: "salesforce")
        let batch = (0..<25).map { index in
            landingRecord("k\(index)", payload: #"{"n":\#(index)}"#, entity: .person, deleted: index == 3)
        }
        _ = try await LandingRepository(database: db.database).land(batch, source: "crm_a", runID: nil)
        var seen: [String] = []
        var pages = 0
        try await LandedRecordRepository(database: db.database).forEachPage(entity: "person", pageSize: 10) { page in
            pages += 1
            seen.append(contentsOf: page.map(\.sourceKey))
        }
        #expect(pages == 3)
        #expect(seen.count == 24)
        #expect(Set(seen).count == 24)
        #expect(!seen.contains("k3"))
        let found = try await LandedRecordRepository(database: db.database).find(source: "crm_a", key: "k7")
        #expect(found?.attributesJSON.contains("7") == true)
    }
}
