import Connectors
import Foundation
import GoldenCore
import GoldenStore
import GoldenTestSupport
import PostgresNIO
import Sandbox
import SyncEngine
import Testing

/// Salesforce stamps `SystemModstamp` in whole seconds, and edits a moment apart share one. The sandbox does the
/// same, so the connector's `>=`-with-overlap watermark meets ties at a page boundary and at the watermark itself.
@Suite("Landing Salesforce with tied SystemModstamps", .database)
struct TiedStampLandingTests {
    @Test("stamps tied across a page boundary and across runs: each edit lands once, a re-read row lands nothing")
    func tiedStamps() async throws {
        let db = try TestDatabase.require
        let pair = SalesforcePair()
        let records = pair.dataset.records(for: "sf_a")
        // Pages of 20 rows, so more than a page of edits shares one stamp.
        let server = SalesforceSandbox(name: "sf_a", records: records, token: SalesforcePair.token, pageSize: 20)
        try await withSandboxes([server]) { urls in
            let source = try #require(try pair.sources(urls).first)
            let standardizer = RecordStandardizer(
                standardizers: try ReferenceData.standardizers(
                    mappingsDirectory: repositoryRoot.appendingPathComponent("mappings")))
            let job = LandingJob(
                database: db.database, connectors: pair.connectors, standardizer: standardizer, logger: db.logger)

            let first = try await job.run([source])
            #expect(first.sources[0].error == nil)
            #expect(first.sources[0].newVersions == records.count)

            await server.store.freezeClock(at: Date(timeIntervalSince1970: 1_900_000_000))
            let edits = await server.store.applyEdits(rate: 0.6, seed: 3)
            #expect(edits.filter { $0.object == "Account" && $0.kind == .updated }.count > 20)
            for edit in [edits.first, edits.last].compactMap({ $0 }) {
                #expect(await server.store.record(id: edit.recordId)?.modifiedAt == 1_900_000_000_000)
            }
            let second = try await job.run([source])
            #expect(second.sources[0].error == nil)
            #expect(second.sources[0].newVersions == edits.count)

            // Edits in the second the watermark already holds.
            let more = await server.store.applyEdits(rate: 0.05, seed: 4)
            #expect(!more.isEmpty)
            let third = try await job.run([source])
            #expect(third.sources[0].error == nil)
            #expect(third.sources[0].newVersions == more.count)
            // The tied rows of the earlier round were read again and recognised as unchanged.
            #expect(third.sources[0].pulled > more.count)

            let versions = try await scalar(db, "SELECT count(*) FROM raw_record_versions")
            #expect(versions == records.count + edits.count + more.count)
        }
    }
}
