import Foundation
import GoldenStore
import GoldenTestSupport
import Matching
import PostgresNIO
import Testing

/// The live count and digest landing keeps per source and entity must always be what a scan of the live records
/// gives: a golden run that trusted a wrong one would skip changes, or run for nothing.
@Suite("Source fingerprints", .database)
struct SourceFingerprintTests {
    /// Per source and entity: the kept row, and the scan of `source_records` the migration and the old check ran.
    static func keptAndScanned(_ db: TestDatabase) async throws -> (kept: [String], scanned: [String]) {
        func read(_ query: PostgresQuery) async throws -> [String] {
            var rows: [String] = []
            for try await (source, entity, live, digest) in try await db.client.query(query).decode(
                (String, String, Int, Int).self)
            {
                rows.append("\(source)/\(entity): \(live) \(digest)")
            }
            return rows
        }
        let kept = try await read(
            "SELECT source, entity, live, digest FROM source_fingerprints WHERE live <> 0 OR digest <> 0 ORDER BY 1, 2")
        let scanned = try await read(
            """
            SELECT source, entity, count(*)::bigint,
                   coalesce(bit_xor(uuid_hash_extended(source_record_id, version)), 0)
            FROM source_records WHERE NOT deleted GROUP BY source, entity ORDER BY 1, 2
            """)
        return (kept, scanned)
    }

    /// Each live record's source, entity and version.
    static func live(_ db: TestDatabase) async throws -> [UUID: String] {
        var live: [UUID: String] = [:]
        for try await (id, source, entity, version) in try await db.client.query(
            "SELECT source_record_id, source, entity, version FROM source_records WHERE NOT deleted"
        ).decode((UUID, String, String, Int).self) {
            live[id] = "\(source)/\(entity) \(version)"
        }
        return live
    }

    /// The landing log: per `source/entity`, each batch number's ids; and the batch counters.
    static func logged(_ db: TestDatabase) async throws -> (log: [String: [Int64: Set<UUID>]], counters: [String: Int64]) {
        var log: [String: [Int64: Set<UUID>]] = [:]
        for try await (source, entity, batch, packed) in try await db.client.query(
            "SELECT source, entity, batch, ids FROM landing_changes"
        ).decode((String, String, Int64, ByteBuffer).self) {
            var buffer = packed
            var ids: Set<UUID> = []
            while let b = buffer.readBytes(length: 16) {
                ids.insert(
                    UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])))
            }
            #expect(buffer.readableBytes == 0)
            log["\(source)/\(entity)", default: [:]][batch] = ids
        }
        var counters: [String: Int64] = [:]
        for try await (source, entity, batches) in try await db.client.query(
            "SELECT source, entity, batches FROM source_fingerprints"
        ).decode((String, String, Int64).self) {
            counters["\(source)/\(entity)"] = batches
        }
        return (log, counters)
    }

    @Test("each landing batch logs, under the next number of its source and entity, exactly the records whose live version it changed")
    func logsChangedRecords() async throws {
        let db = try TestDatabase.require
        for source in ["crm_a", "crm_b"] {
            try await SourceRepository(database: db.database).register(name: source, kind: "salesforce")
        }
        let landing = LandingRepository(database: db.database)
        var batches = SeededLandingBatches(seed: 26, keys: 50, personSuffix: "3")
        var quietRounds = 0
        for round in 0..<14 {
            let source = round % 3 == 2 ? "crm_b" : "crm_a"
            // Every fifth round sends only what was sent already: nothing changes, nothing is logged.
            let batch = batches.next(source: source, size: 30, quiet: round % 5 == 4)
            let liveBefore = try await Self.live(db)
            let before = try await Self.logged(db)
            _ = try await landing.land(batch, source: source, runID: nil)
            let liveAfter = try await Self.live(db)
            let after = try await Self.logged(db)
            // Changed: live before and not after, or after and not before, or live in both at another version.
            var expected: [String: Set<UUID>] = [:]
            for id in Set(liveBefore.keys).union(liveAfter.keys) where liveBefore[id] != liveAfter[id] {
                let entry = liveAfter[id] ?? liveBefore[id]!
                expected[String(entry.prefix { $0 != " " }), default: []].insert(id)
            }
            if expected.isEmpty { quietRounds += 1 }
            for key in Set(after.log.keys).union(expected.keys).union(after.counters.keys) {
                let added = after.log[key, default: [:]].filter { before.log[key]?[$0.key] == nil }
                let previous = before.counters[key] ?? 0
                if let ids = expected[key] {
                    #expect(added == [previous + 1: ids], "round \(round), \(key)")
                    #expect(after.counters[key] == previous + 1, "round \(round), \(key)")
                } else {
                    #expect(added.isEmpty, "round \(round), \(key)")
                    #expect(after.counters[key] ?? 0 == previous, "round \(round), \(key)")
                }
                // Nothing logged before changes, and the numbers run without a gap.
                #expect(after.log[key, default: [:]].filter { before.log[key]?[$0.key] != nil }.count
                    == before.log[key, default: [:]].count)
                #expect(Set(after.log[key, default: [:]].keys) == Set((0..<(after.counters[key] ?? 0)).map { $0 + 1 }))
            }
        }
        #expect(quietRounds >= 2)
        #expect(try await Self.logged(db).log.count == 4)
    }

    @Test("seeded landings of new, edited, deleted, undeleted, repeated and unchanged records keep them equal to the scan")
    func equalsScan() async throws {
        let db = try TestDatabase.require
        for source in ["crm_a", "crm_b"] {
            try await SourceRepository(database: db.database).register(name: source, kind: "salesforce")
        }
        let landing = LandingRepository(database: db.database)
        var batches = SeededLandingBatches(seed: 25, keys: 60, personSuffix: "7")
        for round in 0..<12 {
            let source = round % 3 == 2 ? "crm_b" : "crm_a"
            let batch = batches.next(source: source, size: 40)
            _ = try await landing.land(batch, source: source, runID: nil)
            let (kept, scanned) = try await Self.keptAndScanned(db)
            #expect(kept == scanned, "round \(round)")
            #expect(!scanned.isEmpty)
        }
        #expect(batches.sawDeletion && batches.sawUndeletion)
        // Both sources and both entities were moved.
        let (kept, _) = try await Self.keptAndScanned(db)
        #expect(Set(kept.map { $0.prefix { $0 != ":" } }).count == 4, "\(kept)")
    }

    @Test("a refused batch moves nothing")
    func failedBatchMovesNothing() async throws {
        let db = try TestDatabase.require
        try await SourceRepository(database: db.database).register(name: "crm_a", kind: "salesforce")
        let landing = LandingRepository(database: db.database)
        _ = try await landing.land(
            (0..<10).map { landingRecord("a\($0)", payload: #"{"Name":"A\#($0)"}"#) }, source: "crm_a", runID: nil)
        let before = try await Self.keptAndScanned(db)
        // A record of another source in the batch: refused whole, before anything is written.
        await #expect(throws: (any Error).self) {
            _ = try await landing.land(
                [landingRecord("a1", payload: #"{"Name":"changed"}"#),
                 landingRecord("x", payload: "{}", source: "crm_b")],
                source: "crm_a", runID: nil)
        }
        // A batch of a source not registered: refused inside its transaction, under the source's lock.
        await #expect(throws: (any Error).self) {
            _ = try await landing.land(
                [landingRecord("z", payload: #"{"Name":"Z"}"#, source: "crm_z")], source: "crm_z", runID: nil)
        }
        let after = try await Self.keptAndScanned(db)
        #expect(after.kept == before.kept && after.kept == after.scanned)
        #expect(after.kept.count == 1)
    }
}

/// Seeded batches of a source's records: each drawn key is new, edited, deleted, undeleted or sent again unchanged,
/// and persons and organizations share no key (an entity stays with its key, as a source's objects do).
struct SeededLandingBatches {
    var random: SeededGenerator
    let keys: Int
    /// Keys ending so are persons.
    let personSuffix: String
    /// Each key's current payload and deletion flag as last sent.
    var sent: [String: (payload: Int, deleted: Bool)] = [:]
    var sawDeletion = false
    var sawUndeletion = false

    init(seed: UInt64, keys: Int, personSuffix: String) {
        random = SeededGenerator(seed: seed)
        self.keys = keys
        self.personSuffix = personSuffix
    }

    /// `size` draws for `source`; `quiet` sends only keys sent before, as they were (nothing changes).
    mutating func next(source: String, size: Int, quiet: Bool = false) -> [LandingRecord] {
        var batch: [LandingRecord] = []
        for _ in 0..<size {
            let key = "k\(Int.random(in: 0..<keys, using: &random))"
            let entity: LandingRecord.Entity = key.hasSuffix(personSuffix) ? .person : .organization
            let slot = "\(source)/\(key)"
            var state = sent[slot] ?? (payload: 0, deleted: false)
            if quiet {
                guard sent[slot] != nil else { continue }
            } else {
                switch Int.random(in: 0..<6, using: &random) {
                case 0: state.deleted = true
                case 1: state.deleted = false
                case 2, 3: state.payload += 1
                default: break  // unchanged, or new at payload 0
                }
            }
            if state.deleted, sent[slot]?.deleted == false { sawDeletion = true }
            if !state.deleted, sent[slot]?.deleted == true { sawUndeletion = true }
            sent[slot] = state
            batch.append(
                landingRecord(
                    key, payload: #"{"Name":"\#(key) v\#(state.payload)","deleted":\#(state.deleted)}"#,
                    source: source, entity: entity, deleted: state.deleted))
        }
        return batch
    }
}
