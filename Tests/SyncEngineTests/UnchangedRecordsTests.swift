import Connectors
import Foundation
import GoldenCore
import GoldenStore
import GoldenTestSupport
import Testing

@testable import SyncEngine

/// Landing leaves out, before preparing them, the records that equal what is stored; never one that changes
/// anything, and never an occurrence of a record twice in a batch that is a version of its own.
@Suite("Unchanged records are left out before they are prepared", .database)
struct UnchangedRecordsTests {
    func record(_ key: String, _ name: String, deleted: Bool = false) -> RawRecord {
        RawRecord(
            source: "sf_a", sourceKey: key, entity: .organization, modifiedAt: nil, deleted: deleted,
            payload: .object(["Id": .string(key), "Name": .string(name)]))
    }

    @Test("equal payloads are left out; edits, new records, deletions and a record twice in a batch are kept")
    func leavesOutOnlyWhatChangesNothing() async throws {
        let db = try TestDatabase.require
        try await SourceRepository(database: db.database).register(name: "sf_a", kind: "salesforce")
        let landing = LandingRepository(database: db.database)
        let preparer = RecordPreparer(
            source: "sf_a",
            mapping: try MappingLoader.load(contentsOf: repositoryRoot.appendingPathComponent("mappings/salesforce.yaml")),
            standardizer: RecordStandardizer(
                standardizers: try ReferenceData.standardizers(
                    mappingsDirectory: repositoryRoot.appendingPathComponent("mappings"))))
        let first = [record("a", "Альфа"), record("b", "Бета"), record("c", "Гамма"), record("d", "Дельта")]
        _ = try await landing.land(
            try await LandingJob.prepare(first, with: preparer), source: "sf_a", runID: nil)

        let next = [
            record("a", "Альфа"),  // unchanged: left out
            record("b", "Бета 2"),  // edited
            record("c", "Гамма", deleted: true),  // deleted
            record("e", "Эпсилон"),  // new
            record("d", "Дельта 2"), record("d", "Дельта"),  // edited and back in one batch: both versions land
        ]
        let (kept, unchanged) = try await LandingJob.leavingOutUnchanged(next, source: "sf_a", landing: landing)
        #expect(unchanged == 1)
        #expect(kept.map(\.sourceKey) == ["b", "c", "e", "d", "d"])
        let counts = try await LandingJob.land(
            LandingJob.PreparedBatch(
                records: try await LandingJob.prepare(kept, with: preparer), watermark: nil, unchanged: unchanged),
            with: landing, source: "sf_a", runID: UUID())
        #expect(counts.received == next.count)
        #expect(counts.newVersions == 5 && counts.deleted == 1)
    }
}
