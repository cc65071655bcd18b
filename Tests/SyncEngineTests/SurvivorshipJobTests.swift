import Connectors
import Foundation
import GoldenCore
import GoldenStore
import GoldenTestSupport
import Matching
import PostgresNIO
import Survivorship
import SyncEngine
import Testing

/// Several Salesforce-shaped CSV exports (one source each) the test edits between runs: land them all, run the
/// golden job with an injected clock, read the golden values back.
final class SurvivorshipWorld: @unchecked Sendable {
    struct Export {
        let source: String
        let entity: MatchEntity
        var rows: [[String: String]] = []
    }

    let db: TestDatabase
    let directory: URL
    var exports: [String: Export] = [:]
    var now = ISO8601DateFormatter().date(from: "2026-06-01T00:00:00Z")!
    var rules = SurvivorshipConfiguration.standard

    init(_ db: TestDatabase) throws {
        self.db = db
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("golden-survive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Adds or replaces an Account row of `source`; `modified` is an ISO date-time (the source's SystemModstamp).
    func account(
        _ source: String, _ id: String, name: String, inn: String = "", kpp: String = "", phone: String = "",
        owner: String = "", modified: String = "2026-01-01T10:00:00Z"
    ) {
        upsert(
            source, .organization,
            ["Id": id, "Name": name, "INN__c": inn, "KPP__c": kpp, "Phone": phone, "OwnerId": owner,
             "SystemModstamp": modified])
    }

    func contact(
        _ source: String, _ id: String, first: String, last: String, email: String, optedOut: Bool,
        modified: String = "2026-01-01T10:00:00Z"
    ) {
        upsert(
            source, .person,
            ["Id": id, "FirstName": first, "LastName": last, "Email": email,
             "HasOptedOutOfEmail": optedOut ? "true" : "false", "SystemModstamp": modified])
    }

    private func upsert(_ source: String, _ entity: MatchEntity, _ row: [String: String]) {
        var export = exports[source] ?? Export(source: source, entity: entity)
        if let index = export.rows.firstIndex(where: { $0["Id"] == row["Id"] }) {
            export.rows[index] = row
        } else {
            export.rows.append(row)
        }
        exports[source] = export
    }

    func file(_ source: String) -> URL { directory.appendingPathComponent("\(source).csv") }

    func sources() throws -> [SourceConfiguration] {
        let mapping = try MappingLoader.load(contentsOf: repositoryRoot.appendingPathComponent("mappings/salesforce.yaml"))
        return try exports.values.sorted { $0.source < $1.source }.map { export in
            let columns = Array(Set(export.rows.flatMap(\.keys))).sorted()
            var text = columns.joined(separator: ",") + "\n"
            for row in export.rows {
                text += columns.map { column in
                    let cell = row[column] ?? ""
                    return cell.contains(",") || cell.contains("\"")
                        ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
                }.joined(separator: ",") + "\n"
            }
            try text.write(to: file(export.source), atomically: true, encoding: .utf8)
            return SourceConfiguration(
                name: export.source, kind: .csv, location: file(export.source).path, mapping: mapping,
                entities: [export.entity == .organization ? .organization : .person])
        }
    }

    var standardizer: RecordStandardizer {
        get throws {
            RecordStandardizer(
                standardizers: try ReferenceData.standardizers(
                    mappingsDirectory: repositoryRoot.appendingPathComponent("mappings")))
        }
    }

    func job() throws -> GoldenRecordJob {
        let now = now
        return GoldenRecordJob(
            database: db.database, standardizer: try standardizer, survivorship: rules, now: { now },
            logger: db.logger)
    }

    /// Lands every export and runs the golden job.
    @discardableResult
    func sync(resurvive: Bool = false) async throws -> GoldenRecordJob.Summary {
        let landing = try await makeJob(db).run(try sources())
        #expect(landing.outcome == .succeeded)
        return try await job().run(resurvive: resurvive)
    }

    func id(_ source: String, _ key: String) -> UUID { GoldenIdentifiers.sourceRecordID(source: source, key: key) }

    func golden(_ source: String, _ key: String) async throws -> UUID {
        try #require(
            try await GoldenRecordRepository(database: db.database).xref(sourceRecordID: id(source, key))?.goldenID)
    }

    func values(_ source: String, _ key: String) async throws -> GoldenRecordRepository.StoredValues {
        try #require(try await GoldenRecordRepository(database: db.database).values(of: try await golden(source, key)))
    }

    /// The golden document as a dictionary.
    func document(_ source: String, _ key: String) async throws -> [String: Any] {
        let text = try await values(source, key).attributesJSON
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func lineage(_ source: String, _ key: String, _ attribute: GoldenAttribute) async throws -> AttributeLineage {
        let stored = try await values(source, key)
        let document = try LineageDocument.decode(try #require(stored.lineageJSON))
        return try #require(document.first { $0.attribute == attribute })
    }

    var steward: StewardActions { StewardActions(database: db.database, survivorship: rules, logger: db.logger) }

    var finance: GoldenValueActions {
        let now = now
        return GoldenValueActions(database: db.database, survivorship: rules, now: { now }, logger: db.logger)
    }

    func count(_ query: PostgresQuery) async throws -> Int { try await scalar(db, query) }
}

@Suite("Survivorship in the run", .database)
struct SurvivorshipJobTests {
    let inn = companyINN(770_100_001)
    let kpp = "770101001"

    @Test("every golden value has lineage, and a rerun with nothing new writes no version")
    func everyValueHasLineage() async throws {
        let world = try SurvivorshipWorld(try TestDatabase.require)
        world.account("sf_a", "a1", name: "Alpha LLC", inn: inn, kpp: kpp, phone: "+7 495 123-45-67")
        world.account("acc_1c", "k1", name: "ООО «Альфа»", inn: inn, kpp: kpp, phone: "8 (495) 765-43-21")
        world.account("sf_a", "b1", name: "ООО Бета", inn: companyINN(770_100_002), kpp: kpp)
        let first = try await world.sync()
        #expect(first.golden.survived == 2)
        #expect(first.golden.valuesChanged == 2)

        var checked = 0
        try await GoldenRecordRepository(database: world.db.database).forEachGolden(entity: nil, withLineage: true) {
            record in
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(record.attributesJSON.utf8)) as? [String: Any])
            let attributes = Set(try LineageDocument.decode(try #require(record.lineageJSON)).map(\.attribute.rawValue))
            let derived: Set<String> = ["facts", "owners", "lead_owner", "consent", "dead_reason"]
            for key in document.keys where !derived.contains(key) {
                #expect(attributes.contains(key), "\(key) of \(record.goldenID) has no lineage")
                checked += 1
            }
            #expect(record.lineageVersion == record.version)
        }
        #expect(checked >= 8)
        let phones = try await world.document("sf_a", "a1")["phone"] as? [String]
        #expect(phones?.count == 2, "a union keeps both valid phones")

        let versions = try await world.count("SELECT count(*) FROM golden_versions")
        let lineageRows = try await world.count("SELECT count(*) FROM golden_versions WHERE lineage IS NOT NULL")
        let second = try await world.sync()
        #expect(second.golden.survived == 0)
        #expect(second.golden.versions == 0)
        #expect(try await world.count("SELECT count(*) FROM golden_versions") == versions)
        #expect(try await world.count("SELECT count(*) FROM golden_versions WHERE lineage IS NOT NULL") == lineageRows)
    }

    @Test("accounting beats the CRMs on legal fields, and the company is matched")
    func accountingWins() async throws {
        let world = try SurvivorshipWorld(try TestDatabase.require)
        // The CRM's record is newer and its source trusted more for names than nothing: accounting still wins.
        world.account("sf_a", "a1", name: "Alpha Trading LLC", inn: inn, kpp: kpp, modified: "2026-05-01T10:00:00Z")
        world.account("acc_1c", "k1", name: "ООО «Альфа»", inn: inn, kpp: kpp, modified: "2026-01-01T10:00:00Z")
        try await world.sync()
        #expect(try await world.golden("sf_a", "a1") == world.golden("acc_1c", "k1"))
        let legal = try await world.lineage("sf_a", "a1", .legalName)
        #expect(legal.source?.source == "acc_1c")
        #expect(legal.rule == "accounting_authoritative")
        #expect(legal.beaten.contains { $0.source?.source == "sf_a" && $0.reason == .notAccounting })
        #expect(try await world.values("sf_a", "a1").status == "matched")
    }

    @Test("a confirmed company's legal fields are never overwritten: a difference becomes one proposal")
    func confirmedIsLocked() async throws {
        let world = try SurvivorshipWorld(try TestDatabase.require)
        world.account("sf_a", "a1", name: "Alpha LLC", inn: inn, kpp: kpp)
        world.account("acc_1c", "k1", name: "ООО «Альфа»", inn: inn, kpp: kpp)
        try await world.sync()
        let golden = try await world.golden("acc_1c", "k1")
        let lockedName = try #require(try await world.document("acc_1c", "k1")["legal_name"] as? String)
        _ = try await world.finance.confirm(golden: golden, reason: "checked against the contract", actor: "fin.olga")
        #expect(try await world.values("acc_1c", "k1").status == "confirmed")

        // Accounting renames the company: finance must decide, the run must not.
        world.account("acc_1c", "k1", name: "ООО «Альфа Плюс»", inn: inn, kpp: kpp, modified: "2026-02-01T10:00:00Z")
        let run = try await world.sync()
        #expect(run.golden.proposals == 1)
        #expect(try await world.document("acc_1c", "k1")["legal_name"] as? String == lockedName)
        let locked = try await world.lineage("acc_1c", "k1", .legalName)
        #expect(locked.rule == AttributeLineage.Decider.confirmedLock)
        #expect(locked.beaten.contains { $0.reason == .confirmedLock })
        let proposals = try await GoldenProposalRepository(database: world.db.database).list()
        #expect(proposals.count == 1)
        let proposal = try #require(proposals.first)
        #expect(proposal.goldenID == golden)
        #expect(proposal.attribute == "legal_name")
        #expect(proposal.current == lockedName)
        #expect(proposal.proposed != lockedName)

        // Seen again by a forced recomputation: still one proposal.
        try await world.sync(resurvive: true)
        #expect(try await GoldenProposalRepository(database: world.db.database).list(status: nil).count == 1)

        // Finance accepts: the proposed value becomes the locked one, and later runs keep it.
        _ = try await world.finance.decide(
            proposal: proposal.proposalID, accept: true, reason: "renamed per registry", actor: "fin.olga")
        #expect(try await world.document("acc_1c", "k1")["legal_name"] as? String == proposal.proposed)
        try await world.sync(resurvive: true)
        #expect(try await world.document("acc_1c", "k1")["legal_name"] as? String == proposal.proposed)
        #expect(try await world.values("acc_1c", "k1").status == "confirmed")
        #expect(try await GoldenProposalRepository(database: world.db.database).list().isEmpty)

        // A rejected value is not proposed again.
        world.account("sf_a", "a1", name: "Alpha LLC", inn: inn, kpp: kpp)
        world.account("acc_1c", "k1", name: "ООО «Альфа Минус»", inn: inn, kpp: kpp, modified: "2026-03-01T10:00:00Z")
        try await world.sync()
        let second = try #require(try await GoldenProposalRepository(database: world.db.database).list().first)
        _ = try await world.finance.decide(
            proposal: second.proposalID, accept: false, reason: "typo in 1C", actor: "fin.olga")
        try await world.sync(resurvive: true)
        #expect(try await GoldenProposalRepository(database: world.db.database).list().isEmpty)
        #expect(try await world.document("acc_1c", "k1")["legal_name"] as? String == proposal.proposed)
    }

    @Test("confirmation needs an accounting match or a valid INN")
    func confirmNeedsEvidence() async throws {
        let world = try SurvivorshipWorld(try TestDatabase.require)
        world.account("sf_a", "x1", name: "ООО Без ИНН")
        try await world.sync()
        let golden = try await world.golden("sf_a", "x1")
        await #expect(throws: SyncError.self) {
            try await world.finance.confirm(golden: golden, reason: "looks fine", actor: "fin.olga")
        }
        #expect(try await world.values("sf_a", "x1").status == "provisional")
    }

    @Test("a steward override wins until unlocked, whatever the sources send")
    func overrideWinsUntilUnlocked() async throws {
        let world = try SurvivorshipWorld(try TestDatabase.require)
        world.account("sf_a", "a1", name: "Alpha LLC", inn: inn, kpp: kpp)
        try await world.sync()
        let golden = try await world.golden("sf_a", "a1")
        _ = try await world.finance.override(
            golden: golden, attribute: "legal_name", value: "ООО «Альфа Сервис»", reason: "registry name",
            actor: "steward.anna")
        let lineage = try await world.lineage("sf_a", "a1", .legalName)
        #expect(lineage.rule == "steward_override")
        #expect(lineage.override?.by == "steward.anna")
        let overridden = try #require(lineage.value)
        #expect(try await world.document("sf_a", "a1")["legal_name"] as? String == overridden)
        #expect(lineage.beaten.contains { $0.source?.source == "sf_a" && $0.reason == .stewardOverride })

        world.account("sf_a", "a1", name: "Alpha Group LLC", inn: inn, kpp: kpp, modified: "2026-02-01T10:00:00Z")
        try await world.sync()
        #expect(try await world.document("sf_a", "a1")["legal_name"] as? String == overridden)
        await #expect(throws: SyncError.self) {
            try await world.finance.override(
                golden: golden, attribute: "email_opt_out", value: "false", reason: "opt back in", actor: "x")
        }

        _ = try await world.finance.unlock(golden: golden, attribute: "legal_name", reason: "wrong", actor: "steward.anna")
        let unlocked = try await world.lineage("sf_a", "a1", .legalName)
        #expect(unlocked.rule != "steward_override")
        #expect(unlocked.source?.source == "sf_a")
        #expect(try await world.document("sf_a", "a1")["legal_name"] as? String == unlocked.value)
        #expect(unlocked.value != overridden)
        await #expect(throws: SyncError.self) {
            try await world.finance.unlock(golden: golden, attribute: "legal_name", reason: "again", actor: "x")
        }
    }

    @Test("an e-mail opt-out in one source reaches the golden person, with its time and source")
    func optOutWins() async throws {
        let world = try SurvivorshipWorld(try TestDatabase.require)
        world.contact("sf_a", "c1", first: "Mark", last: "Smith", email: "mark@smith-co.ru", optedOut: true,
                      modified: "2026-01-01T10:00:00Z")
        world.contact("sf_b", "c2", first: "M.", last: "Smith", email: "m.smith@smith-co.ru", optedOut: false,
                      modified: "2026-04-01T10:00:00Z")
        try await world.sync()
        // A steward says they are one person (the engine alone might not, on two records).
        _ = try await world.steward.decide(
            .approve, SourceRecordRef(source: "sf_a", id: "c1"), SourceRecordRef(source: "sf_b", id: "c2"),
            reason: "same person", actor: "steward.anna")
        try await world.sync()
        #expect(try await world.golden("sf_a", "c1") == world.golden("sf_b", "c2"))
        let document = try await world.document("sf_b", "c2")
        #expect(document["email_opt_out"] as? String == "true")
        let consent = try #require(document["consent"] as? [String: Any])
        let email = try #require(consent["email"] as? [String: Any])
        #expect(email["opted_out"] as? Bool == true)
        #expect((email["source"] as? [String: Any])?["source"] as? String == "sf_a")
        #expect(try await world.lineage("sf_b", "c2", .emailOptOut).rule == "most_restrictive")
    }

    @Test("trust decay changes the winner as time passes")
    func decayMovesTheWinner() async throws {
        let world = try SurvivorshipWorld(try TestDatabase.require)
        var rules = SurvivorshipConfiguration.standard
        rules.organization[.legalName] = [.trust(.linear(zeroAfter: 365 * 86_400)), .mostRecent]
        rules.sources["old_crm"] = SourceTrust(defaultTrust: 0.9)
        rules.sources["new_crm"] = SourceTrust(defaultTrust: 0.6)
        world.rules = rules
        world.account("old_crm", "o1", name: "Old Name LLC", inn: inn, kpp: kpp, modified: "2026-01-01T00:00:00Z")
        world.account("new_crm", "n1", name: "New Name LLC", inn: inn, kpp: kpp, modified: "2026-03-01T00:00:00Z")
        world.now = ISO8601DateFormatter().date(from: "2026-03-02T00:00:00Z")!
        try await world.sync()
        let early = try await world.lineage("old_crm", "o1", .legalName)
        #expect(early.source?.source == "old_crm")
        #expect(early.rule == "trust")

        // Ten months later the old value has aged to almost nothing; the newer one has kept more trust.
        world.now = ISO8601DateFormatter().date(from: "2026-12-28T00:00:00Z")!
        let later = try await world.sync(resurvive: true)
        #expect(later.golden.valuesChanged == 1)
        let late = try await world.lineage("old_crm", "o1", .legalName)
        #expect(late.source?.source == "new_crm")
        #expect(late.beaten.contains { $0.source?.source == "old_crm" && $0.reason == .lowerTrust })
    }

    @Test("a member whose stored attributes cannot be read is counted in the run summary, not dropped quietly")
    func unreadableMemberIsCounted() async throws {
        let world = try SurvivorshipWorld(try TestDatabase.require)
        world.account("sf_a", "u1", name: "ООО Вега", inn: inn, kpp: kpp, modified: "2026-01-01T10:00:00Z")
        world.account("sf_b", "u2", name: "ООО Вега", inn: inn, kpp: kpp, modified: "2026-02-01T10:00:00Z")
        let landing = try await makeJob(world.db).run(try world.sources())
        #expect(landing.outcome == .succeeded)
        // Matching reads the stored match values; only survivorship reads the damaged attributes.
        try await world.db.client.query(
            "UPDATE source_records SET attributes = '{\"kind\":\"robot\"}' WHERE source = 'sf_b' AND source_key = 'u2'")
        let summary = try await world.job().run()
        #expect(summary.golden.unreadable == 1)
        #expect(try await world.document("sf_a", "u1")["legal_name"] != nil)
        let encoded = String(decoding: try JSONEncoder().encode(summary.golden), as: UTF8.self)
        #expect(encoded.contains("\"unreadable\":1"), "\(encoded)")
    }

    @Test("a value that failed validation never survives, even from the newest record")
    func quarantinedNeverWins() async throws {
        let world = try SurvivorshipWorld(try TestDatabase.require)
        world.account("sf_a", "v1", name: "ООО Вега", inn: inn, kpp: kpp, modified: "2026-01-01T10:00:00Z")
        world.account("sf_b", "v2", name: "ООО Вега", inn: "12345", kpp: kpp, modified: "2026-05-01T10:00:00Z")
        try await world.sync()
        _ = try await world.steward.decide(
            .approve, SourceRecordRef(source: "sf_a", id: "v1"), SourceRecordRef(source: "sf_b", id: "v2"),
            reason: "one company", actor: "steward.anna")
        try await world.sync()
        #expect(try await world.golden("sf_a", "v1") == world.golden("sf_b", "v2"))
        #expect(try await world.document("sf_b", "v2")["inn"] as? String == inn)
        let lineage = try await world.lineage("sf_b", "v2", .inn)
        let bad = try #require(lineage.beaten.first { $0.raw == "12345" })
        #expect(bad.reason == .failedValidation)
        #expect(bad.value == nil)
        #expect(!(bad.issues ?? []).isEmpty)
    }

    @Test("a tie no rule breaks is decided the same way on every run, and the lineage says so")
    func tieIsDeterministic() async throws {
        let world = try SurvivorshipWorld(try TestDatabase.require)
        // Two sources nobody rated (same default trust), same time, different names: a tie.
        world.account("crm_y", "t2", name: "ООО Тета Групп", inn: inn, kpp: kpp, modified: "2026-01-01T10:00:00Z")
        world.account("crm_x", "t1", name: "ООО Тета", inn: inn, kpp: kpp, modified: "2026-01-01T10:00:00Z")
        try await world.sync()
        let first = try await world.lineage("crm_x", "t1", .legalName)
        #expect(first.rule == AttributeLineage.Decider.tie)
        #expect(first.tieBrokenBy == AttributeLineage.TieBreak.sourceRecordID)
        #expect(first.source?.source == "crm_x")
        #expect(first.beaten.allSatisfy { $0.reason == .tieBroken })
        try await world.sync(resurvive: true)
        #expect(try await world.lineage("crm_x", "t1", .legalName) == first)
    }

    @Test("a what-if run with other rules reports the changes and writes nothing")
    func previewWritesNothing() async throws {
        let world = try SurvivorshipWorld(try TestDatabase.require)
        world.account("sf_a", "a1", name: "ООО Альфа Трейдинг", inn: inn, kpp: kpp, modified: "2026-01-01T10:00:00Z")
        world.account("sf_b", "a2", name: "Альфа", inn: inn, kpp: kpp, modified: "2026-05-01T10:00:00Z")
        world.account("sf_b", "b1", name: "ООО Бета", inn: companyINN(770_100_002), kpp: kpp)
        try await world.sync()
        let tables = ["golden_records", "golden_versions", "xref", "golden_proposals"]
        func snapshot() async throws -> [Int] {
            var counts: [Int] = []
            for table in tables {
                counts.append(try await world.count(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)")))
            }
            counts.append(
                try await world.count("SELECT coalesce(sum(hashtext(attributes::text)), 0)::bigint FROM golden_records"))
            return counts
        }
        let before = try await snapshot()

        var rules = world.rules
        rules.organization[.legalName] = [.mostComplete, .mostRecent]
        world.rules = rules
        let (summary, changes) = try await world.job().preview(resurvive: true)
        #expect(summary.golden.versions == 0 || summary.golden.created == 0)
        #expect(try await snapshot() == before)
        let golden = try await world.golden("sf_a", "a1")
        let change = try #require(changes.first { $0.goldenID == golden }?.changes.first { $0.attribute == .legalName })
        #expect(change.rule == "most_complete")
        #expect(change.before != change.after)
    }

    @Test("the owners report lists customers worked by different managers in different CRMs, and the lead owner")
    func ownersReport() async throws {
        let world = try SurvivorshipWorld(try TestDatabase.require)
        world.account("sf_a", "a1", name: "ООО Альфа", inn: inn, kpp: kpp, owner: "005A")
        world.account("bitrix24", "7", name: "Альфа", inn: inn, kpp: kpp, owner: "17")
        world.account("sf_a", "b1", name: "ООО Бета", inn: companyINN(770_100_002), kpp: kpp, owner: "005A")
        world.account("sf_b", "b2", name: "Бета", inn: companyINN(770_100_002), kpp: kpp, owner: "005A")
        world.account("sf_a", "c1", name: "ООО Гамма", inn: companyINN(770_100_003), kpp: kpp, owner: "005B")
        try await world.sync()
        let entries = try await OwnerReport(database: world.db.database).entries()
        // Alpha: two CRMs, two managers. Beta: two CRMs but owner ids that only look alike (each means something
        // only in its CRM), so also listed. Gamma: one CRM.
        let alpha = try await world.golden("sf_a", "a1")
        let beta = try await world.golden("sf_a", "b1")
        #expect(Set(entries.map(\.goldenID)) == [alpha, beta])
        let owners = try #require(entries.first { $0.goldenID == alpha }?.owners)
        #expect(Set(owners.map { "\($0.source)/\($0.ownerID)" }) == ["sf_a/005A", "bitrix24/17"])
        // The shipped rules name Bitrix24's manager the lead owner.
        let lead = try #require(try await world.document("sf_a", "a1")["lead_owner"] as? [String: Any])
        #expect(lead["source"] as? String == "bitrix24")
    }

    @Test("export round-trips: JSON lines and CSV give back the stored values")
    func exportRoundTrips() async throws {
        let world = try SurvivorshipWorld(try TestDatabase.require)
        world.account("sf_a", "a1", name: "Alpha, \"Quoted\" LLC", inn: inn, kpp: kpp, phone: "+7 495 123-45-67")
        world.account("acc_1c", "k1", name: "ООО «Альфа»", inn: inn, kpp: kpp, phone: "8 (495) 765-43-21")
        world.contact("sf_b", "c1", first: "Анна", last: "Петрова", email: "anna@alfa.ru", optedOut: false)
        try await world.sync()
        let export = GoldenRecordExport(database: world.db.database)
        var jsonl = ""
        let written = try await export.write(format: .jsonl) { jsonl += $0; return true }
        var csv = ""
        try await export.write(format: .csv) { csv += $0; return true }
        #expect(written == 2)

        var stored: [String: GoldenRecordRepository.StoredValues] = [:]
        try await GoldenRecordRepository(database: world.db.database).forEachGolden(entity: nil, withLineage: true) {
            stored[$0.goldenID.uuidString.lowercased()] = $0
        }
        for line in jsonl.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try #require(object["golden_id"] as? String)
            let record = try #require(stored[id])
            let attributes = try #require(object["attributes"] as? NSDictionary)
            let expected = try #require(
                try JSONSerialization.jsonObject(with: Data(record.attributesJSON.utf8)) as? NSDictionary)
            #expect(attributes == expected)
            let lineage = try #require(object["lineage"] as? [Any])
            #expect(lineage.count == LineageDocument.entries(record.lineageJSON).count)
            #expect(!lineage.isEmpty)
            for entry in lineage {
                let data = try JSONSerialization.data(withJSONObject: entry)
                _ = try JSONDecoder().decode(AttributeLineage.self, from: data)
            }
        }

        let rows = try CSVTestReader.rows(csv)
        #expect(rows.first == GoldenRecordExport.csvHeader)
        #expect(rows.count == 3)
        for row in rows.dropFirst() {
            let record = try #require(stored[row[0]])
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(record.attributesJSON.utf8)) as? [String: Any])
            for (index, column) in GoldenRecordExport.csvHeader.enumerated().dropFirst(5) {
                let expected: String =
                    switch document[column] {
                    case let text as String: text
                    case let list as [String]: list.joined(separator: "; ")
                    default: ""
                    }
                #expect(row[index] == expected, "\(column) of \(row[0])")
            }
        }
    }
}

/// A small RFC 4180 reader for checking what golden writes (quoted cells, doubled quotes, commas).
enum CSVTestReader {
    static func rows(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        while let next = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if next == "\"" {
                    if let after = iterator.next() {
                        if after == "\"" { cell.append("\"") } else { quoted = false; pending = after }
                    } else { quoted = false }
                } else {
                    cell.append(next)
                }
                continue
            }
            switch next {
            case "\"": quoted = true
            case ",": row.append(cell); cell = ""
            case "\n": row.append(cell); rows.append(row); row = []; cell = ""
            default: cell.append(next)
            }
        }
        if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
        return rows
    }
}
