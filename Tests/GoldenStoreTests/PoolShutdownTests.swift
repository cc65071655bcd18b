import GoldenTestSupport
import Testing

@testable import GoldenStore

/// A command's pool is cancelled when its work is done; a pool that never returns from `run()` must not hang it.
@Suite struct PoolShutdownTests {
    let logger = TestDatabase.makeLogger()

    @Test("a pool that ends on cancellation is waited for")
    func waitsForAPoolThatEnds() async {
        let pool = Task<Void, Never> { try? await Task.sleep(for: .seconds(3_600)) }
        #expect(await GoldenDatabase.stop(pool, logger: logger, grace: .seconds(60)))
        #expect(pool.isCancelled)
    }

    @Test("a pool that never returns is given up after the grace period")
    func givesUpOnAStuckPool() async {
        // Ignores its cancellation and never finishes, as the stuck pool did.
        let pool = Task<Void, Never> { await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in } }
        #expect(await !GoldenDatabase.stop(pool, logger: logger, grace: .milliseconds(200)))
    }
}
