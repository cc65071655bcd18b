import Foundation
import GoldenTestSupport
import PostgresNIO
import Testing

@testable import GoldenStore

/// `vacuumAnalyze` vacuums the store's own tables (a benchmark's schema) and nothing of other schemas.
@Suite("Vacuum", .database)
struct VacuumTests {
    @Test("every table of the store's schema is vacuumed and analyzed, and only those")
    func vacuumsTheStoresTables() async throws {
        let db = try TestDatabase.require
        func vacuumed(_ schemaFilter: String) async throws -> (tables: Int, vacuumed: Int, analyzed: Int) {
            let rows = try await db.client.query(
                """
                SELECT count(*)::int, count(last_vacuum)::int, count(last_analyze)::int FROM pg_stat_user_tables
                WHERE schemaname \(unescaped: schemaFilter)
                """, logger: db.logger)
            for try await row in rows.decode((Int, Int, Int).self) { return row }
            return (0, 0, 0)
        }
        let before = try await vacuumed("= current_schema()")
        #expect(before.tables > 20 && before.vacuumed == 0)
        let othersBefore = try await vacuumed("<> current_schema()")
        try await db.database.vacuumAnalyze()
        // The statistics collector reports a little later than the command ends.
        var after = try await vacuumed("= current_schema()")
        for _ in 0..<50 where after.vacuumed < after.tables {
            try await Task.sleep(for: .milliseconds(100))
            after = try await vacuumed("= current_schema()")
        }
        #expect(after.tables == before.tables && after.vacuumed == after.tables && after.analyzed == after.tables)
        let othersAfter = try await vacuumed("<> current_schema()")
        #expect(othersAfter.vacuumed == othersBefore.vacuumed, "no table of another schema is vacuumed")
    }
}
