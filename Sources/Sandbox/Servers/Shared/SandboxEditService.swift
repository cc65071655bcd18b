import ServiceLifecycle

/// Scripted edits between sync runs while `golden sandbox serve` runs: every `interval`, each store gets
/// ``SandboxRecordStore/applyEdits(rate:seed:)`` with the next seed, so the next incremental pull has work.
public struct SandboxEditService: Service {
    let stores: [SandboxRecordStore]
    let rate: Double
    let interval: Duration
    let seed: UInt64

    public init(stores: [SandboxRecordStore], rate: Double, interval: Duration, seed: UInt64) {
        self.stores = stores
        self.rate = rate
        self.interval = interval
        self.seed = seed
    }

    public func run() async throws {
        var round: UInt64 = 0
        // Ends quietly on graceful shutdown or cancellation.
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await gracefulShutdownAwareSleep(interval)
            } catch {
                return
            }
            round += 1
            for store in stores { await store.applyEdits(rate: rate, seed: seed &+ round) }
        }
    }

    private func gracefulShutdownAwareSleep(_ duration: Duration) async throws {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }
}
