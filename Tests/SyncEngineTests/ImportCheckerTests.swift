import Connectors
import Foundation
import GoldenCore
import SyncEngine
import Testing

/// `golden import --check`: the report of what landing a file would do, with nothing landed.
@Suite("Import check")
struct ImportCheckerTests {
    static let standardizer = RecordStandardizer()

    /// A contact sign-up list in the shipped `csv.yaml` shape, with one problem of each kind the report names.
    static let list = """
        id,name,title,company_id,company,inn,phone,email,city,updated_at,company_phone
        p1,Иван Петров,CEO,c1,ООО Ромашка,7707083893,+7 495 123-45-67,ivan@romashka.ru,Москва,2024-01-01T00:00:00Z,
        p2,Пётр Сидоров,,c1,ООО Ромашка,7707083893,,IVAN@romashka.ru,,2024-01-02T00:00:00Z,
        p3,,Manager,c2,ООО Лютик,1234567890,,not-an-email,,2024-01-03T00:00:00Z,
        p1,Иван Петров,CEO,c3,ООО Василёк,,,,,2024-01-04T00:00:00Z,
        """

    static func withList<T>(_ body: (SourceConfiguration) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("golden-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("list.csv")
        try list.write(to: file, atomically: true, encoding: .utf8)
        let source = SourceConfiguration(
            name: "signups", kind: .csv, location: file.path,
            mapping: try MappingLoader.load(contentsOf: repositoryRoot.appendingPathComponent("mappings/csv.yaml")),
            entities: [.person])
        return try await body(source)
    }

    @Test("counts rows and records, and groups quarantined values by reason with the record and value")
    func quarantineByReason() async throws {
        let report = try await Self.withList { source in
            await ImportChecker(standardizer: Self.standardizer)
                .check(source, connector: try DefaultConnectorFactory(environment: [:]).makeConnector(for: source))
        }
        #expect(report.source == "signups")
        #expect(report.rows == 4)
        #expect(report.records == ["person": 4])
        #expect(report.errors.isEmpty)
        #expect(report.quarantine.count == 1)
        let email = try #require(report.quarantine.first { $0.field == "emails" })
        #expect(email.code == "email.syntax")
        #expect(email.count == 1)
        #expect(email.examples.map(\.record) == ["p3"])
        #expect(email.examples.first?.value == "not-an-email")
        #expect(!report.quarantine.contains { $0.code == "mapping.required_missing" })
    }

    @Test("a required field that is empty is reported apart from quarantine, naming the field")
    func missingRequired() async throws {
        let report = try await Self.withList { source in
            await ImportChecker(standardizer: Self.standardizer)
                .check(source, connector: try DefaultConnectorFactory(environment: [:]).makeConnector(for: source))
        }
        #expect(report.missingRequired.count == 1)
        let missing = try #require(report.missingRequired.first)
        #expect(missing.code == "mapping.required_missing")
        #expect(missing.field == "full_name")
        #expect(missing.examples.map(\.record) == ["p3"])
    }

    @Test("the same record key twice and one e-mail on two records are duplicates")
    func duplicates() async throws {
        let report = try await Self.withList { source in
            await ImportChecker(standardizer: Self.standardizer)
                .check(source, connector: try DefaultConnectorFactory(environment: [:]).makeConnector(for: source))
        }
        let key = try #require(report.duplicates.first { $0.kind == "key" })
        #expect(key.value == "person:p1")
        #expect(key.records.count == 2)
        let email = try #require(report.duplicates.first { $0.kind == "email" })
        #expect(email.records == ["person:p1", "person:p2"], "e-mail keys are case-folded, so IVAN@ meets ivan@")
        #expect(!report.duplicates.contains { $0.kind == "phone" })
    }

    @Test("a pull that fails becomes an error in the report, naming the failure")
    func failingPull() async throws {
        let source = SourceConfiguration(
            name: "broken", kind: .csv, location: "/nowhere.csv",
            mapping: try MappingLoader.load(contentsOf: repositoryRoot.appendingPathComponent("mappings/csv.yaml")),
            entities: [.person])
        let report = await ImportChecker(standardizer: Self.standardizer).check(source, connector: FailingConnector())
        #expect(report.rows == 0)
        #expect(report.errors.count == 1)
        #expect(report.errors.first?.contains("disk went away") == true)
    }
}

/// A connector whose pull fails before its first batch.
private struct FailingConnector: Connector {
    var source: String { "broken" }

    func pull(since watermark: String?) -> AsyncThrowingStream<RawRecordBatch, any Error> {
        AsyncThrowingStream {
            $0.finish(throwing: ConnectorError(.unavailable, source: source, message: "disk went away"))
        }
    }

    func push(_ deltas: [String: JSONValue]) async throws -> [String: PushOutcome] {
        throw ConnectorError.readOnly(source: source)
    }
}
