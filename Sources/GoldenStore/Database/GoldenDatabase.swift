import Logging
import PostgresNIO
import ServiceLifecycle

/// The store's handle on PostgreSQL: one `PostgresClient` pool that every repository shares.
///
/// The pool is a long-running service: ``run()`` must be running (the database itself is the `Service` to add to
/// the application's `ServiceGroup`, or use ``withRunning(_:)``) or every query waits forever.
///
/// The pool stays inside the store (SQL lives in GoldenStore only): other modules get repositories.
public struct GoldenDatabase: Sendable, Service {
    let client: PostgresClient
    public let configuration: DatabaseConfiguration
    public let logger: Logger

    public init(configuration: DatabaseConfiguration, logger: Logger) {
        self.configuration = configuration
        self.client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
        self.logger = logger
    }

    /// Runs the connection pool until the task is cancelled or the service group shuts down gracefully.
    ///
    /// - Important: a pool runs once: run a `GoldenDatabase` either as a service or through ``withRunning(_:)``.
    public func run() async throws {
        await client.run()
    }

    /// Runs `body` while the client's pool is running, then shuts the pool down.
    ///
    /// For one-shot commands (`golden migrate`) and tests. Servers add the database to their `ServiceGroup` instead.
    ///
    /// - Important: a `PostgresClient` runs once: call this at most once per `GoldenDatabase`.
    @discardableResult
    public func withRunning<Result: Sendable>(
        _ body: @Sendable (GoldenDatabase) async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            // Let the pool start before the first lease (PostgresNIO warns about a lease before `run()` otherwise).
            await Task.yield()
            defer { group.cancelAll() }
            return try await body(self)
        }
    }

    /// Applies every pending migration of this build.
    @discardableResult
    public func migrate() async throws -> MigrationReport {
        try await Migrator(migrations: Migration.all).migrate(on: client, logger: logger)
    }
}
