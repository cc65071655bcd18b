import Connectors
import Foundation
import GoldenCore
import GoldenStore
import GoldenTestSupport
import Matching
import PostgresNIO
import Sandbox
import SyncEngine
import Testing

@Suite("Match job over landed records", .database)
struct MatchJobTests {
    /// Lands the generator's Salesforce (both orgs) and 1C companies, and sf_a's contacts.
    func landFixture(_ db: TestDatabase, files: GeneratedFiles) async throws {
        let salesforce = try files.mapping("salesforce")
        func csv(_ name: String, _ file: String, _ entity: CanonicalField.Entity) -> SourceConfiguration {
            SourceConfiguration(
                name: name, kind: .csv, location: files.directory.appendingPathComponent(file).path,
                mapping: salesforce, entities: [entity])
        }
        let summary = try await makeJob(db).run([
            csv("sf_a", "sf_a_Account.csv", .organization), csv("sf_b", "sf_b_Account.csv", .organization),
            try files.accounting(), csv("sf_a_contacts", "sf_a_Contact.csv", .person),
        ])
        #expect(summary.outcome == .succeeded)
    }

    func matchJob(_ db: TestDatabase) throws -> MatchJob {
        MatchJob(
            database: db.database,
            standardizer: RecordStandardizer(standardizers: try ReferenceData.standardizers(
                mappingsDirectory: repositoryRoot.appendingPathComponent("mappings"))),
            logger: db.logger)
    }

    @Test("clusters landed organizations close to the generator's truth; the model is stored and reused")
    func matchesLandedRecords() async throws {
        let db = try TestDatabase.require
        let files = try GeneratedFiles(records: 1_500, seed: 11)
        defer { files.remove() }
        try await landFixture(db, files: files)

        let first = try await matchJob(db).run()
        let organizations = try #require(first.first { $0.entity == .organization })
        #expect(organizations.trained)
        #expect(organizations.modelVersion == 1)
        let landed = try await scalar(db, "SELECT count(*) FROM source_records WHERE entity = 'organization' AND NOT deleted")
        #expect(organizations.result.table.count == landed)
        #expect(organizations.result.clustering.largestClusterSize <= 20)

        // Against the truth: record id → entity id from the generator.
        var truthOf: [String: String] = [:]
        for row in files.dataset.truth { truthOf[MatchJob.recordID(source: row.source, key: row.sourceId)] = row.entityId }
        var labels: [String: Int32] = [:]
        let truth: [Int32] = try organizations.result.table.ids.map { id in
            let entity = try #require(truthOf[id], "no truth for \(id)")
            if let label = labels[entity] { return label }
            labels[entity] = Int32(labels.count)
            return labels[entity]!
        }
        let evaluation = ClusterEvaluation.evaluate(predicted: organizations.result.clustering.clusterOf, truth: truth)
        #expect(evaluation.pairwiseF1 > 0.9, "pairwise F1 \(evaluation.pairwiseF1)")
        #expect(evaluation.pairwisePrecision > 0.95, "pairwise precision \(evaluation.pairwisePrecision)")

        // Persons ran too (their employers point into a source without organizations: no employer clusters).
        let persons = try #require(first.first { $0.entity == .person })
        #expect(persons.result.table.count > 0)

        // A second run reuses the stored models and clusters identically.
        let second = try await matchJob(db).run()
        let again = try #require(second.first { $0.entity == .organization })
        #expect(!again.trained)
        #expect(again.modelVersion == 1)
        #expect(again.result.clustering.clusterOf == organizations.result.clustering.clusterOf)

        // Retraining stores a new version.
        let retrained = try await matchJob(db).run(entities: [.organization], retrain: true)
        #expect(retrained.first?.modelVersion == 2)
        #expect(retrained.count == 1)
    }

    /// Edits made here by SQL: logged as a landing batch of each record's source logs them (`landing_changes`),
    /// since the match run learns what changed from that log.
    func logAsLanded(_ db: TestDatabase, _ ids: [UUID]) async throws {
        try await db.client.query(
            """
            INSERT INTO source_fingerprints (source, entity)
            SELECT DISTINCT source, entity FROM source_records AS r WHERE source_record_id = ANY(\(ids))
              AND NOT EXISTS (SELECT 1 FROM source_fingerprints AS f WHERE f.source = r.source AND f.entity = r.entity)
            """)
        try await db.client.query(
            """
            UPDATE source_fingerprints AS f SET batches = batches + 1
            WHERE (source, entity) IN (SELECT source, entity FROM source_records WHERE source_record_id = ANY(\(ids)))
            """)
        try await db.client.query(
            """
            INSERT INTO landing_changes (source, entity, batch, ids)
            SELECT r.source, r.entity, max(f.batches), string_agg(uuid_send(r.source_record_id), ''::bytea)
            FROM source_records AS r JOIN source_fingerprints AS f ON f.source = r.source AND f.entity = r.entity
            WHERE r.source_record_id = ANY(\(ids)) GROUP BY r.source, r.entity
            """)
    }

    func ids(_ db: TestDatabase, _ query: PostgresQuery) async throws -> [UUID] {
        var ids: [UUID] = []
        for try await id in try await db.client.query(query).decode(UUID.self) { ids.append(id) }
        return ids
    }

    @Test("a run after a few changes reads only them; it matches exactly as a run that reads every record")
    func imageReadsOnlyChangedRecords() async throws {
        let db = try TestDatabase.require
        let files = try GeneratedFiles(records: 1_500, seed: 13)
        defer { files.remove() }
        try await landFixture(db, files: files)
        let first = try await matchJob(db).run()
        #expect(first.allSatisfy { $0.recordsRead == $0.result.table.count && $0.result.table.count > 0 })
        #expect(try await scalar(db, "SELECT count(DISTINCT entity) FROM match_table_images") == 2)

        // Ten companies become copies of another one (a new version each), four are deleted.
        let edited = try await ids(
            db,
            """
            SELECT source_record_id FROM source_records WHERE entity = 'organization' AND NOT deleted
            ORDER BY source_key DESC LIMIT 10
            """)
        let deleted = try await ids(
            db,
            """
            SELECT source_record_id FROM source_records WHERE entity = 'organization' AND NOT deleted
            ORDER BY source_key LIMIT 4 OFFSET 5
            """)
        try await db.client.query(
            """
            WITH model AS (SELECT match_values FROM source_records WHERE entity = 'organization' AND NOT deleted
                           ORDER BY source_key LIMIT 1),
                 edited AS (SELECT source_record_id FROM source_records WHERE entity = 'organization' AND NOT deleted
                            ORDER BY source_key DESC LIMIT 10)
            UPDATE source_records AS r SET version = r.version + 1, match_values = model.match_values
            FROM model, edited WHERE r.source_record_id = edited.source_record_id
            """)
        try await db.client.query(
            """
            UPDATE source_records SET version = version + 1, deleted = true
            WHERE source_record_id IN (SELECT source_record_id FROM source_records
                                       WHERE entity = 'organization' AND NOT deleted ORDER BY source_key LIMIT 4 OFFSET 5)
            """)
        // Not logged yet: the run cannot know of them, and reads nothing.
        #expect(try await matchJob(db).run().map(\.recordsRead) == [0, 0])
        try await logAsLanded(db, edited + deleted)
        let second = try await matchJob(db).run()
        #expect(second.map(\.recordsRead) == [10, 0])

        try await db.client.query("DELETE FROM match_table_images")
        let full = try await matchJob(db).run()
        #expect(full.map(\.recordsRead) == full.map(\.result.table.count))
        for (a, b) in zip(second, full) {
            #expect(a.result.table.ids == b.result.table.ids)
            #expect(a.result.table.count == (a.entity == .organization ? first[0].result.table.count - 4 : first[1].result.table.count))
            #expect(a.result.scored.pairs == b.result.scored.pairs && a.result.scored.weights == b.result.scored.weights)
            #expect(a.result.clustering.clusterOf == b.result.clustering.clusterOf)
        }
        // The copies now cluster with the company they copy.
        let organizations = second[0].result
        #expect(organizations.clustering.largestClusterSize >= 11)
    }

    @Test("an empty store matches to nothing without failing")
    func emptyStore() async throws {
        let db = try TestDatabase.require
        let outcomes = try await matchJob(db).run()
        #expect(outcomes.allSatisfy { $0.result.table.count == 0 && !$0.trained })
    }

    @Test("values stored at landing match exactly as standardizing the attributes again; unreadable rows are reported")
    func storedValuesEqualRestandardized() async throws {
        let db = try TestDatabase.require
        let files = try GeneratedFiles(records: 1_000, seed: 5)
        defer { files.remove() }
        let salesforce = try files.mapping("salesforce")
        _ = try await makeJob(db).run([
            SourceConfiguration(
                name: "sf_a", kind: .csv, location: files.directory.appendingPathComponent("sf_a_Account.csv").path,
                mapping: salesforce, entities: [.organization]),
            try files.accounting(),
            SourceConfiguration(
                name: "sf_a_contacts", kind: .csv,
                location: files.directory.appendingPathComponent("sf_a_Contact.csv").path, mapping: salesforce,
                entities: [.person]),
        ])
        let stored = try await matchJob(db).run()
        #expect(stored.allSatisfy { $0.restandardized == 0 && $0.unreadable.isEmpty })

        // Rows landed before match values existed: matching standardizes them from their attributes.
        // (Stored values change only with a new version, which the stored table images check; an edit behind the
        // store's back must drop them.)
        try await db.client.query("UPDATE source_records SET match_values = NULL")
        try await db.client.query("DELETE FROM match_table_images")
        let again = try await matchJob(db).run()
        for (a, b) in zip(stored, again) {
            #expect(b.restandardized == b.result.table.count)
            #expect(a.result.table.ids == b.result.table.ids)
            #expect(a.result.clustering.clusterOf == b.result.clustering.clusterOf)
            #expect(a.result.scored.count > 0)
        }
        // Organizations score identically. (Persons may not: the attributes JSON keeps no mapping region, so the
        // fallback reads some values under the default region; the stored values are what landing decided.)
        #expect(stored[0].result.scored.weights == again[0].result.scored.weights)

        // A row whose stored values are damaged is left out, named, and the rest still match.
        try await db.client.query(
            "UPDATE source_records SET match_values = 'inn' WHERE source_key = (SELECT min(source_key) FROM source_records WHERE source = 'sf_a')")
        try await db.client.query("DELETE FROM match_table_images")
        let damaged = try await matchJob(db).run(entities: [.organization])
        let organizations = try #require(damaged.first)
        #expect(organizations.unreadable.count == 1)
        #expect(organizations.unreadable.first?.hasPrefix("sf_a/") == true)
        #expect(organizations.result.table.count == stored[0].result.table.count - 1)
    }

    @Test("a landing log that lacks a batch the image needs makes the run read every record, and match the same")
    func logGapReadsEverything() async throws {
        let db = try TestDatabase.require
        let files = try GeneratedFiles(records: 600, seed: 17)
        defer { files.remove() }
        try await landFixture(db, files: files)
        _ = try await matchJob(db).run()
        // The images hold every batch landed so far: their log rows are gone.
        #expect(try await scalar(db, "SELECT count(*) FROM landing_changes") == 0)
        #expect(try await scalar(db, "SELECT count(*) FROM source_fingerprints WHERE batches > 0") > 0)

        // Two batches change organizations; the first one's log row is lost.
        let first = try await ids(
            db, "SELECT source_record_id FROM source_records WHERE entity = 'organization' ORDER BY source_key LIMIT 3")
        let second = try await ids(
            db, "SELECT source_record_id FROM source_records WHERE entity = 'organization' ORDER BY source_key DESC LIMIT 2")
        for batch in [first, second] {
            try await db.client.query(
                "UPDATE source_records SET version = version + 1, deleted = true WHERE source_record_id = ANY(\(batch))")
            try await logAsLanded(db, batch)
        }
        let logged = try await scalar(db, "SELECT count(*) FROM landing_changes")
        #expect(logged >= 1)
        try await db.client.query(
            """
            DELETE FROM landing_changes WHERE (source, entity, batch) IN (
                SELECT source, entity, min(batch) FROM landing_changes GROUP BY source, entity)
            """)
        let gapped = try await matchJob(db).run(entities: [.organization])
        let organizations = try #require(gapped.first)
        // Read whole, not patched: the deleted records are gone all the same.
        #expect(organizations.recordsRead == organizations.result.table.count)
        let live = try await scalar(db, "SELECT count(*) FROM source_records WHERE entity = 'organization' AND NOT deleted")
        #expect(organizations.result.table.count == live)
        // The image written then holds them: the next run reads nothing, and the log is empty again.
        #expect(try await matchJob(db).run(entities: [.organization]).first?.recordsRead == 0)
        #expect(try await scalar(db, "SELECT count(*) FROM landing_changes WHERE entity = 'organization'") == 0)
    }
}
