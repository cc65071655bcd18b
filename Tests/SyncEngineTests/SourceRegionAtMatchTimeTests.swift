import Connectors
import Foundation
import GoldenCore
import GoldenStore
import GoldenTestSupport
import Matching
import PostgresNIO
import SyncEngine
import Testing

/// What a mapping says about its source (region, date layout, id kind) is applied once, at landing, and matching
/// reads the landed values: nothing at match time re-reads raw text as Russian.
@Suite("A source's region, dates and ids reach matching", .database)
struct SourceRegionAtMatchTimeTests {
    static let mapping = """
        kind: csv
        default_region: US
        entities:
          person:
            object: row
            id: id
            modified_at: updated_at
            fields:
              full_name: { path: name, required: true }
              phone: phone
              birth_date: { path: dob, transform: [{ date: "MM/dd/yyyy" }] }
              national_id: { path: ssn, kind: ssn }
        """

    // No updated_at column: the rows take the file's time instead of the file being refused.
    static let people = """
        id,name,phone,dob,ssn
        1,Ann Lee,(212) 555-0142,04/09/1956,123-45-6789
        2,Ann Lee,212.555.0142,04/09/1956,123 45 6789
        3,Bob Stone,(646) 555-0199,12/31/1970,
        4,Carl Diaz,(718) 555-0123,01/02/1980,
        5,Dana Fox,(917) 555-0177,13/45/1990,
        """

    @Test("a US source's phones, dates and ssn land clean and compare as +1 numbers in the explanation")
    func usPhonesCompareAsPlusOne() async throws {
        let db = try TestDatabase.require
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golden-us-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("people.csv")
        try Self.people.write(to: file, atomically: true, encoding: .utf8)
        let mapping = try MappingLoader.load(yaml: Self.mapping, file: "us.yaml")

        let summary = try await makeJob(db).run([
            SourceConfiguration(name: "us_crm", kind: .csv, location: file.path, mapping: mapping, entities: [.person])
        ])
        #expect(summary.outcome == .succeeded)
        #expect(try await scalar(db, "SELECT count(*) FROM source_records WHERE source = 'us_crm'") == 5)
        // Only Dana's impossible date is quarantined: no phone is read as a Russian number.
        #expect(try await scalar(db, "SELECT count(*) FROM quarantine WHERE field = 'phones'") == 0)
        #expect(try await scalar(db, "SELECT count(*) FROM quarantine WHERE field = 'birth_date'") == 1)

        let job = MatchJob(
            database: db.database,
            standardizer: RecordStandardizer(standardizers: try ReferenceData.standardizers(
                mappingsDirectory: repositoryRoot.appendingPathComponent("mappings"))),
            logger: db.logger)
        let persons = try #require(try await job.run(entities: [.person]).first { $0.entity == .person })
        let explanation = try #require(
            persons.result.explain("us_crm/1", "us_crm/2") ?? persons.result.explain("us_crm/2", "us_crm/1"))
        let phone = try #require(explanation.steps.first { $0.comparison == "phone" })
        #expect(phone.level == 0)
        #expect(phone.leftValues == ["+12125550142"])
        #expect(phone.rightValues == ["+12125550142"])
        let birth = try #require(explanation.steps.first { $0.comparison == "birth_date" })
        #expect(birth.level == 0)
        #expect(birth.leftValues == ["1956-04-09"])
        let id = try #require(explanation.steps.first { $0.comparison == "national_id" })
        #expect(id.level == 0)
        #expect(id.leftValues == ["ssn:123456789"])
        let ann = try #require(persons.result.table.ids.firstIndex(of: "us_crm/1"))
        let again = try #require(persons.result.table.ids.firstIndex(of: "us_crm/2"))
        #expect(persons.result.clustering.clusterOf[ann] == persons.result.clustering.clusterOf[again])
    }
}
