import Foundation

/// When and how long an HTTP call to a source is retried: throttling (429, Salesforce's 403 excepted), 5xx and
/// timeouts are transient, everything else is an answer.
///
/// The delay doubles from `baseDelay` up to `maxDelay`, with full jitter so that several connectors throttled by one
/// portal don't come back in lockstep; a server's `Retry-After` wins when it asks for longer.
public struct RetryPolicy: Sendable, Hashable {
    /// Tries in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// One request's deadline (connect, send, whole response).
    public var requestTimeout: Duration

    public init(
        maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(30),
        requestTimeout: Duration = .seconds(60)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.requestTimeout = requestTimeout
    }

    public static let `default` = RetryPolicy()

    /// The pause before try number `attempt + 1` (`attempt` counts from 1).
    ///
    /// - Parameters:
    ///   - retryAfter: the server's `Retry-After`, in seconds, when it sent one.
    ///   - unit: a number in 0..<1 for the jitter; injected so that tests can pin it.
    func delay(afterAttempt attempt: Int, retryAfter: Duration?, unit: Double = .random(in: 0..<1)) -> Duration {
        let exponent = min(attempt - 1, 20)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        let jittered = ceiling * unit
        guard let retryAfter else { return jittered }
        return max(min(retryAfter, maxDelay), jittered)
    }
}
