import Connectors
import Foundation
import GoldenCore
import GoldenStore
import GoldenTestSupport
import PostgresNIO
import Sandbox
import SyncEngine
import Testing

/// Files written by the generator into a fresh folder, with sources configured the way golden.yaml would.
struct GeneratedFiles {
    let directory: URL
    let dataset: GeneratedDataset

    init(records: Int = 600, seed: UInt64 = 7) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("golden-landing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        dataset = DatasetGenerator(GeneratorConfiguration(records: records, seed: seed)).generate()
        _ = try dataset.writeFiles(to: directory)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    func mapping(_ name: String) throws -> SourceMapping {
        try MappingLoader.load(contentsOf: repositoryRoot.appendingPathComponent("mappings/\(name).yaml"))
    }

    /// sf_a's Account export as a CSV source.
    func accounts() throws -> SourceConfiguration {
        SourceConfiguration(
            name: "sf_a", kind: .csv, location: directory.appendingPathComponent("sf_a_Account.csv").path,
            mapping: try mapping("salesforce"), entities: [.organization])
    }

    /// The 1C drop folder holding acc_1c.xml. (Its CSV siblings are ignored: the connector reads *.xml.)
    func accounting() throws -> SourceConfiguration {
        SourceConfiguration(
            name: "acc_1c", kind: .oneCXML, location: directory.path, mapping: try mapping("1c"),
            entities: [.organization])
    }

    func count(source: String) -> Int { dataset.records(for: source).count }
}

func makeJob(_ db: TestDatabase) throws -> LandingJob {
    LandingJob(
        database: db.database, connectors: DefaultConnectorFactory(environment: [:]),
        standardizer: RecordStandardizer(
            standardizers: try ReferenceData.standardizers(mappingsDirectory: repositoryRoot.appendingPathComponent("mappings"))),
        logger: db.logger)
}

func scalar(_ db: TestDatabase, _ query: PostgresQuery) async throws -> Int {
    var result = 0
    for try await value in try await db.client.query(query).decode(Int.self) { result = value }
    return result
}

@Suite("Landing job", .database)
struct LandingJobTests {
    @Test("file sources land exactly what the files hold; a rerun is a no-op")
    func landsAndRerunIsNoOp() async throws {
        let db = try TestDatabase.require
        let files = try GeneratedFiles()
        defer { files.remove() }
        let job = try makeJob(db)
        let accountRows = files.dataset.records(for: "sf_a").filter { $0.entity == .organization }.count

        let first = try await job.run([try files.accounts(), try files.accounting()])
        #expect(first.outcome == .succeeded)
        let sfA = try #require(first.sources.first { $0.name == "sf_a" })
        let oneC = try #require(first.sources.first { $0.name == "acc_1c" })
        #expect(sfA.pulled == accountRows)
        #expect(oneC.pulled == files.count(source: "acc_1c"))
        #expect(sfA.error == nil && oneC.error == nil)
        let deletedInFile = files.dataset.records(for: "acc_1c").filter(\.deleted).count
        #expect(oneC.deleted == deletedInFile)
        // Every row is a distinct record (keys are unique in a source), so all are new versions.
        #expect(try await scalar(db, "SELECT count(*) FROM source_records WHERE source = 'sf_a'") == accountRows)
        #expect(try await scalar(db, "SELECT count(*) FROM raw_record_versions") == sfA.newVersions + oneC.newVersions)

        // Accounting's finance facts are kept on the landed record for the golden record view.
        let withFacts = files.dataset.records(for: "acc_1c").filter { $0.payload["Взаиморасчеты"] != nil }.count
        #expect(withFacts > 0)
        #expect(try await scalar(db, "SELECT count(*) FROM source_records WHERE attributes->'facts' IS NOT NULL") == withFacts)

        let second = try await job.run([try files.accounts(), try files.accounting()])
        #expect(second.sources.allSatisfy { $0.newVersions == 0 && $0.error == nil })
        #expect(try await scalar(db, "SELECT count(*) FROM raw_record_versions") == sfA.newVersions + oneC.newVersions)
    }

    @Test("a CRM's CSV export lands with its export mapping: names, identifiers and employers as the API gives them")
    func crmExportsLand() async throws {
        let db = try TestDatabase.require
        let files = try GeneratedFiles()
        defer { files.remove() }
        let job = try makeJob(db)
        let exports = [
            ("hubspot", "companies", "contacts"), ("bitrix24", "companies", "contacts"),
            ("elma365", "companies", "contacts"),
        ]
        for (source, companies, contacts) in exports {
            let mapping = try files.mapping("exports/\(source)")
            func file(_ object: String, _ entity: CanonicalField.Entity) -> SourceConfiguration {
                SourceConfiguration(
                    name: source, kind: .csv,
                    location: files.directory.appendingPathComponent("\(source)_\(object).csv").path,
                    mapping: mapping, entities: [entity])
            }
            let landed = try await job.run([file(companies, .organization)])
            #expect(landed.sources.allSatisfy { $0.error == nil }, "\(source)")
            _ = try await job.run([file(contacts, .person)])
            let rows = files.dataset.records(for: source)
            #expect(
                try await scalar(db, "SELECT count(*) FROM source_records WHERE source = \(source)") == rows.count,
                "\(source): every row lands")
            // Names were read (the API mapping on these files read none), and few values are quarantined.
            let named = try await scalar(
                db,
                """
                SELECT count(*) FROM source_records
                WHERE source = \(source) AND coalesce(attributes->'legal_name'->>'raw', attributes->'name'->>'raw') <> ''
                """)
            #expect(named * 10 >= rows.count * 9, "\(source): \(named) of \(rows.count) named")
            let quarantined = try await scalar(
                db,
                "SELECT count(*) FROM quarantine q JOIN source_records s USING (source_record_id) WHERE s.source = \(source)")
            #expect(quarantined * 10 < rows.count, "\(source): \(quarantined) values quarantined of \(rows.count) rows")
            let employed = try await scalar(
                db,
                """
                SELECT count(*) FROM source_records
                WHERE source = \(source) AND entity = 'person' AND attributes->>'employer' IS NOT NULL
                """)
            #expect(employed > 0, "\(source): contacts keep their employer")
            // Each file keeps its own watermark: a second sync of the unchanged pair reads neither file again.
            let again = try await job.run([file(companies, .organization), file(contacts, .person)])
            #expect(again.sources.map(\.pulled) == [0, 0], "\(source): unchanged files are skipped")
        }
    }

    @Test("an edited row becomes exactly one new version")
    func editedRow() async throws {
        let db = try TestDatabase.require
        let files = try GeneratedFiles()
        defer { files.remove() }
        let job = try makeJob(db)
        _ = try await job.run([try files.accounts()])

        let url = files.directory.appendingPathComponent("sf_a_Account.csv")
        // The generator writes RFC 4180 line ends (CRLF).
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\r\n")
        // An account with a phone: its line starts with its Id and holds ",<phone>," exactly once.
        let account = try #require(files.dataset.records(for: "sf_a").first { record in
            guard record.entity == .organization, case .string(let phone)? = record.payload["Phone"] else { return false }
            return !phone.isEmpty && !phone.contains(",") && !phone.contains("\"")
        })
        guard case .string(let phone)? = account.payload["Phone"] else { return }
        let keyOfEdited = account.sourceId
        let row = try #require(lines.firstIndex { $0.hasPrefix(keyOfEdited + ",") })
        #expect(lines[row].components(separatedBy: ",\(phone),").count == 2)
        lines[row] = lines[row].replacingOccurrences(of: ",\(phone),", with: ",+7 (495) 000-11-22,")
        try lines.joined(separator: "\r\n").write(to: url, atomically: true, encoding: .utf8)

        let summary = try await job.run([try files.accounts()])
        #expect(summary.sources[0].newVersions == 1)
        // Every row was received, though only the edited one was prepared and landed.
        let accounts = files.dataset.records(for: "sf_a").filter { $0.entity == .organization }.count
        #expect(summary.sources[0].pulled == accounts)
        let id = GoldenIdentifiers.sourceRecordID(source: "sf_a", key: keyOfEdited)
        #expect(try await scalar(db, "SELECT max(version) FROM raw_record_versions WHERE source_record_id = \(id)") == 2)
        let rows = try await db.client.query("SELECT phone_keys FROM source_records WHERE source_record_id = \(id)")
        for try await phones in rows.decode([String].self) { #expect(phones == ["+74950001122"]) }
    }

    @Test("a malformed file fails its own source by name; the other sources still land")
    func malformedSourceIsolated() async throws {
        let db = try TestDatabase.require
        let files = try GeneratedFiles()
        defer { files.remove() }
        let broken = files.directory.appendingPathComponent("broken.csv")
        try """
            Id,Name,Phone,Name
            001A,Альфа,+7 495 111-22-33,2024-05-01T00:00:00Z

            """
            .write(to: broken, atomically: true, encoding: .utf8)
        var brokenSource = try files.accounts()
        brokenSource.name = "broken_csv"
        brokenSource.location = broken.path

        let summary = try await makeJob(db).run([brokenSource, try files.accounting()])
        #expect(summary.outcome == .partial)
        let failed = try #require(summary.sources.first { $0.name == "broken_csv" })
        let error = try #require(failed.error)
        #expect(error.contains("broken.csv"))
        #expect(error.contains(":1") && error.contains("repeats"), "names the header line: \(error)")
        let oneC = try #require(summary.sources.first { $0.name == "acc_1c" })
        #expect(oneC.error == nil)
        #expect(oneC.newVersions == files.count(source: "acc_1c"))
        // The run and each source's outcome are recorded.
        #expect(try await scalar(db, "SELECT count(*) FROM sync_runs WHERE outcome = 'partial'") == 1)
        #expect(try await scalar(db, "SELECT count(*) FROM sync_run_sources WHERE error IS NOT NULL") == 1)
    }

    @Test("a source whose file is missing fails alone, naming the file; the others land")
    func missingFile() async throws {
        let db = try TestDatabase.require
        let files = try GeneratedFiles(records: 200)
        defer { files.remove() }
        var missing = try files.accounts()
        missing.name = "sheet"
        missing.kind = .xlsx
        missing.location = files.directory.appendingPathComponent("no-such-export.xlsx").path
        let summary = try await makeJob(db).run([missing, try files.accounts()])
        #expect(summary.sources[0].error?.contains("no-such-export.xlsx") == true)
        #expect(summary.sources[1].error == nil)
        #expect(summary.sources[1].newVersions > 0)
        #expect(summary.outcome == .partial)
    }
}

@Suite("Landing job credentials", .database)
struct LandingJobCredentialTests {
    @Test("a CRM source without its token in the environment fails by name; nothing is sent")
    func missingToken() async throws {
        let db = try TestDatabase.require
        let files = try GeneratedFiles(records: 200)
        defer { files.remove() }
        let crm = SourceConfiguration(
            name: "crm_h", kind: .hubspot, location: "http://127.0.0.1:1", mapping: try files.mapping("hubspot"),
            credentials: ["token": "GOLDEN_TEST_UNSET_TOKEN"], entities: [.organization, .person])
        let summary = try await makeJob(db).run([crm])
        let error = try #require(summary.sources[0].error)
        #expect(error.contains("GOLDEN_TEST_UNSET_TOKEN"))
        #expect(summary.outcome == .failed)
    }
}
