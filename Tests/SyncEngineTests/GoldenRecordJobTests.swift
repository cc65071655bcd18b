import Connectors
import Foundation
import GoldenCore
import GoldenStore
import GoldenTestSupport
import Matching
import PostgresNIO
import Sandbox
import Survivorship
import SyncEngine
import Testing

/// A Salesforce-shaped Account export the test edits between runs: land it, run the golden job, look.
///
/// Companies are told apart by INN: two different valid INNs never share a cluster and the same INN+KPP always
/// does (hard rules), so membership follows from the rows and the steward's decisions alone, whatever the model
/// trained on a dozen records makes of names.
final class AccountExport: @unchecked Sendable {
    struct Row {
        var id: String
        var name: String
        var inn: String = ""
        var kpp: String = ""
        var phone: String = ""
        var stamp = 0
    }

    let directory: URL
    var rows: [Row] = []
    private var stamp = 0

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("golden-identity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var file: URL { directory.appendingPathComponent("sf_a_Account.csv") }

    func source() throws -> SourceConfiguration {
        SourceConfiguration(
            name: "sf_a", kind: .csv, location: file.path,
            mapping: try MappingLoader.load(contentsOf: repositoryRoot.appendingPathComponent("mappings/salesforce.yaml")),
            entities: [.organization])
    }

    /// Adds or edits a row; an edit gets a later modification stamp, as a CRM would give it.
    func set(_ row: Row) {
        stamp += 1
        var row = row
        row.stamp = stamp
        if let index = rows.firstIndex(where: { $0.id == row.id }) { rows[index] = row } else { rows.append(row) }
    }

    func remove(_ id: String) { rows.removeAll { $0.id == id } }

    func write() throws {
        var text = "Id,Name,INN__c,KPP__c,Phone,SystemModstamp\n"
        for row in rows {
            let modified = String(format: "2026-01-01T10:%02d:%02d.000Z", row.stamp / 60 % 60, row.stamp % 60)
            text += [row.id, "\"\(row.name)\"", row.inn, row.kpp, row.phone, modified].joined(separator: ",") + "\n"
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
}

/// A valid 10-digit company INN built from a 9-digit body (the check digit computed as the tax service does).
func companyINN(_ body: Int) -> String {
    let digits = String(format: "%09d", body % 1_000_000_000).compactMap { $0.wholeNumberValue }
    let weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    let check = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11 % 10
    return digits.map(String.init).joined() + String(check)
}

struct IdentityHarness {
    let db: TestDatabase
    let export: AccountExport

    func id(_ key: String) -> UUID { GoldenIdentifiers.sourceRecordID(source: "sf_a", key: key) }

    /// Writes the export, lands it and runs the golden job.
    @discardableResult
    func sync() async throws -> GoldenRecordJob.Summary {
        try export.write()
        let landing = try await makeJob(db).run([try export.source()])
        #expect(landing.outcome == .succeeded)
        return try await GoldenRecordJob(
            database: db.database,
            standardizer: RecordStandardizer(
                standardizers: try ReferenceData.standardizers(
                    mappingsDirectory: repositoryRoot.appendingPathComponent("mappings"))),
            logger: db.logger
        ).run()
    }

    /// The CRM deletes records: they leave the export, and the source reports them deleted (as a CRM's
    /// deleted-records feed does; a CSV export has no deletion column).
    func delete(_ keys: [String]) async throws {
        for key in keys { export.remove(key) }
        let records = keys.map { key in
            let payload = #"{"Id":"\#(key)","IsDeleted":true}"#
            return LandingRecord(
                source: "sf_a", sourceKey: key, entity: .organization, modifiedAt: Date(), deleted: true,
                payloadJSON: payload, contentHash: JSONValue.contentHash(ofCanonical: Array(payload.utf8)))
        }
        _ = try await LandingRepository(database: db.database).land(records, source: "sf_a", runID: nil)
    }

    func golden(_ key: String) async throws -> UUID? {
        try await GoldenRecordRepository(database: db.database).xref(sourceRecordID: id(key))?.goldenID
    }

    var actions: StewardActions { StewardActions(database: db.database, logger: db.logger) }

    func ref(_ key: String) -> SourceRecordRef { SourceRecordRef(source: "sf_a", id: key) }
}

@Suite("Golden identity", .database)
struct GoldenRecordJobTests {
    func harness() throws -> IdentityHarness {
        IdentityHarness(db: try TestDatabase.require, export: try AccountExport())
    }

    /// Three customers: A (two records, same INN+KPP), B and C (one record each).
    func seed(_ h: IdentityHarness) {
        h.export.set(.init(id: "a1", name: "ООО Альфа", inn: companyINN(770_000_001), kpp: "770101001"))
        h.export.set(.init(id: "a2", name: "Alpha LLC", inn: companyINN(770_000_001), kpp: "770101001"))
        h.export.set(.init(id: "b1", name: "ООО Бета", inn: companyINN(770_000_002), kpp: "770101001"))
        h.export.set(.init(id: "c1", name: "ООО Гамма", inn: companyINN(770_000_003), kpp: "770101001"))
    }

    @Test("the first run creates one golden record per customer; a rerun with no change writes zero versions")
    func rerunWritesNothing() async throws {
        let h = try harness()
        seed(h)
        let first = try await h.sync()
        #expect(first.golden.created == 3)
        #expect(first.golden.versions == 3)
        #expect(try await h.golden("a1") == h.golden("a2"))
        #expect(try await h.golden("a1") != h.golden("b1"))
        let versions = try await scalar(h.db, "SELECT count(*) FROM golden_versions")

        let second = try await h.sync()
        #expect(second.golden.versions == 0)
        #expect(second.golden.created + second.golden.updated + second.golden.merged == 0)
        #expect(try await scalar(h.db, "SELECT count(*) FROM golden_versions") == versions)
        #expect(try await scalar(h.db, "SELECT count(*) FROM xref") == 4)
    }

    @Test("a run with nothing new does not match; an edit, a decision, a record to recompute or a new setting runs")
    func unchangedInputsSkipTheRun() async throws {
        let h = try harness()
        seed(h)
        let standardizer = RecordStandardizer(
            standardizers: try ReferenceData.standardizers(
                mappingsDirectory: repositoryRoot.appendingPathComponent("mappings")))
        func run(_ configuration: MatchConfiguration = .init(), resurvive: Bool = false) async throws
            -> GoldenRecordJob.Summary
        {
            try await GoldenRecordJob(
                database: h.db.database, standardizer: standardizer, configuration: configuration, logger: h.db.logger
            ).run(resurvive: resurvive)
        }
        func skipped(_ summary: GoldenRecordJob.Summary) -> Bool {
            summary.phases["inputs_check"] != nil && summary.phases["organization_read"] == nil
                && summary.golden.versions == 0
        }
        let first = try await h.sync()
        #expect(first.golden.created == 3 && !skipped(first))
        #expect(skipped(try await h.sync()))
        #expect(skipped(try await run()))

        // A landed edit.
        h.export.set(.init(id: "b1", name: "ООО Бета Плюс", inn: companyINN(770_000_002), kpp: "770101001"))
        let edited = try await h.sync()
        #expect(!skipped(edited) && edited.golden.valuesChanged == 1)
        #expect(skipped(try await run()))

        // A steward's decision.
        _ = try await h.actions.decide(.approve, h.ref("b1"), h.ref("c1"), reason: "renamed company", actor: "anna")
        let decided = try await run()
        #expect(!skipped(decided) && decided.golden.merged == 1)
        #expect(skipped(try await run()))

        // A golden record to compute again (a push conflict forgets its inputs).
        let b = try #require(try await h.golden("b1"))
        try await GoldenRecordRepository(database: h.db.database).forgetSurvivorshipInputs([b])
        let recomputed = try await run()
        #expect(!skipped(recomputed) && recomputed.golden.survived >= 1)
        #expect(skipped(try await run()))

        // Another match configuration, and `golden survive` (recompute everything) always run.
        var configuration = MatchConfiguration()
        configuration.organization.clustering.maxClusterSize += 1
        #expect(!skipped(try await run(configuration)))
        #expect(skipped(try await run(configuration)))
        #expect(!skipped(try await run(configuration, resurvive: true)))
        // A deletion.
        try await h.delete(["a2"])
        let deleted = try await run(configuration)
        #expect(!skipped(deleted) && deleted.golden.updated == 1)
    }

    @Test("survivorship states read packed equal the rows: inputs, digests, NULLs and every status")
    func survivorshipStatesReadBack() async throws {
        let h = try harness()
        seed(h)
        try await h.sync()
        let repository = GoldenRecordRepository(database: h.db.database)
        let a = try #require(try await h.golden("a1"))
        let b = try #require(try await h.golden("b1"))
        try await repository.forgetSurvivorshipInputs([b])
        try await h.db.client.query(
            "UPDATE golden_records SET status = 'confirmed', confirmed_at = now() WHERE golden_id = \(a)")
        try await h.db.client.query(
            "UPDATE golden_records SET status = 'matched', values_digest = NULL WHERE golden_id = \(b)")
        func row(_ input: Int64?, _ digest: Int64?, _ status: String) -> String {
            "\(input.map(String.init) ?? "null") \(digest.map(String.init) ?? "null") \(status)"
        }
        var expected: [UUID: String] = [:]
        for try await (id, input, digest, status) in try await h.db.client.query(
            """
            SELECT golden_id, survived_input, values_digest, status FROM golden_records
            WHERE entity = 'organization' AND state = 'active'
            """
        ).decode((UUID, Int64?, Int64?, String).self) {
            expected[id] = row(input, digest, status)
        }
        let states = try await repository.survivorshipStates(entity: "organization")
        #expect(states.count == 3)
        #expect(states.mapValues { row($0.input, $0.valuesDigest, $0.status) } == expected)
        #expect(states[a]?.status == "confirmed" && states[a]?.input != nil)
        #expect(states[b]?.input == nil && states[b]?.valuesDigest == nil && states[b]?.status == "matched")
        #expect(states.values.contains { $0.status == "provisional" && $0.valuesDigest != nil })
    }

    @Test("a new record joining a customer leaves its golden id unchanged")
    func joinKeepsID() async throws {
        let h = try harness()
        seed(h)
        try await h.sync()
        let before = try #require(try await h.golden("a1"))
        h.export.set(.init(id: "a3", name: "Альфа", inn: companyINN(770_000_001), kpp: "770101001"))
        let summary = try await h.sync()
        #expect(try await h.golden("a3") == before)
        #expect(try await h.golden("a1") == before)
        #expect(summary.golden.updated == 1)
        #expect(summary.golden.created == 0)
        let history = try await GoldenRecordRepository(database: h.db.database).versions(of: before)
        #expect(history.map(\.change) == ["create", "membership"])
        #expect(history.last?.members.count == 3)
    }

    @Test("two golden records merge: the loser resolves to the survivor, which keeps its id")
    func mergeResolves() async throws {
        let h = try harness()
        seed(h)
        h.export.set(.init(id: "d1", name: "Дельта Трейд", phone: "+7 495 111-22-33"))
        try await h.sync()
        let c = try #require(try await h.golden("c1"))
        let d = try #require(try await h.golden("d1"))
        #expect(c != d)

        // d1 gets c1's INN and KPP: the same company.
        h.export.set(.init(id: "d1", name: "Дельта Трейд", inn: companyINN(770_000_003), kpp: "770101001"))
        let summary = try await h.sync()
        #expect(summary.golden.merged == 1)
        let survivor = try #require(try await h.golden("c1"))
        #expect(try await h.golden("d1") == survivor)
        #expect(survivor == c || survivor == d)
        let loser = survivor == c ? d : c
        let repository = GoldenRecordRepository(database: h.db.database)
        let resolved = try #require(try await repository.resolve(loser))
        #expect(resolved.goldenID == survivor)
        #expect(try await repository.find(loser)?.state == "merged")
        // The older id survives a one-to-one merge.
        #expect(survivor == (c.isOlder(than: d) ? c : d))
    }

    @Test("a steward's split mints a new id for the part that leaves and survives the next three runs")
    func splitSurvives() async throws {
        let h = try harness()
        seed(h)
        h.export.set(.init(id: "a3", name: "Альфа Филиал", inn: companyINN(770_000_001), kpp: "770101001"))
        try await h.sync()
        let a = try #require(try await h.golden("a1"))
        #expect(try await h.golden("a3") == a)

        // The two records that leave are the majority: the new id still goes to them.
        let split = try await h.actions.split(
            golden: a, records: [h.ref("a2"), h.ref("a3")], reason: "two companies share an INN by mistake",
            actor: "steward.anna")
        #expect(split.newGoldenID != a)
        #expect(try await h.golden("a1") == a)
        #expect(try await h.golden("a2") == split.newGoldenID)
        #expect(try await h.golden("a3") == split.newGoldenID)
        for _ in 0..<3 {
            let run = try await h.sync()
            #expect(run.golden.versions == 0)
            #expect(try await h.golden("a1") == a)
            #expect(try await h.golden("a2") == split.newGoldenID)
            #expect(try await h.golden("a3") == split.newGoldenID)
        }
        let trail = try await StewardDecisionRepository(database: h.db.database).auditTrail(
            subject: split.decision.uuidString.lowercased())
        #expect(trail.first?.actor == "steward.anna")
        #expect(trail.first?.action == "decision.split")
    }

    @Test("a rejected pair is never merged again, even after an edit that makes the records identical")
    func rejectHolds() async throws {
        let h = try harness()
        seed(h)
        try await h.sync()
        #expect(try await h.golden("a1") == h.golden("a2"))
        _ = try await h.actions.decide(.reject, h.ref("a1"), h.ref("a2"), reason: "different branches", actor: "anna")
        try await h.sync()
        let a1 = try await h.golden("a1")
        let a2 = try await h.golden("a2")
        #expect(a1 != a2)

        h.export.set(.init(id: "a2", name: "ООО Альфа", inn: companyINN(770_000_001), kpp: "770101001", phone: "+7 495 000-00-01"))
        h.export.set(.init(id: "a1", name: "ООО Альфа", inn: companyINN(770_000_001), kpp: "770101001", phone: "+7 495 000-00-01"))
        try await h.sync()
        try await h.sync()
        #expect(try await h.golden("a1") == a1)
        #expect(try await h.golden("a2") == a2)

        // An approve of another pair is a must-link the next run obeys.
        _ = try await h.actions.decide(.approve, h.ref("b1"), h.ref("c1"), reason: "renamed company", actor: "anna")
        try await h.sync()
        #expect(try await h.golden("b1") == h.golden("c1"))
    }

    @Test("moving a record pins it to its new golden record; undoing the move returns it at the next run")
    func moveAndUndo() async throws {
        let h = try harness()
        seed(h)
        h.export.set(.init(id: "a3", name: "Альфа", inn: companyINN(770_000_001), kpp: "770101001"))
        try await h.sync()
        let a = try #require(try await h.golden("a1"))
        let b = try #require(try await h.golden("b1"))

        let move = try await h.actions.move(h.ref("a3"), to: b, reason: "belongs to Beta", actor: "anna")
        #expect(move.goldenID == b)
        #expect(try await h.golden("a3") == b)
        try await h.sync()
        try await h.sync()
        #expect(try await h.golden("a3") == b)
        #expect(try await h.golden("a1") == a)

        _ = try await h.actions.undo(move.decision, reason: "moved by mistake", actor: "anna")
        try await h.sync()
        #expect(try await h.golden("a3") == a)
        #expect(try await h.golden("b1") == b)
        let history = try await GoldenRecordRepository(database: h.db.database).xrefHistory(sourceRecordID: h.id("a3"))
        #expect(history.map(\.goldenID) == [a, b, a])
        #expect(history.dropLast().allSatisfy { $0.validTo != nil })
        // Undoing twice is refused.
        await #expect(throws: StoreError.self) {
            _ = try await h.actions.undo(move.decision, reason: "again", actor: "anna")
        }
    }

    @Test("xref answers which golden record a record belonged to at a past instant")
    func xrefAsOf() async throws {
        let h = try harness()
        seed(h)
        h.export.set(.init(id: "d1", name: "Дельта Трейд"))
        try await h.sync()
        let d = try #require(try await h.golden("d1"))
        try await Task.sleep(for: .milliseconds(20))
        let between = Date()
        try await Task.sleep(for: .milliseconds(20))
        h.export.set(.init(id: "d1", name: "Дельта Трейд", inn: companyINN(770_000_002), kpp: "770101001"))
        try await h.sync()
        let now = try #require(try await h.golden("d1"))
        #expect(now == (try await h.golden("b1")))
        let repository = GoldenRecordRepository(database: h.db.database)
        #expect(try await repository.xref(sourceRecordID: h.id("d1"), at: between)?.goldenID == d)
        #expect(try await repository.xref(sourceRecordID: h.id("d1"), at: Date())?.goldenID == now)
        #expect(try await repository.xref(sourceRecordID: h.id("d1"), at: Date(timeIntervalSince1970: 0)) == nil)
    }

    @Test("a deleted member leaves its golden record; a golden record with no live member is retired")
    func deletionAndRetirement() async throws {
        let h = try harness()
        seed(h)
        try await h.sync()
        let a = try #require(try await h.golden("a1"))
        let b = try #require(try await h.golden("b1"))
        try await h.delete(["a2", "b1"])
        let summary = try await h.sync()
        #expect(summary.golden.retired == 1)
        #expect(summary.golden.updated == 1)
        #expect(try await h.golden("a2") == nil)
        #expect(try await h.golden("a1") == a)
        let repository = GoldenRecordRepository(database: h.db.database)
        #expect(try await repository.find(b)?.state == "retired")
        #expect(try await repository.find(a)?.memberCount == 1)
        #expect(try await repository.members(of: a) == [h.id("a1")])
        // Retired, not deleted: the record and its history stay.
        #expect(try await repository.versions(of: b).map(\.change) == ["create", "retire"])
    }
}

@Suite("Golden identity on generated data")
struct IncrementalEqualsFullTests {
    /// Lands the generator's sources in two halves with a run after each, and all at once in another schema with
    /// one run; both use the same stored model. Membership must be the same partition.
    /// The membership and the row digests read as one packed value (a store of this size) and grouped by an id
    /// byte (a store too large for one value) are the same.
    static func expectPackedReadsAgree(_ db: TestDatabase, sources: [String]) async throws {
        let golden = GoldenRecordRepository(database: db.database)
        for entity in ["organization", "person"] {
            let one = try await golden.currentMembership(entity: entity)
            #expect(one.count > 0)
            #expect(try await golden.currentMembership(entity: entity, oneValueRecords: 0) == one, "\(entity)")
        }
        let landing = LandingRepository(database: db.database)
        var checked = 0
        for source in Set(sources) {
            let one = try await landing.landedRowDigests(source: source)
            let grouped = try await landing.landedRowDigests(source: source, oneValueRecords: 0)
            #expect(one.count == grouped.count, "\(source)")
            for try await bytes in try await db.client.query(
                "SELECT row_digest FROM source_records WHERE source = \(source) AND row_digest IS NOT NULL AND NOT deleted"
            ).decode(ByteBuffer.self) {
                let digest = try #require(bytes.withUnsafeReadableBytes { RowDigest(bytes: $0) })
                #expect(one.contains(digest) && grouped.contains(digest))
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    @Test("two halves with a run after each give the same golden membership as one run over everything")
    func halvesEqualWhole() async throws {
        let files = try GeneratedFiles(records: 1_200, seed: 23)
        defer { files.remove() }
        let (firstHalf, secondHalf) = try Self.halves(files)
        let standardizer = try Self.standardizer()

        let (whole, models) = try await TestDatabase.withFreshSchema { db in
            _ = try await makeJob(db).run(firstHalf + secondHalf)
            let summary = try await GoldenRecordJob(database: db.database, standardizer: standardizer, logger: db.logger).run()
            #expect(summary.golden.created > 0)
            try await Self.expectPackedReadsAgree(db, sources: (firstHalf + secondHalf).map(\.name))
            return (try await Self.partition(db), try await Self.storedModels(db))
        }
        #expect(models.count == 2)
        let halves = try await TestDatabase.withFreshSchema { db in
            try await Self.store(models, in: db)
            let job = GoldenRecordJob(database: db.database, standardizer: standardizer, logger: db.logger)
            _ = try await makeJob(db).run(firstHalf)
            let first = try await job.run()
            #expect(first.golden.created > 0)
            _ = try await makeJob(db).run(secondHalf)
            let second = try await job.run()
            #expect(second.golden.updated + second.golden.created > 0)
            // And a third run with nothing new changes nothing: it does not even match.
            let third = try await job.run()
            #expect(third.golden.versions == 0)
            #expect(third.match.pairsScored == 0 && third.phases["inputs_check"] != nil)
            // The review queue holds exactly the last matching run's review band, most uncertain first, each with its
            // explanation.
            #expect(second.match.reviewQueued > 0)
            let open = try await scalar(db, "SELECT count(*) FROM match_candidates WHERE status = 'review'")
            #expect(open == second.match.reviewQueued)
            let queue = try await MatchCandidateRepository(database: db.database).queue(limit: 1_000)
            #expect(queue.count == open)
            let uncertainty = queue.map { abs($0.probability - 0.5) }
            #expect(uncertainty == uncertainty.sorted())
            let explained = try await scalar(
                db, "SELECT count(*) FROM match_candidates WHERE jsonb_array_length(explanation -> 'steps') > 0")
            let candidates = try await scalar(db, "SELECT count(*) FROM match_candidates")
            #expect(explained == candidates)
            return try await Self.partition(db)
        }
        #expect(whole.count > 300)
        #expect(halves == whole)
    }

    /// A run after a few records changed starts from the state the run before left: it scores the pairs of the
    /// touched link components only and survives only their golden records, and leaves the golden membership, the
    /// golden values and the review queue a run over everything (another schema, the same stored models, no state)
    /// leaves.
    @Test("a run after a few changes matches only what they touch and leaves a full run's membership, values and queue")
    func changesMatchOnlyTheirRegion() async throws {
        let files = try GeneratedFiles(records: 4_000, seed: 37)
        defer { files.remove() }
        let (firstHalf, secondHalf) = try Self.halves(files)
        let sources = firstHalf + secondHalf
        let standardizer = try Self.standardizer()
        @Sendable func queue(_ db: TestDatabase) async throws -> Set<String> {
            let rows = try await db.client.query(
                """
                SELECT l.source || '/' || l.source_key || '|' || r.source || '/' || r.source_key || '|'
                       || round(c.probability::numeric, 6)
                FROM match_candidates AS c
                JOIN source_records AS l ON l.source_record_id = c.left_id
                JOIN source_records AS r ON r.source_record_id = c.right_id
                WHERE c.status = 'review'
                """)
            var pairs: Set<String> = []
            for try await pair in rows.decode(String.self) { pairs.insert(pair) }
            // Each record's golden values, status and member count: survivorship left nothing behind either.
            let values = try await db.client.query(
                """
                SELECT concat_ws(' | ', s.source || '/' || s.source_key, g.attributes::text, g.status, g.member_count)
                FROM source_records AS s
                JOIN xref AS x ON x.source_record_id = s.source_record_id AND x.valid_to IS NULL
                JOIN golden_records AS g ON g.golden_id = x.golden_id
                """)
            for try await line in values.decode(String.self) { pairs.insert(line) }
            return pairs
        }
        // Trust decays with age: every run is computed at the same instant.
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        let (incremental, models, full) = try await TestDatabase.withFreshSchema { db in
            let job = GoldenRecordJob(
                database: db.database, standardizer: standardizer, now: { now }, logger: db.logger)
            _ = try await makeJob(db).run(sources)
            let first = try await job.run()
            #expect(first.match.pairsScored > 300)
            // The CRMs export again with a few records edited and a few new, as in `golden bench e2e`.
            _ = try files.dataset.writeFiles(to: files.directory) { record in
                var digest = StableDigest()
                digest.add(record.source)
                digest.add(record.sourceId)
                let draw = digest.value % 1_000
                if draw < 25 { return [record.edited()] }
                if draw < 35 { return [record, record.copy(id: "new-" + record.sourceId)] }
                return [record]
            }
            _ = try await makeJob(db).run(sources)
            let second = try await job.run()
            #expect(second.match.pairsScored > 0)
            #expect(second.match.pairsScored * 4 < first.match.pairsScored, "\(second.match.pairsScored) of \(first.match.pairsScored) pairs")
            return (
                (try await Self.partition(db), try await queue(db)), try await Self.storedModels(db), first.match.pairsScored
            )
        }
        #expect(full > 0)
        let whole = try await TestDatabase.withFreshSchema { db in
            try await Self.store(models, in: db)
            _ = try await makeJob(db).run(sources)
            _ = try await GoldenRecordJob(
                database: db.database, standardizer: standardizer, now: { now }, logger: db.logger
            ).run()
            return (try await Self.partition(db), try await queue(db))
        }
        #expect(whole.0.count > 300)
        #expect(incremental.0 == whole.0, "golden membership differs")
        #expect(!whole.1.isEmpty)
        #expect(incremental.1.count == whole.1.count)
        #expect(incremental.1.subtracting(whole.1).sorted().prefix(5) == [], "review queue or golden values differ")
    }

    /// The generator's sources in two halves: one Salesforce org (accounts and contacts), then the other with
    /// the accounting file.
    static func halves(_ files: GeneratedFiles) throws -> (first: [SourceConfiguration], second: [SourceConfiguration]) {
        let salesforce = try files.mapping("salesforce")
        func csv(_ name: String, _ file: String, _ entity: CanonicalField.Entity) -> SourceConfiguration {
            SourceConfiguration(
                name: name, kind: .csv, location: files.directory.appendingPathComponent(file).path,
                mapping: salesforce, entities: [entity])
        }
        return (
            [csv("sf_a", "sf_a_Account.csv", .organization), csv("sf_a_contacts", "sf_a_Contact.csv", .person)],
            [
                csv("sf_b", "sf_b_Account.csv", .organization), try files.accounting(),
                csv("sf_b_contacts", "sf_b_Contact.csv", .person),
            ]
        )
    }

    /// The newest stored model of each entity, (entity, parameters), to run another schema on the same model.
    static func storedModels(_ db: TestDatabase) async throws -> [(String, String)] {
        var models: [(String, String)] = []
        for entity in ["organization", "person"] {
            if let model = try await MatchModelRepository(database: db.database).load(entity: entity) {
                models.append((entity, model.parametersJSON))
            }
        }
        return models
    }

    static func store(_ models: [(String, String)], in db: TestDatabase) async throws {
        for (entity, parameters) in models {
            _ = try await MatchModelRepository(database: db.database).save(
                entity: entity, parametersJSON: parameters, runID: nil)
        }
    }

    static func standardizer() throws -> RecordStandardizer {
        RecordStandardizer(
            standardizers: try ReferenceData.standardizers(mappingsDirectory: repositoryRoot.appendingPathComponent("mappings")))
    }

    /// A run survives and writes its golden records a chunk at a time, the next chunk computed while one is
    /// written. Chunks of 7 records and one chunk of everything must leave the same store: values, lineage,
    /// versions and outbox, through a first load and a second that changes membership and values.
    @Test("golden values written a chunk at a time leave the store one write of everything leaves")
    func chunkedWriteEqualsOneWrite() async throws {
        let files = try GeneratedFiles(records: 700, seed: 31)
        defer { files.remove() }
        let (firstHalf, secondHalf) = try Self.halves(files)
        let standardizer = try Self.standardizer()
        // The exports stand in for their CRM, as in `golden bench e2e`: its mapping decides what is published.
        let publish = PublishRules(
            sources: (firstHalf + secondHalf).map { source in
                SourceConfiguration(
                    name: source.name, kind: source.kind == .csv ? .salesforce : source.kind, location: source.location,
                    mapping: source.mapping, entities: source.entities)
            })
        // Trust decays with age: both stores are computed at the same instant.
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        var models: [(String, String)] = []
        var results: [(snapshot: [String], figures: [Int])] = []
        for chunkSize in [GoldenRecordJob.survivalChunkSize, 7] {
            let storedModels = models
            let (result, trained) = try await TestDatabase.withFreshSchema { db in
                try await Self.store(storedModels, in: db)
                let job = GoldenRecordJob(
                    database: db.database, standardizer: standardizer, now: { now }, publish: publish,
                    chunkSize: chunkSize, logger: db.logger)
                var figures: [Int] = []
                for half in [firstHalf, secondHalf] {
                    _ = try await makeJob(db).run(half)
                    let summary = try await job.run()
                    #expect(summary.phases["person_write_golden_survive_wait"] != nil)
                    let golden = summary.golden
                    figures += [
                        golden.created, golden.updated, golden.merged, golden.versions, golden.survived,
                        golden.valuesChanged, golden.deltasQueued, golden.lineageBytes,
                    ]
                }
                return ((snapshot: try await Self.storeSnapshot(db), figures: figures), try await Self.storedModels(db))
            }
            results.append(result)
            if models.isEmpty { models = trained }
        }
        let (whole, chunked) = (results[0], results[1])
        #expect(whole.figures[4] > 100, "the first load survives hundreds of golden records")
        #expect(whole.figures[9] > 0 && whole.figures[14] > 0, "the second load updates records and queues deltas")
        #expect(chunked.figures == whole.figures)
        #expect(chunked.snapshot.count == whole.snapshot.count)
        let only = Set(chunked.snapshot).subtracting(whole.snapshot)
        let onlyWhole = Set(whole.snapshot).subtracting(chunked.snapshot)
        #expect(only.isEmpty, "only in the chunked store: \(only.sorted().prefix(3))")
        #expect(onlyWhole.isEmpty, "only in the store written at once: \(onlyWhole.sorted().prefix(3))")
    }

    /// What a run leaves in the store, without golden id naming: each live record's golden values, lineage and
    /// version; every version's change and members; every outbox row with its golden id blanked.
    static func storeSnapshot(_ db: TestDatabase) async throws -> [String] {
        let queries: [PostgresQuery] = [
            """
            SELECT concat_ws(' | ', s.source || '/' || s.source_key, g.attributes::text, g.status, g.lifecycle,
                   g.current_version, g.member_count, array_to_string(g.search_keys, ' '), v.lineage::text)
            FROM source_records AS s
            JOIN xref AS x ON x.source_record_id = s.source_record_id AND x.valid_to IS NULL
            JOIN golden_records AS g ON g.golden_id = x.golden_id
            LEFT JOIN golden_versions AS v ON v.golden_id = g.golden_id AND v.version = g.lineage_version
            """,
            """
            SELECT concat_ws(' | ', 'version', change, version, status, attributes::text,
                   (SELECT string_agg(m::text, ',' ORDER BY m::text) FROM unnest(members) AS m))
            FROM golden_versions
            """,
            """
            SELECT concat_ws(' | ', 'outbox', source_record_id, golden_version, source, source_version,
                   replace(delta::text, golden_id::text, 'G'))
            FROM outbox
            """,
        ]
        var lines: [String] = []
        for query in queries {
            for try await line in try await db.client.query(query).decode(String.self) { lines.append(line) }
        }
        return lines.sorted()
    }

    /// Membership as a partition of `source/key` sets, independent of golden id naming.
    static func partition(_ db: TestDatabase) async throws -> Set<Set<String>> {
        var groups: [UUID: Set<String>] = [:]
        try await GoldenRecordRepository(database: db.database).forEachMembership { row in
            groups[row.goldenID, default: []].insert("\(row.source)/\(row.sourceKey)")
        }
        return Set(groups.values)
    }
}
