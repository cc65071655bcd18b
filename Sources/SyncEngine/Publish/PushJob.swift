import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Logging

/// Push: delivers the outbox to every writable source, in batches as large as each API takes.
///
/// Delivery is at least once, keyed by (golden id, golden version, source record). A delta the source refuses is
/// retried with exponential backoff and parked after ``maxAttempts`` (with its error, for `golden sync --json` and
/// the UI). A source that cannot be reached fails its claimed rows for a later retry and does not stop the others.
/// Deltas are absolute values keyed by record id ("set Phone to …"), so delivering one twice writes the same
/// thing twice.
///
/// Conflicts: before each batch is written, a source that can read records by id (``RecordReading``) is asked for
/// the batch's records in one request per API call. A record it shows as modified after the version we pulled
/// changed at the source after our delta was computed: it is not overwritten. It is landed as a new version (the
/// re-pull), its golden record is marked to be survived again, and its undelivered rows are superseded with the
/// reason; the sync then survives again and pushes what still differs (``Summary/conflicts``).
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
        /// Records found changed at the source since our pull, re-pulled instead of overwritten (their rows were
        /// superseded; survivorship decides again).
        public var conflicts = 0
        /// Sources whose push stopped with an error (source → message).
        public var errors: [String: String] = [:]
        /// Deltas each source accepted in this push.
        public var pushedBySource: [String: Int] = [:]
        /// Deltas each source refused or could not take in this push (retried later, or parked).
        public var failedBySource: [String: Int] = [:]
        /// Wall seconds of the push.
        public var seconds = 0.0

        /// Adds a later push of the same sync (after conflicts were survived again); `queued` is the later one's.
        public mutating func add(_ later: Summary) {
            queued = later.queued
            pushed += later.pushed
            failed += later.failed
            parked += later.parked
            conflicts += later.conflicts
            errors.merge(later.errors) { _, new in new }
            pushedBySource.merge(later.pushedBySource, uniquingKeysWith: +)
            failedBySource.merge(later.failedBySource, uniquingKeysWith: +)
            seconds += later.seconds
        }

        enum CodingKeys: String, CodingKey {
            case queued, pushed, failed, parked, conflicts, errors, seconds
            case pushedBySource = "pushed_by_source", failedBySource = "failed_by_source"
        }
    }

    let database: GoldenDatabase
    let connectors: any ConnectorFactory
    /// Lands a record re-pulled after a conflict; `nil` pushes without checking for conflicts.
    let standardizer: RecordStandardizer?
    let logger: Logger
    public var maxAttempts = 5
    /// Backoff before attempt n+1 is `baseDelay × 2^(n−1)`, at most an hour.
    public var baseDelay: Duration = .seconds(30)
    /// At most this many batches per source in one push (the rest waits for the next sync).
    public var maxBatches = 10_000

    /// - Parameter standardizer: the one landing uses: a record re-pulled after a conflict lands as a pull would
    ///   land it. Without one, rows are pushed without the conflict check.
    public init(
        database: GoldenDatabase, connectors: any ConnectorFactory, standardizer: RecordStandardizer? = nil,
        logger: Logger
    ) {
        self.database = database
        self.connectors = connectors
        self.standardizer = standardizer
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

    /// - Parameter runID: the sync run a re-pulled version lands under.
    public func run(_ sources: [SourceConfiguration], runID: UUID? = nil) async throws -> Summary {
        let clock = ContinuousClock()
        let start = clock.now
        var summary = Summary()
        let outbox = OutboxRepository(database: database)
        for source in sources where !source.kind.isReadOnly {
            do {
                try await push(source, outbox: outbox, runID: runID, summary: &summary)
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

    private func push(
        _ source: SourceConfiguration, outbox: OutboxRepository, runID: UUID?, summary: inout Summary
    ) async throws {
        let connector = try connectors.makeConnector(for: source)
        let reader = standardizer == nil ? nil : connector as? any RecordReading
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
            if let reader, let standardizer, !rowByKey.isEmpty {
                let changed: Set<String>
                do {
                    changed = try await repull(
                        Array(rowByKey.values), of: source, reader: reader, standardizer: standardizer,
                        outbox: outbox, runID: runID)
                } catch {
                    // Nothing was written: the rows wait for a retry like rows the source could not take.
                    try await settle(
                        Array(rowByKey.values), error: "reading the records before writing them failed: \(error)",
                        outbox: outbox, summary: &summary, source: source.name)
                    throw error
                }
                for key in changed {
                    deltas[key] = nil
                    rowByKey[key] = nil
                }
                summary.conflicts += changed.count
                if deltas.isEmpty { continue }
            }
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

    /// The conflict check of one batch: one read of the batch's records; those the source shows as modified after
    /// the version we pulled are landed as new versions, their golden records marked to be survived again, and
    /// their undelivered rows superseded. Returns their source keys (not to be written now).
    private func repull(
        _ rows: [OutboxRepository.Row], of source: SourceConfiguration, reader: any RecordReading,
        standardizer: RecordStandardizer, outbox: OutboxRepository, runID: UUID?
    ) async throws -> Set<String> {
        var rowByKey: [String: OutboxRepository.Row] = [:]
        for row in rows { rowByKey[row.sourceKey] = row }
        let current = try await reader.read(
            rowByKey.mapValues { row -> RawRecord.Entity in row.entity == "person" ? .person : .organization })
        var changed: [RawRecord] = []
        var reasons: [UUID: String] = [:]
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for record in current {
            // A record without a stamp on either side cannot be judged: it is pushed as before.
            guard let row = rowByKey[record.sourceKey], let theirs = record.modifiedAt, let ours = row.pulledModifiedAt,
                theirs.timeIntervalSince(ours) > 0.0005
            else { continue }
            changed.append(record)
            reasons[row.sourceRecordID] =
                "\(source.name)/\(record.sourceKey) changed at the source at \(format.string(from: theirs)), after the "
                + "version pulled at \(format.string(from: ours)) that golden version \(row.goldenVersion) was "
                + "computed from; pulled again and survived again, what still differs goes as a newer delta"
        }
        guard !changed.isEmpty else { return [] }
        let preparer = RecordPreparer(source: source.name, mapping: source.mapping, standardizer: standardizer)
        let prepared = try await LandingJob.prepare(changed, with: preparer)
        let landing = LandingRepository(database: database)
        // Our own earlier write to a record moves its stamp too: a record that differs only by what we pushed is
        // our echo, not someone's edit, and its delta goes out as planned.
        let echoTest = LandingJob.echoTest(for: source)
        let echoes = Set(
            try await landing.echoCandidates(prepared).filter { echoTest?($0) ?? false }.map(\.record.sourceKey))
        _ = try await landing.land(prepared, source: source.name, runID: runID, isEcho: echoTest)
        let conflicts = changed.filter { !echoes.contains($0.sourceKey) }
        guard !conflicts.isEmpty else { return [] }
        // The stamp may have moved without a change we can see (a save with the same values): survive again anyway,
        // since the superseded rows must be replaced by a fresh comparison.
        let golden = conflicts.compactMap { rowByKey[$0.sourceKey]?.goldenID }
        try await GoldenRecordRepository(database: database).forgetSurvivorshipInputs(Array(Set(golden)))
        let conflicted = Set(conflicts.compactMap { rowByKey[$0.sourceKey]?.sourceRecordID })
        try await outbox.supersede(reasons.filter { conflicted.contains($0.key) })
        logger.notice(
            "records changed at the source since our pull: pulled again instead of overwritten",
            metadata: ["source": "\(source.name)", "records": "\(conflicts.count)"])
        return Set(conflicts.map(\.sourceKey))
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
