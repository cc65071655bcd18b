import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

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
        // Not a child task: a child would make this wait for the pool however long its shutdown takes.
        let pool = Task { await client.run() }
        // Let the pool start before the first lease (PostgresNIO warns about a lease before `run()` otherwise).
        await Task.yield()
        let result: Result
        do {
            result = try await body(self)
        } catch {
            await Self.stop(pool, logger: logger)
            throw error
        }
        await Self.stop(pool, logger: logger)
        return result
    }

    /// How long a command waits for the pool to close after its work is done.
    static let shutdownGrace = Duration.seconds(10)

    /// Cancels the pool and waits for it to close, at most ``shutdownGrace``.
    ///
    /// Once in a few dozen 1M-record benchmarks, PostgresNIO 1.33.2's pool closed every connection on cancellation
    /// and then never returned from `run()`: the command had finished its work and hung at exit, its process idle with
    /// no socket open (decisions.md). A scheduled sync must not hang there, so the wait is bounded: past it the
    /// command says so and goes on, and the process's exit ends the rest.
    /// - Returns: whether the pool closed in time.
    @discardableResult
    static func stop(_ pool: Task<Void, Never>, logger: Logger, grace: Duration = shutdownGrace) async -> Bool {
        pool.cancel()
        // Awaiting a task's value ignores cancellation, so a task group racing it against a sleep (`withTimeout` in
        // StewardServer) would itself wait for the stuck pool: two waiters race for one continuation instead.
        let first = FirstOf()
        var timer: Task<Void, Never>?
        let stopped = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            Task {
                await pool.value
                if first.claim() { continuation.resume(returning: true) }
            }
            timer = Task {
                try? await Task.sleep(for: grace)
                if first.claim() { continuation.resume(returning: false) }
            }
        }
        // Ends the sleep early; the waiter it wakes finds the continuation claimed.
        timer?.cancel()
        if !stopped {
            logger.warning(
                "the database pool did not close within the grace period; going on without it",
                metadata: ["grace_s": "\(grace.components.seconds)"])
        }
        return stopped
    }

    /// Applies every pending migration of this build.
    @discardableResult
    public func migrate() async throws -> MigrationReport {
        try await Migrator(migrations: Migration.all).migrate(on: client, logger: logger)
    }
}

/// Which of two racing waiters resumes a continuation: the first to claim.
private final class FirstOf: Sendable {
    private let open = Mutex(true)

    func claim() -> Bool {
        open.withLock { open in
            defer { open = false }
            return open
        }
    }
}
