import Foundation

/// The misbehaviour a sandbox server injects, deterministic by seed: the same plan against the same requests
/// fails the same requests and records, so a failing test can be replayed.
///
/// Rates are per request (429, 503, 500 are drawn in that order from one roll) and per written record. A
/// malformed page is the n-th page a listing endpoint serves (counted from 1 over the server's life), cut in half
/// mid-JSON, once. `requestLimit` imitates an exhausted daily allowance: every request after that many answers
/// with the vendor's limit error.
public struct FaultPlan: Sendable, Hashable {
    public var throttleRate: Double
    public var unavailableRate: Double
    public var serverErrorRate: Double
    /// Added to every answer.
    public var latency: Duration
    public var malformedPage: Int?
    public var writeFailureRate: Double
    /// `Retry-After` seconds sent with a 429 (HubSpot); `nil` sends none.
    public var retryAfterSeconds: Int?
    public var requestLimit: Int?
    public var seed: UInt64

    public init(
        throttleRate: Double = 0, unavailableRate: Double = 0, serverErrorRate: Double = 0, latency: Duration = .zero,
        malformedPage: Int? = nil, writeFailureRate: Double = 0, retryAfterSeconds: Int? = 0,
        requestLimit: Int? = nil, seed: UInt64 = 1
    ) {
        self.throttleRate = throttleRate
        self.unavailableRate = unavailableRate
        self.serverErrorRate = serverErrorRate
        self.latency = latency
        self.malformedPage = malformedPage
        self.writeFailureRate = writeFailureRate
        self.retryAfterSeconds = retryAfterSeconds
        self.requestLimit = requestLimit
        self.seed = seed
    }

    public static let none = FaultPlan()

    /// Reads the CLI form `429=0.05,503=0.02,500=0.01,latency=20ms,malformed-page=3,write-failure=0.1,limit=500`.
    ///
    /// - Throws: a message naming the item that could not be read.
    public init(parsing text: String, seed: UInt64) throws(FaultPlanError) {
        self.init(seed: seed)
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw FaultPlanError(item: item, reason: "expected name=value") }
            let (name, value) = (parts[0], parts[1])
            func rate() throws(FaultPlanError) -> Double {
                guard let rate = Double(value), (0...1).contains(rate) else {
                    throw FaultPlanError(item: item, reason: "a rate between 0 and 1")
                }
                return rate
            }
            func count() throws(FaultPlanError) -> Int {
                guard let count = Int(value), count >= 0 else {
                    throw FaultPlanError(item: item, reason: "a whole number")
                }
                return count
            }
            switch name {
            case "429": throttleRate = try rate()
            case "503": unavailableRate = try rate()
            case "500": serverErrorRate = try rate()
            case "write-failure": writeFailureRate = try rate()
            case "malformed-page": malformedPage = try count()
            case "limit": requestLimit = try count()
            case "retry-after": retryAfterSeconds = try count()
            case "latency":
                let digits = value.hasSuffix("ms") ? String(value.dropLast(2)) : value
                guard let millis = Int(digits), millis >= 0 else {
                    throw FaultPlanError(item: item, reason: "milliseconds such as 20ms")
                }
                latency = .milliseconds(millis)
            default:
                throw FaultPlanError(
                    item: item,
                    reason: "unknown fault; use 429, 503, 500, latency, malformed-page, write-failure, "
                        + "limit, retry-after")
            }
        }
    }

    /// The injected failure for request number `request` (from 1), if any.
    func fault(forRequest request: Int) -> InjectedFault? {
        if let requestLimit, request > requestLimit { return .limitExceeded }
        var rng = SplitMix64(seed: seed, 0x7265_7175, UInt64(request))
        let roll = rng.unit()
        if roll < throttleRate { return .throttled }
        if roll < throttleRate + unavailableRate { return .unavailable }
        if roll < throttleRate + unavailableRate + serverErrorRate { return .serverError }
        return nil
    }

    /// Whether the write of `recordId` in write request number `request` fails.
    func failsWrite(recordId: String, request: Int) -> Bool {
        guard writeFailureRate > 0 else { return false }
        var rng = SplitMix64(seed: seed, 0x7772_6974, SplitMix64.hash(recordId), UInt64(request))
        return rng.unit() < writeFailureRate
    }
}

/// A failure a sandbox server answers with instead of doing the work.
enum InjectedFault: Sendable {
    case throttled, unavailable, serverError, limitExceeded
}

/// A `--faults` item that could not be read.
public struct FaultPlanError: Error, Sendable, CustomStringConvertible {
    public let item: String
    public let reason: String
    public var description: String { "fault '\(item)': \(reason)" }
}
