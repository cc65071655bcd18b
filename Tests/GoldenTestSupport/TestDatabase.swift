import Foundation
import GoldenStore
import Logging
import PostgresNIO
import Testing

/// A fresh PostgreSQL schema for one test: storage tests run against the real database, in parallel.
///
/// `scripts/test` starts the private cluster and exports `DATABASE_URL`. Each test that uses the
/// ``Trait/database`` trait gets its own schema (`t_<random>`), a migrated store in it, and the schema is
/// dropped afterwards. Without `DATABASE_URL` the test fails with a message that says how to run it.
public struct TestDatabase: Sendable {
    @TaskLocal public static var current: TestDatabase?

    public let database: GoldenDatabase
    public let schema: String
    /// A pool of the test's own on the same schema, for assertions written in SQL and for setting up states no
    /// repository produces. The store keeps its pool to itself (SQL lives in GoldenStore); a test inspecting the
    /// tables is not production code, so it brings its own connection rather than reaching into the store's.
    public let client: PostgresClient

    public var logger: Logger { database.logger }

    /// The database under test, for use inside a test that has the `.database` trait.
    public static var require: TestDatabase {
        get throws {
            guard let current else {
                throw TestDatabaseError("this test needs the `.database` trait")
            }
            return current
        }
    }

    public static func baseConfiguration() throws -> DatabaseConfiguration {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw TestDatabaseError("DATABASE_URL is not set: run the tests with scripts/test, which starts PostgreSQL")
        }
        return try DatabaseConfiguration(url: url)
    }

    public static func makeLogger(_ label: String = "golden.test") -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = ProcessInfo.processInfo.environment["GOLDEN_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .critical
        return logger
    }

    /// Runs `body` with a new empty schema (migrated unless `migrated` is false), then drops the schema.
    public static func withFreshSchema<Result: Sendable>(
        migrated: Bool = true,
        _ body: @Sendable (TestDatabase) async throws -> Result
    ) async throws -> Result {
        let base = try baseConfiguration()
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
        let logger = makeLogger()
        let admin = GoldenDatabase(configuration: base.with(searchPath: nil), logger: logger)
        try await admin.withRunning { try await $0.createSchema(schema) }
        var configuration = base.with(searchPath: schema)
        configuration.maximumConnections = 8
        let database = GoldenDatabase(configuration: configuration, logger: logger)
        let result: Result
        do {
            result = try await withProbe(configuration: configuration, logger: logger) { probe in
                try await database.withRunning { database in
                    if migrated { try await database.migrate() }
                    return try await body(TestDatabase(database: database, schema: schema, client: probe))
                }
            }
        } catch {
            try? await dropSchema(schema, base: base, logger: logger)
            throw error
        }
        try await dropSchema(schema, base: base, logger: logger)
        return result
    }

    private static func dropSchema(_ schema: String, base: DatabaseConfiguration, logger: Logger) async throws {
        let admin = GoldenDatabase(configuration: base.with(searchPath: nil), logger: logger)
        try await admin.withRunning { try await $0.dropSchema(schema) }
    }

    /// Runs `body` with the test's own small pool on the schema (it opens connections only when a test queries).
    private static func withProbe<Result: Sendable>(
        configuration: DatabaseConfiguration, logger: Logger, _ body: (PostgresClient) async throws -> Result
    ) async throws -> Result {
        var configuration = configuration
        configuration.maximumConnections = 2
        let probe = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await probe.run() }
            defer { group.cancelAll() }
            return try await body(probe)
        }
    }
}

public struct TestDatabaseError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Gives each test in a suite (or one test) a fresh, migrated schema, available as `TestDatabase.require`.
public struct DatabaseTrait: TestTrait, SuiteTrait, TestScoping {
    let migrated: Bool

    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        // Suites get the trait recursively; only the test cases themselves need a schema.
        guard testCase != nil else {
            try await function()
            return
        }
        try await TestDatabase.withFreshSchema(migrated: migrated) { database in
            try await TestDatabase.$current.withValue(database) {
                try await function()
            }
        }
    }
}

extension Trait where Self == DatabaseTrait {
    /// A fresh migrated schema per test.
    public static var database: DatabaseTrait { DatabaseTrait(migrated: true) }
    /// A fresh empty schema per test (for migration tests).
    public static var emptyDatabase: DatabaseTrait { DatabaseTrait(migrated: false) }
}
