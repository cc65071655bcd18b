import Crypto
import Foundation
import GoldenStore
import GoldenTestSupport
import PostgresNIO
import Testing

/// A landing record whose hash follows its payload, as the sync engine builds them.
func landingRecord(
    _ key: String, payload: String, source: String = "crm_a", entity: LandingRecord.Entity = .organization,
    deleted: Bool = false, quarantine: [QuarantinedValue] = [], blocking: BlockingColumns = BlockingColumns()
) -> LandingRecord {
    LandingRecord(
        source: source, sourceKey: key, entity: entity, modifiedAt: Date(timeIntervalSince1970: 1_716_238_172.5),
        deleted: deleted, payloadJSON: payload, contentHash: Array(SHA256.hash(data: Data(payload.utf8))),
        attributesJSON: payload, blocking: blocking, quarantine: quarantine)
}

func count(_ db: TestDatabase, _ query: PostgresQuery) async throws -> Int {
    var result = 0
    for try await value in try await db.client.query(query).decode(Int.self) { result = value }
    return result
}

@Suite("Landing", .database)
struct LandingRepositoryTests {
    @Test("new records land once; rerunning the same batch is a no-op")
    func rerunIsNoOp() async throws {
        let db = try TestDatabase.require
        try await SourceRepository(database: db.database).register(name: "crm_a", kind: "salesforce")
        let landing = LandingRepository(database: db.database)
        let batch = (0..<50).map { landingRecord("acc-\($0)", payload: #"{"Name":"Ромашка \#($0)"}"#) }

        let first = try await landing.land(batch, source: "crm_a", runID: nil)
        #expect(first == LandingCounts(received: 50, newVersions: 50, quarantined: 0, deleted: 0))
        let second = try await landing.land(batch, source: "crm_a", runID: nil)
        #expect(second == LandingCounts(received: 50, newVersions: 0, quarantined: 0, deleted: 0))
        #expect(try await count(db, "SELECT count(*) FROM raw_record_versions") == 50)
        #expect(try await count(db, "SELECT count(*) FROM source_records") == 50)
    }

    @Test("an edited record becomes one new version; the old payload stays in history")
    func editAppendsVersion() async throws {
        let db = try TestDatabase.require
        try await SourceRepository(database: db.database).register(name: "crm_a", kind: "salesforce")
        let landing = LandingRepository(database: db.database)
        _ = try await landing.land(
            [landingRecord("a", payload: #"{"Name":"Old"}"#), landingRecord("b", payload: #"{"Name":"B"}"#)],
            source: "crm_a", runID: nil)
        let counts = try await landing.land(
            [landingRecord("a", payload: #"{"Name":"New"}"#), landingRecord("b", payload: #"{"Name":"B"}"#)],
            source: "crm_a", runID: nil)
        #expect(counts.newVersions == 1)
        let id = GoldenIdentifiers.sourceRecordID(source: "crm_a", key: "a")
        let rows = try await db.client.query(
            "SELECT version, payload->>'Name' FROM raw_record_versions WHERE source_record_id = \(id) ORDER BY version")
        var history: [String] = []
        for try await (version, name) in rows.decode((Int, String).self) { history.append("\(version):\(name)") }
        #expect(history == ["1:Old", "2:New"])
        #expect(try await count(db, "SELECT version FROM source_records WHERE source_record_id = \(id)") == 2)
    }

    @Test("a deletion marks the record deleted and keeps it, with history")
    func deletionKeepsRecord() async throws {
        let db = try TestDatabase.require
        try await SourceRepository(database: db.database).register(name: "crm_a", kind: "salesforce")
        let landing = LandingRepository(database: db.database)
        _ = try await landing.land([landingRecord("a", payload: #"{"Name":"A"}"#)], source: "crm_a", runID: nil)
        let counts = try await landing.land(
            [landingRecord("a", payload: #"{"Name":"A","IsDeleted":true}"#, deleted: true)], source: "crm_a", runID: nil)
        #expect(counts.deleted == 1)
        #expect(try await count(db, "SELECT count(*) FROM source_records WHERE deleted") == 1)
        #expect(try await count(db, "SELECT count(*) FROM raw_record_versions") == 2)
    }

    @Test("bad values go to quarantine with the version they came in; the record still lands")
    func quarantine() async throws {
        let db = try TestDatabase.require
        try await SourceRepository(database: db.database).register(name: "crm_a", kind: "salesforce")
        let landing = LandingRepository(database: db.database)
        let bad = QuarantinedValue(
            field: "inn", rawValue: "7707083894", reasonCode: "inn.bad_checksum", reason: "INN check digit is wrong")
        let counts = try await landing.land(
            [landingRecord("a", payload: #"{"INN__c":"7707083894"}"#, quarantine: [bad])], source: "crm_a", runID: nil)
        #expect(counts.quarantined == 1)
        let rows = try await db.client.query("SELECT field, raw_value, reason_code, version FROM quarantine")
        for try await (field, raw, code, version) in rows.decode((String, String, String, Int).self) {
            #expect(field == "inn")
            #expect(raw == "7707083894")
            #expect(code == "inn.bad_checksum")
            #expect(version == 1)
        }
        // Landing the same record again adds no second quarantine row.
        let again = try await landing.land(
            [landingRecord("a", payload: #"{"INN__c":"7707083894"}"#, quarantine: [bad])], source: "crm_a", runID: nil)
        #expect(again.quarantined == 0)
    }

    @Test("a new version closes its record's earlier quarantine; its own bad values open new rows; history stays")
    func newVersionSupersedesQuarantine() async throws {
        let db = try TestDatabase.require
        try await SourceRepository(database: db.database).register(name: "crm_a", kind: "salesforce")
        let landing = LandingRepository(database: db.database)
        let bad = QuarantinedValue(
            field: "inn", rawValue: "7707083894", reasonCode: "inn.bad_checksum", reason: "INN check digit is wrong")
        func open() async throws -> Int {
            try await count(db, "SELECT count(*) FROM quarantine WHERE resolved_at IS NULL")
        }
        _ = try await landing.land(
            [landingRecord("a", payload: #"{"INN__c":"7707083894"}"#, quarantine: [bad]),
             landingRecord("b", payload: #"{"INN__c":"7707083894","b":1}"#, quarantine: [bad])],
            source: "crm_a", runID: nil)
        #expect(try await open() == 2)
        // The CRM fixed record a: its old value is no longer an open problem. Record b did not change.
        _ = try await landing.land([landingRecord("a", payload: #"{"INN__c":"7707083893"}"#)], source: "crm_a", runID: nil)
        #expect(try await open() == 1)
        #expect(try await count(db, "SELECT count(*) FROM quarantine WHERE resolved_at IS NOT NULL AND resolved_by IS NULL") == 1)
        // A third version that is bad again opens a row of its own, for version 3.
        _ = try await landing.land(
            [landingRecord("a", payload: #"{"INN__c":"7707083894","x":3}"#, quarantine: [bad])], source: "crm_a", runID: nil)
        #expect(try await open() == 2)
        #expect(try await count(db, "SELECT count(*) FROM quarantine WHERE resolved_at IS NULL AND version = 3") == 1)
        #expect(try await count(db, "SELECT count(*) FROM quarantine") == 3, "nothing is deleted")
    }

    @Test("two versions of one record in one batch both land, in order")
    func duplicatesInBatch() async throws {
        let db = try TestDatabase.require
        try await SourceRepository(database: db.database).register(name: "crm_a", kind: "salesforce")
        let counts = try await LandingRepository(database: db.database).land(
            [landingRecord("a", payload: #"{"v":1}"#), landingRecord("a", payload: #"{"v":2}"#)],
            source: "crm_a", runID: nil)
        #expect(counts.newVersions == 2)
        let rows = try await db.client.query("SELECT attributes->>'v' FROM source_records")
        for try await value in rows.decode(String.self) { #expect(value == "2") }
    }

    @Test("a batch mixing new, changed, unchanged and repeated records lands each as the plan says")
    func mixedBatch() async throws {
        let db = try TestDatabase.require
        try await SourceRepository(database: db.database).register(name: "crm_a", kind: "salesforce")
        let landing = LandingRepository(database: db.database)
        _ = try await landing.land(
            [landingRecord("old", payload: #"{"v":1}"#), landingRecord("same", payload: #"{"v":1}"#)],
            source: "crm_a", runID: nil)
        let counts = try await landing.land(
            [
                landingRecord("old", payload: #"{"v":2}"#), landingRecord("same", payload: #"{"v":1}"#),
                landingRecord("new", payload: #"{"v":1}"#), landingRecord("new", payload: #"{"v":3}"#),
                landingRecord("old", payload: #"{"v":2}"#, deleted: true),
            ], source: "crm_a", runID: nil)
        #expect(counts == LandingCounts(received: 5, newVersions: 4, quarantined: 0, deleted: 1))
        let rows = try await db.client.query(
            "SELECT source_key, version, deleted, attributes->>'v' FROM source_records ORDER BY source_key")
        var current: [String] = []
        for try await (key, version, deleted, value) in rows.decode((String, Int, Bool, String).self) {
            current.append("\(key) v\(version) \(deleted ? "deleted" : "live") \(value)")
        }
        #expect(current == ["new v2 live 3", "old v3 deleted 2", "same v1 live 1"])
        #expect(try await count(db, "SELECT count(*) FROM raw_record_versions") == 6)
    }

    @Test("two landings of one source at once serialize: every version lands once, numbered without gaps")
    func concurrentLandings() async throws {
        let db = try TestDatabase.require
        try await SourceRepository(database: db.database).register(name: "crm_a", kind: "salesforce")
        let landing = LandingRepository(database: db.database)
        let first = (0..<300).map { landingRecord("acc-\($0)", payload: #"{"v":"first \#($0)"}"#) }
        let second = (0..<300).map { landingRecord("acc-\($0)", payload: #"{"v":"second \#($0)"}"#) }
        async let one = landing.land(first, source: "crm_a", runID: nil)
        async let two = landing.land(second, source: "crm_a", runID: nil)
        let counts = try await [one, two]
        #expect(counts.map(\.newVersions) == [300, 300])
        #expect(try await count(db, "SELECT count(*) FROM raw_record_versions") == 600)
        #expect(try await count(db, "SELECT count(*) FROM source_records WHERE version = 2") == 300)
        #expect(
            try await count(
                db,
                """
                SELECT count(*) FROM source_records r JOIN raw_record_versions v
                ON v.source_record_id = r.source_record_id AND v.version = r.version
                WHERE v.content_sha256 = r.content_sha256
                """) == 300)
    }

    @Test("timestamps, ids and numbers are written exactly: what lands reads back the same")
    func valuesRoundTrip() async throws {
        let db = try TestDatabase.require
        try await SourceRepository(database: db.database).register(name: "crm_a", kind: "salesforce")
        let instants = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_716_238_172.123456),
            Date(timeIntervalSince1970: -86_400.5), Date(timeIntervalSince1970: 4_102_444_799.999999),
        ]
        var batch: [LandingRecord] = []
        for (index, instant) in instants.enumerated() {
            var record = landingRecord("t\(index)", payload: #"{"i":\#(index)}"#)
            record.modifiedAt = instant
            batch.append(record)
        }
        _ = try await LandingRepository(database: db.database).land(batch, source: "crm_a", runID: nil)
        for (index, instant) in instants.enumerated() {
            let id = GoldenIdentifiers.sourceRecordID(source: "crm_a", key: "t\(index)")
            let rows = try await db.client.query(
                """
                SELECT (extract(epoch FROM modified_at) * 1000000)::bigint, source_record_id::text
                FROM source_records WHERE source_record_id = \(id)
                """)
            var found = 0
            for try await (micros, text) in rows.decode((Int64, String).self) {
                found += 1
                #expect(micros == Int64((instant.timeIntervalSince1970 * 1_000_000).rounded()))
                #expect(text == id.uuidString.lowercased())
            }
            #expect(found == 1)
        }
    }

    @Test("awkward text survives COPY: tabs, newlines, backslashes, quotes, Cyrillic")
    func copyEscaping() async throws {
        let db = try TestDatabase.require
        try await SourceRepository(database: db.database).register(name: "crm_a", kind: "salesforce")
        let name = "ООО «Ромашка»\t\\ \"q\" \n next"
        let payload = String(data: try JSONEncoder().encode(["Name": name]), encoding: .utf8)!
        let blocking = BlockingColumns(
            inn: "7707083893", nameKey: "romashka", emailKeys: ["a,b@x.example", "q\"uote@x.example", "back\\slash"],
            phoneKeys: ["+74951234567"])
        _ = try await LandingRepository(database: db.database).land(
            [landingRecord("tab\tkey", payload: payload, blocking: blocking)], source: "crm_a", runID: nil)
        let rows = try await db.client.query(
            "SELECT source_key, payload->>'Name', email_keys, phone_keys, inn FROM source_records JOIN raw_record_versions USING (source_record_id)")
        var seen = 0
        for try await (key, stored, emails, phones, inn) in rows.decode((String, String, [String], [String], String).self) {
            seen += 1
            #expect(key == "tab\tkey")
            #expect(stored == name)
            #expect(emails == ["a,b@x.example", "q\"uote@x.example", "back\\slash"])
            #expect(phones == ["+74951234567"])
            #expect(inn == "7707083893")
        }
        #expect(seen == 1)
    }

    @Test("the watermark moves with the batch, and not when the batch fails")
    func watermark() async throws {
        let db = try TestDatabase.require
        let sources = SourceRepository(database: db.database)
        try await sources.register(name: "crm_a", kind: "salesforce")
        let landing = LandingRepository(database: db.database)
        _ = try await landing.land(
            [landingRecord("a", payload: "{}")], source: "crm_a", runID: nil,
            watermark: .init(entity: "organization", value: "2024-05-20T20:49:32Z"))
        #expect(try await sources.watermark(source: "crm_a", entity: "organization") == "2024-05-20T20:49:32Z")

        // A record of another source breaks the batch: nothing of it lands and the watermark stays.
        await #expect(throws: StoreError.self) {
            _ = try await landing.land(
                [landingRecord("b", payload: "{}"), landingRecord("c", payload: "{}", source: "unknown")],
                source: "crm_a", runID: nil, watermark: .init(entity: "organization", value: "2024-06-01T00:00:00Z"))
        }
        #expect(try await sources.watermark(source: "crm_a", entity: "organization") == "2024-05-20T20:49:32Z")
        #expect(try await count(db, "SELECT count(*) FROM source_records") == 1)
    }

    @Test("a batch of an unregistered source is refused by name, and nothing lands")
    func unregisteredSource() async throws {
        let db = try TestDatabase.require
        let error = await #expect(throws: StoreError.self) {
            _ = try await LandingRepository(database: db.database).land(
                [landingRecord("a", payload: "{}", source: "ghost")], source: "ghost", runID: nil)
        }
        #expect(error?.code == .invalidLandingBatch)
        #expect(error?.message.contains("'ghost'") == true)
        #expect(try await count(db, "SELECT count(*) FROM source_records") == 0)
        #expect(try await count(db, "SELECT count(*) FROM raw_record_versions") == 0)
    }

    @Test("source record ids are deterministic name-based UUIDs; run ids are time-ordered")
    func identifiers() {
        let a = GoldenIdentifiers.sourceRecordID(source: "crm_a", key: "001")
        #expect(a == GoldenIdentifiers.sourceRecordID(source: "crm_a", key: "001"))
        #expect(a != GoldenIdentifiers.sourceRecordID(source: "crm_b", key: "001"))
        #expect(a != GoldenIdentifiers.sourceRecordID(source: "crm_a0", key: "01"))
        #expect(a.uuidString.dropFirst(14).first == "5")
        let early = GoldenIdentifiers.timeOrdered(now: Date(timeIntervalSince1970: 1_700_000_000))
        let late = GoldenIdentifiers.timeOrdered(now: Date(timeIntervalSince1970: 1_700_000_001))
        #expect(early.uuidString < late.uuidString)
        #expect(late.uuidString.dropFirst(14).first == "7")
    }
}
