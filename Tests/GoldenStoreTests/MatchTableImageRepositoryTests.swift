import Foundation
import GoldenStore
import GoldenTestSupport
import PostgresNIO
import Testing

@Suite("Stored match table images", .database)
struct MatchTableImageRepositoryTests {
    @Test("an image written in parts reads back whole; a replaced image leaves no old part; a missing part reads as none")
    func partsRoundTrip() async throws {
        let db = try TestDatabase.require
        let images = MatchTableImageRepository(database: db.database)
        #expect(try await images.load(entity: "person") == nil)
        var random = SystemRandomNumberGenerator()
        let parts = (0..<3).map { index in (0..<(1_000 + index * 7)).map { _ in UInt8.random(in: 0...255, using: &random) } }
        try await images.save(entity: "person") { emit in
            for part in parts { try await emit(part) }
        }
        #expect(try await images.load(entity: "person") == parts.flatMap { $0 })
        #expect(try await images.load(entity: "organization") == nil)

        // A shorter image replaces it entirely.
        try await images.save(entity: "person", bytes: [1, 2, 3])
        #expect(try await images.load(entity: "person") == [1, 2, 3])

        try await images.save(entity: "person") { emit in
            for part in parts { try await emit(part) }
        }
        try await db.client.query("DELETE FROM match_table_images WHERE entity = 'person' AND part = 1")
        #expect(try await images.load(entity: "person") == nil)
        try await images.remove(entity: "person")
        #expect(try await images.load(entity: "person") == nil)
    }
}
