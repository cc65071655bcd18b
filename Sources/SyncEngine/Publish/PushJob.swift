import Connectors
import Foundation
import GoldenStore
import Logging

/// Push: delivers the outbox to every writable source, in batches as large as each API takes.
///
/// Delivery is at least once, keyed by (golden id, golden version, source record). A delta the source refuses is
/// retried with exponential backoff and parked after ``maxAttempts`` (with its error, for `golden sync --json` and
/// the UI). A source that cannot be reached fails its claimed rows for a later retry and does not stop the others.
/// Deltas are absolute values keyed by record id ("set Phone to …"), so delivering one twice writes the same
/// thing twice.
public struct PushJob: Sendable {
    /// `deltas` of the sync summary.
    public struct Summary: Sendable, Codable, Hashable {
        /// Undelivered rows left in the outbox after this push (pending, failed and waiting, or in flight).
        public var queued = 0
        public var pushed = 0
        /// Refused or undeliverable this time, to be retried.
        public var failed = 0
        /// Parked for good this time (after the last attempt).
        public var parked = 0
        /// Sources whose push stopped with an error (source → message).
        public var errors: [String: String] = [:]
        /// Deltas each source accepted in this push.
        public var pushedBySource: [String: Int] = [:]
        /// Deltas each source refused or could not take in this push (retried later, or parked).
        public var failedBySource: [String: Int] = [:]
        /// Wall seconds of the push.
        public var seconds = 0.0

        enum CodingKeys: String, CodingKey {
            case queued, pushed, failed, parked, errors, seconds
            case pushedBySource = "pushed_by_source", failedBySource = "failed_by_source"
        }
    }

    let database: GoldenDatabase
    let connectors: any ConnectorFactory
    let logger: Logger
    public var maxAttempts = 5
    /// Backoff before attempt n+1 is `baseDelay × 2^(n−1)`, at most an hour.
    public var baseDelay: Duration = .seconds(30)
    /// At most this many batches per source in one push (the rest waits for the next sync).
    public var maxBatches = 10_000

    public init(database: GoldenDatabase, connectors: any ConnectorFactory, logger: Logger) {
        self.database = database
        self.connectors = connectors
        self.logger = logger
    }

    /// The largest batch each API takes in one write call.
    static func batchSize(_ kind: SourceConfiguration.Kind) -> Int {
        switch kind {
        case .salesforce: 200
        case .hubspot: 100
        case .bitrix24: 50
        case .elma365: 100
        case .oneCXML, .csv, .xlsx: 0
        }
    }

    public func run(_ sources: [SourceConfiguration]) async throws -> Summary {
        let clock = ContinuousClock()
        let start = clock.now
        var summary = Summary()
        let outbox = OutboxRepository(database: database)
        for source in sources where !source.kind.isReadOnly {
            do {
                try await push(source, outbox: outbox, summary: &summary)
            } catch {
                summary.errors[source.name] = "\(error)"
                logger.error("push failed", metadata: ["source": "\(source.name)", "error": "\(error)"])
            }
        }
        let counts = try await outbox.counts()
        summary.queued = counts.pending + counts.failed + counts.inFlight
        summary.seconds = (clock.now - start).secondsValue
        return summary
    }

    private func push(_ source: SourceConfiguration, outbox: OutboxRepository, summary: inout Summary) async throws {
        let connector = try connectors.makeConnector(for: source)
        let size = Self.batchSize(source.kind)
        let decoder = JSONDecoder()
        for _ in 0..<maxBatches {
            let rows = try await outbox.claim(source: source.name, limit: size)
            guard !rows.isEmpty else { return }
            var deltas: [String: JSONValue] = [:]
            var rowByKey: [String: OutboxRepository.Row] = [:]
            var unreadable: [OutboxRepository.Key] = []
            for row in rows {
                guard let delta = try? decoder.decode(JSONValue.self, from: Data(row.deltaJSON.utf8)) else {
                    unreadable.append(row.key)
                    continue
                }
                deltas[row.sourceKey] = delta
                rowByKey[row.sourceKey] = row
            }
            try await outbox.fail(unreadable, error: "the stored delta is not JSON", retryAt: nil)
            summary.parked += unreadable.count
            let outcomes: [String: PushOutcome]
            do {
                outcomes = try await connector.push(deltas)
            } catch let error as ConnectorError where error.code == .uncertainWrite {
                // Perhaps applied, perhaps not: never sent again as is. The golden records are recomputed by the
                // next sync against what it pulls, which sends whatever still differs as a new delta.
                let rows = Array(rowByKey.values)
                try await outbox.fail(
                    rows.map(\.key), error: "\(error.message); the next sync compares again and resends what differs",
                    retryAt: nil)
                try await GoldenRecordRepository(database: database).forgetSurvivorshipInputs(
                    Array(Set(rows.map(\.goldenID))))
                summary.parked += rows.count
                summary.failedBySource[source.name, default: 0] += rows.count
                continue
            } catch {
                // Nothing is known to have been applied: every row waits for a retry (or is parked at the end).
                try await settle(
                    Array(rowByKey.values), error: "\(error)", outbox: outbox, summary: &summary, source: source.name)
                throw error
            }
            var accepted: [OutboxRepository.Key] = []
            var refused: [(OutboxRepository.Row, String)] = []
            for (key, row) in rowByKey {
                switch outcomes[key] {
                case .accepted?: accepted.append(row.key)
                case .rejected(let code, let message, let fields)?:
                    refused.append((row, "\(code): \(message)" + (fields.isEmpty ? "" : " [\(fields.joined(separator: ", "))]")))
                case nil: refused.append((row, "the source gave no answer for this record"))
                }
            }
            try await outbox.acknowledge(accepted)
            summary.pushed += accepted.count
            summary.pushedBySource[source.name, default: 0] += accepted.count
            CrashPoint.reach(.firstPushBatch)
            for (row, error) in refused {
                try await settle([row], error: error, outbox: outbox, summary: &summary, source: source.name)
            }
            logger.info(
                "pushed", metadata: ["source": "\(source.name)", "accepted": "\(accepted.count)", "refused": "\(refused.count)"])
        }
    }

    /// Retries later with backoff, or parks after the last attempt.
    private func settle(
        _ rows: [OutboxRepository.Row], error: String, outbox: OutboxRepository, summary: inout Summary,
        source: String
    ) async throws {
        summary.failedBySource[source, default: 0] += rows.count
        let park = rows.filter { $0.attempts >= maxAttempts }.map(\.key)
        try await outbox.fail(park, error: error, retryAt: nil)
        summary.parked += park.count
        let retry = rows.filter { $0.attempts < maxAttempts }
        for attempts in Set(retry.map(\.attempts)) {
            let keys = retry.filter { $0.attempts == attempts }.map(\.key)
            let delay = min(3600, Double(baseDelay.components.seconds) * pow(2, Double(attempts - 1)))
            try await outbox.fail(keys, error: error, retryAt: Date().addingTimeInterval(delay))
            summary.failed += keys.count
        }
    }
}
