import Connectors
import Foundation
import GoldenCore
import GoldenStore
import GoldenTestSupport
import PostgresNIO
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

    /// The test schema with source `sf_a` registered, its landing and the Salesforce mapping's preparer.
    func store() async throws -> (TestDatabase, LandingRepository, RecordPreparer) {
        let db = try TestDatabase.require
        try await SourceRepository(database: db.database).register(name: "sf_a", kind: "salesforce")
        let preparer = RecordPreparer(
            source: "sf_a",
            mapping: try MappingLoader.load(contentsOf: repositoryRoot.appendingPathComponent("mappings/salesforce.yaml")),
            standardizer: RecordStandardizer(
                standardizers: try ReferenceData.standardizers(
                    mappingsDirectory: repositoryRoot.appendingPathComponent("mappings"))))
        return (db, LandingRepository(database: db.database), preparer)
    }

    @Test("equal payloads are left out; edits, new records, deletions and a record twice in a batch are kept")
    func leavesOutOnlyWhatChangesNothing() async throws {
        let (_, landing, preparer) = try await store()
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
        let (kept, unchanged, _) = try await LandingJob.leavingOutUnchanged(next, source: "sf_a", landing: landing)
        #expect(unchanged == 1)
        #expect(kept.map(\.sourceKey) == ["b", "c", "e", "d", "d"])
        let counts = try await LandingJob.land(
            LandingJob.PreparedBatch(
                records: try await LandingJob.prepare(kept, with: preparer), watermark: nil, unchanged: unchanged),
            with: landing, source: "sf_a", runID: UUID())
        #expect(counts.received == next.count)
        #expect(counts.newVersions == 5 && counts.deleted == 1)
    }

    /// The previous batch lands while this one is read, so the stored state read is from before it: a record that
    /// batch changes and this one changes back must be kept, or the source's latest value would be lost.
    @Test("a record the batch still landing carries is never left out")
    func aRecordInTheBatchStillLandingIsKept() async throws {
        let (db, landing, preparer) = try await store()
        _ = try await landing.land(
            try await LandingJob.prepare([record("x", "Альфа"), record("y", "Бета")], with: preparer), source: "sf_a",
            runID: nil)
        // Batch 1 (landing) edits x; batch 2 (being read) brings x back as stored, and y unchanged.
        let inFlight = [record("x", "Альфа 2")]
        let next = [record("x", "Альфа"), record("y", "Бета")]
        let (kept, unchanged, _) = try await LandingJob.leavingOutUnchanged(
            next, source: "sf_a", landing: landing, inFlight: Set(inFlight.map(\.sourceKey)))
        #expect(kept.map(\.sourceKey) == ["x"])
        #expect(unchanged == 1)
        // Landed in order, the source's latest value is what is stored.
        _ = try await landing.land(try await LandingJob.prepare(inFlight, with: preparer), source: "sf_a", runID: nil)
        _ = try await landing.land(try await LandingJob.prepare(kept, with: preparer), source: "sf_a", runID: nil)
        let latest = try await db.client.query(
            """
            SELECT v.payload::jsonb ->> 'Name' FROM raw_record_versions AS v
            JOIN source_records AS s USING (source_record_id)
            WHERE s.source = 'sf_a' AND s.source_key = 'x' ORDER BY v.version DESC LIMIT 1
            """)
        var name: String?
        for try await value in latest.decode(String?.self) { name = value }
        #expect(name == "Альфа")
    }
}
