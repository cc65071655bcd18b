import Foundation
import GoldenTestSupport
import PostgresNIO
import Testing

@testable import GoldenStore

/// A dry run works on a scratch copy of the store; a dry run killed before it dropped its copy must not leave the
/// copy behind for ever, and a live dry run's copy must never be dropped under it.
@Suite("Scratch copies", .database)
struct ScratchCopyTests {
    func exists(_ schema: String, _ db: TestDatabase) async throws -> Bool {
        let rows = try await db.client.query(
            "SELECT count(*) FROM pg_namespace WHERE nspname = \(schema)", logger: db.logger)
        for try await count in rows.decode(Int.self) { return count == 1 }
        return false
    }

    @Test("the copy of a killed dry run is dropped by the next one; a live copy stays; a finished copy is gone")
    func abandonedCopiesAreDropped() async throws {
        let db = try TestDatabase.require
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        // A killed run: its schema exists and nobody holds its lock.
        let dead = GoldenDatabase.scratchPrefix + "dead" + suffix
        // A running one: another session holds its lock.
        let live = GoldenDatabase.scratchPrefix + "live" + suffix
        try await db.database.createSchema(dead)
        try await db.database.createSchema(live)
        let lockClass = GoldenDatabase.scratchLockClass
        try await db.client.withConnection { holder in
            try await holder.query("SELECT pg_advisory_lock(\(lockClass), hashtext(\(live)))", logger: db.logger)
            let seen = try await db.database.withScratchCopy { copy in
                // The copy is a working store: the migrated tables are there.
                let rows = try await copy.client.query("SELECT count(*) FROM sources", logger: db.logger)
                for try await count in rows.decode(Int.self) { return count }
                return -1
            }
            #expect(seen == 0)
            #expect(try await !exists(dead, db), "the killed run's copy is dropped")
            #expect(try await exists(live, db), "a copy whose owner is alive stays")
            try await holder.query("SELECT pg_advisory_unlock(\(lockClass), hashtext(\(live)))", logger: db.logger)
        }
        try await db.database.dropAbandonedScratchCopies()
        #expect(try await !exists(live, db), "once its owner is gone, it is dropped too")
        let left = try await db.client.query(
            "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'golden\\_dry\\_run\\_%' AND nspname LIKE \("%" + suffix)",
            logger: db.logger)
        for try await count in left.decode(Int.self) { #expect(count == 0) }
    }
}
