import GoldenStore
import Logging

/// A throwaway `bench_*` schema of the database under test: created for one benchmark, dropped after it (also when
/// it fails) unless the user keeps it to look inside.
struct BenchSchema {
    let database: DatabaseConfiguration
    let logger: Logger
    let keep: Bool

    func run<Result: Sendable>(_ body: (String) async throws -> Result) async throws -> Result {
        let schema = "bench_\(UInt32.random(in: 0...UInt32.max))"
        try await administer { try await $0.createSchema(schema) }
        do {
            let result = try await body(schema)
            if keep {
                Output.error("kept schema \(schema)")
            } else {
                try await administer { try await $0.dropSchema(schema) }
            }
            return result
        } catch {
            try? await administer { try await $0.dropSchema(schema) }
            throw error
        }
    }

    /// One schema operation on a short-lived pool outside the bench schema (a pool runs once).
    private func administer(_ operation: @Sendable (GoldenDatabase) async throws -> Void) async throws {
        let admin = GoldenDatabase(configuration: database.with(searchPath: nil), logger: logger)
        try await admin.withRunning { try await operation($0) }
    }
}
