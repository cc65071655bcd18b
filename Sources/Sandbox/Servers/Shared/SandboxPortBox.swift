/// The port a sandbox server bound, handed from the server's start-up callback to whoever waits for it.
actor SandboxPortBox {
    private var port: Int?
    private var failed = false
    private var waiters: [CheckedContinuation<Int, any Error>] = []

    func set(_ port: Int) {
        self.port = port
        for waiter in waiters { waiter.resume(returning: port) }
        waiters = []
    }

    func fail() {
        failed = true
        for waiter in waiters { waiter.resume(throwing: SandboxServerError.notStarted) }
        waiters = []
    }

    func wait() async throws -> Int {
        if let port { return port }
        if failed { throw SandboxServerError.notStarted }
        return try await withCheckedThrowingContinuation { waiters.append($0) }
    }
}

/// A sandbox server that stopped before it listened.
public enum SandboxServerError: Error, Sendable {
    case notStarted
}
