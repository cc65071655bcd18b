import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Logging

/// Builds the connector of a configured source. The composition root decides which kinds exist.
public protocol ConnectorFactory: Sendable {
    func makeConnector(for source: SourceConfiguration) throws -> any Connector
}

/// What landing did for one source in one run: the shape of `golden sync --no-push --json`.
///
/// `pulled` counts records (rows that became records); `new_versions` the versions that changed at the source;
/// `echoes` the versions that differ from the one before only by values we pushed (stored, but not a change);
/// `rejected` counts rows that could not become records and
/// were kept whole in `rejected_rows`, per reason in `rejected_by_reason`. `notices` are what the readers wanted a
/// person to hear (an encoding guessed, and why).
public struct SourceLandingSummary: Sendable, Hashable, Codable {
    public var name: String
    public var pulled: Int
    public var newVersions: Int
    public var echoes: Int
    public var quarantined: Int
    public var deleted: Int
    public var rejected: Int
    public var rejectedByReason: [String: Int]
    public var notices: [String]
    public var error: String?

    public init(
        name: String, pulled: Int, newVersions: Int, echoes: Int = 0, quarantined: Int, deleted: Int,
        rejected: Int = 0, rejectedByReason: [String: Int] = [:], notices: [String] = [], error: String?
    ) {
        self.name = name
        self.pulled = pulled
        self.newVersions = newVersions
        self.echoes = echoes
        self.quarantined = quarantined
        self.deleted = deleted
        self.rejected = rejected
        self.rejectedByReason = rejectedByReason
        self.notices = notices
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case name, pulled, newVersions = "new_versions", echoes, quarantined, deleted, rejected,
            rejectedByReason = "rejected_by_reason", notices, error
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        pulled = try container.decode(Int.self, forKey: .pulled)
        newVersions = try container.decode(Int.self, forKey: .newVersions)
        echoes = try container.decodeIfPresent(Int.self, forKey: .echoes) ?? 0
        quarantined = try container.decode(Int.self, forKey: .quarantined)
        deleted = try container.decode(Int.self, forKey: .deleted)
        rejected = try container.decodeIfPresent(Int.self, forKey: .rejected) ?? 0
        rejectedByReason = try container.decodeIfPresent([String: Int].self, forKey: .rejectedByReason) ?? [:]
        notices = try container.decodeIfPresent([String].self, forKey: .notices) ?? []
        error = try container.decodeIfPresent(String.self, forKey: .error)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(pulled, forKey: .pulled)
        try container.encode(newVersions, forKey: .newVersions)
        try container.encode(echoes, forKey: .echoes)
        try container.encode(quarantined, forKey: .quarantined)
        try container.encode(deleted, forKey: .deleted)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(rejectedByReason, forKey: .rejectedByReason)
        try container.encode(notices, forKey: .notices)
        try container.encode(error, forKey: .error)  // explicit null: scripts test `error == null`
    }
}

public struct LandingSummary: Sendable, Hashable, Codable {
    public var runID: UUID
    public var sources: [SourceLandingSummary]
    public var outcome: RunRepository.Outcome
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", sources, outcome, seconds
    }
}

/// The landing part of a sync: every configured source is pulled since its watermark, mapped, standardized and
/// landed batch by batch. One failing source never stops the others; its error is reported by name.
///
/// Up to ``concurrentSources`` sources land at once: a CRM pull mostly waits on its API, so a sync of several
/// sources would otherwise take the sum of their latencies. Each source still lands its own batches one at a time
/// and in order (its watermark never passes an uncommitted batch), and the summary lists sources in the order given.
public struct LandingJob: Sendable {
    let database: GoldenDatabase
    let connectors: any ConnectorFactory
    let standardizer: RecordStandardizer
    let logger: Logger
    /// How many sources land at the same time (at least 1).
    public var concurrentSources = 3
    /// Whether landing ends the run it started. A sync leaves it open and closes it after matching and pushing, so
    /// a sync killed after landing is still `running` and the next run can see it was abandoned.
    public var closesRun = true

    /// Told each source's pulled records as batches arrive (a terminal's status line).
    public var progress: SyncProgressHandler?

    /// Watermarks of a whole source live under this entity name: connectors keep per-object progress inside it.
    public static let watermarkEntity = "all"

    /// Where a source's watermark lives. A CSV or XLSX source is one file, and several files may share a source name
    /// (a CRM's export: its accounts and its contacts, so contacts' employer references resolve): each file keeps
    /// its own watermark (`file:<name>`), or every file would overwrite the other's and all of them would be read
    /// again on every sync. APIs and 1C folders keep one watermark per source, with per-object progress inside.
    public static func watermarkScope(of source: SourceConfiguration) -> String {
        switch source.kind {
        case .csv, .xlsx: "file:" + URL(fileURLWithPath: source.location).lastPathComponent
        case .salesforce, .hubspot, .bitrix24, .elma365, .oneCXML: watermarkEntity
        }
    }

    public init(
        database: GoldenDatabase, connectors: any ConnectorFactory, standardizer: RecordStandardizer, logger: Logger
    ) {
        self.database = database
        self.connectors = connectors
        self.standardizer = standardizer
        self.logger = logger
    }

    public func run(_ sources: [SourceConfiguration], kind: RunRepository.Kind = .sync) async throws -> LandingSummary {
        let clock = ContinuousClock()
        let start = clock.now
        let runs = RunRepository(database: database)
        let abandoned = try await AbandonedRuns.close(runs)
        if abandoned > 0 { logger.notice("earlier runs closed as abandoned", metadata: ["runs": "\(abandoned)"]) }
        let runID = try await runs.start(kind)
        var finished = [SourceLandingSummary?](repeating: nil, count: sources.count)
        try await withThrowingTaskGroup(of: (Int, SourceLandingSummary).self) { group in
            // Each source is recorded in `sync_run_sources` as soon as it is done, so a long run shows progress.
            func record(_ index: Int, _ summary: SourceLandingSummary) async throws {
                try await runs.recordSource(
                    run: runID, source: summary.name,
                    counts: LandingCounts(
                        received: summary.pulled, newVersions: summary.newVersions,
                        quarantined: summary.quarantined, deleted: summary.deleted, rejected: summary.rejected,
                        echoes: summary.echoes),
                    error: summary.error)
                finished[index] = summary
            }
            for (index, source) in sources.enumerated() {
                if index >= max(concurrentSources, 1), let (done, summary) = try await group.next() {
                    try await record(done, summary)
                }
                group.addTask { (index, await land(source, runID: runID)) }
            }
            for try await (done, summary) in group { try await record(done, summary) }
        }
        let summaries = finished.compactMap { $0 }
        let failed = summaries.filter { $0.error != nil }.count
        let outcome: RunRepository.Outcome =
            failed == 0 ? .succeeded : (failed == summaries.count ? .failed : .partial)
        let countsJSON = String(
            decoding: try JSONEncoder().encode(summaries), as: UTF8.self)
        if closesRun {
            try await runs.finish(
                run: runID, outcome: outcome, countsJSON: countsJSON,
                error: failed == 0 ? nil : "\(failed) of \(summaries.count) sources failed")
        }
        return LandingSummary(
            runID: runID, sources: summaries, outcome: outcome, seconds: (clock.now - start).secondsValue)
    }

    /// Lands one source; never throws: an error ends this source's pull and is reported in its summary.
    /// Batches committed before the error stay landed, and the watermark stays at the last committed batch.
    func land(_ source: SourceConfiguration, runID: UUID) async -> SourceLandingSummary {
        var logger = logger
        logger[metadataKey: "source"] = "\(source.name)"
        logger[metadataKey: "run"] = "\(runID)"
        var counts = LandingCounts()
        var rejectedByReason: [String: Int] = [:]
        var notices: [String] = []
        func summary(error: String?) -> SourceLandingSummary {
            SourceLandingSummary(
                name: source.name, pulled: counts.received, newVersions: counts.newVersions, echoes: counts.echoes,
                quarantined: counts.quarantined, deleted: counts.deleted, rejected: counts.rejected,
                rejectedByReason: rejectedByReason, notices: notices, error: error)
        }
        do {
            try await SourceRepository(database: database).register(
                name: source.name, kind: source.kind.rawValue, recordURL: source.recordURL)
            let connector = try connectors.makeConnector(for: source)
            let scope = Self.watermarkScope(of: source)
            let sources = SourceRepository(database: database)
            // A file landed before files had their own watermark finds it under the source's (the watermark names
            // the file, so another file's never matches).
            var watermark = try await sources.watermark(source: source.name, entity: scope)
            if watermark == nil, scope != Self.watermarkEntity {
                watermark = try await sources.watermark(source: source.name, entity: Self.watermarkEntity)
            }
            let preparer = RecordPreparer(source: source.name, mapping: source.mapping, standardizer: standardizer)
            let landing = LandingRepository(database: database)
            let echoTest = Self.echoTest(for: source)
            // A source landed before mostly sends what is stored already (a file exported again, a CRM's overlap
            // window): such records are left out before they are mapped and standardized. Looking costs a hash and
            // an index probe per record, so it stops for the rest of the pull once a batch was mostly new (a first
            // load, the new rows at the end of a file).
            var skipsUnchanged = true
            // Two stages overlap: batch n lands (PostgreSQL's CPU) while batch n+1 is mapped and standardized (ours).
            // Batches still commit one at a time and in order, so the watermark never passes an uncommitted batch.
            var carried: PreparedBatch?
            // A file source leaves out, unread, the rows its live records were landed from (the cheapest form of
            // the check above, by the row's bytes); a pull asks for the digests only when its file changed.
            let stream: AsyncThrowingStream<RawRecordBatch, any Error>
            if let skipping = connector as? any LandedRowSkipping {
                let sourceName = source.name
                let logger = logger
                stream = skipping.pull(since: watermark) {
                    let start = ContinuousClock.now
                    let digests = try await landing.landedRowDigests(source: sourceName)
                    logger.debug(
                        "row digests read",
                        metadata: [
                            "digests": "\(digests.count)", "seconds": "\((ContinuousClock.now - start).secondsValue)",
                        ])
                    return digests
                }
            } else {
                stream = connector.pull(since: watermark)
            }
            var batches = stream.makeAsyncIterator()
            var pullError: (any Error)?
            var pulledSoFar = 0
            var skippedRows = 0
            let landStart = ContinuousClock.now
            while true {
                let next: RawRecordBatch?
                do {
                    next = try await batches.next()
                } catch {
                    // The pull broke (a truncated file, a lost connection): what was delivered before the break
                    // still lands below, with the watermark it carried, and then the error is reported.
                    pullError = error
                    break
                }
                guard let batch = next else { break }
                pulledSoFar += batch.records.count + batch.rejected.count + batch.skipped
                skippedRows += batch.skipped
                progress?(.pulled(source: source.name, records: pulledSoFar))
                for row in batch.rejected { rejectedByReason[row.reasonCode, default: 0] += 1 }
                notices.append(contentsOf: batch.notices)
                let previous = carried
                async let landedPrevious = Self.land(
                    previous, with: landing, source: source.name, runID: runID, scope: scope, isEcho: echoTest)
                let prepared: [LandingRecord]
                var unchanged = 0
                var digestRefreshes: [LandingRepository.DigestRefresh] = []
                do {
                    var records = batch.records
                    if skipsUnchanged {
                        (records, unchanged, digestRefreshes) = try await Self.leavingOutUnchanged(
                            records, source: source.name, landing: landing,
                            inFlight: Set(previous?.records.map(\.sourceKey) ?? []))
                        skipsUnchanged = unchanged * 4 >= batch.records.count
                    }
                    prepared = try await Self.prepare(records, with: preparer)
                } catch {
                    counts = counts + ((try? await landedPrevious) ?? LandingCounts())
                    throw error
                }
                counts = counts + (try await landedPrevious)
                carried = PreparedBatch(
                    records: prepared, rejected: batch.rejected, watermark: batch.watermark,
                    unchanged: unchanged + batch.skipped, digestRefreshes: digestRefreshes)
                logger.debug("prepared batch", metadata: ["records": "\(batch.records.count)"])
            }
            counts = counts + (try await Self.land(
                carried, with: landing, source: source.name, runID: runID, scope: scope, isEcho: echoTest))
            logger.debug(
                "source landed",
                metadata: [
                    "received": "\(counts.received)", "versions": "\(counts.newVersions)", "skipped": "\(skippedRows)",
                    "seconds": "\((ContinuousClock.now - landStart).secondsValue)",
                ])
            if let pullError { throw pullError }
            return summary(error: nil)
        } catch {
            logger.error("source failed", metadata: ["error": "\(error)"])
            return summary(error: Self.describe(error))
        }
    }

    /// A batch ready to land, with the watermark that may move once it is committed.
    public struct PreparedBatch: Sendable {
        public var records: [LandingRecord]
        /// Rows of the batch that never became records, kept in the same transaction.
        public var rejected: [RejectedRow]
        public var watermark: String?
        /// Records of the batch left out because they equal what is stored: received, but nothing to land.
        public var unchanged: Int
        /// Stored digests to set for records left out (``LandingRepository/DigestRefresh``), in this batch's landing.
        public var digestRefreshes: [LandingRepository.DigestRefresh]

        public init(
            records: [LandingRecord], rejected: [RejectedRow] = [], watermark: String?, unchanged: Int = 0,
            digestRefreshes: [LandingRepository.DigestRefresh] = []
        ) {
            self.records = records
            self.rejected = rejected
            self.watermark = watermark
            self.unchanged = unchanged
            self.digestRefreshes = digestRefreshes
        }
    }

    /// `records` without those that would land nothing
    /// (``LandingRepository/unchangedPositions(ids:hashes:deleted:rowDigests:)``), how many were left out, and the
    /// stored digests of left-out records to refresh in this batch's landing.
    ///
    /// Landing would find them unchanged and write nothing, but only after mapping, standardizing and encoding
    /// them: most of a landing's time, spent for nothing on a file exported again with 1% of its rows changed. The
    /// content hash is the one landing compares (of the canonical payload).
    ///
    /// - Parameter inFlight: source keys of the batch landing while this one is read. The stored state read here
    ///   is from before that batch, so a record it changes and this batch changes back would look unchanged and be
    ///   lost: such records are always kept, and landing decides.
    static func leavingOutUnchanged(
        _ records: [RawRecord], source: String, landing: LandingRepository, inFlight: Set<String> = []
    ) async throws -> (records: [RawRecord], unchanged: Int, digestRefreshes: [LandingRepository.DigestRefresh]) {
        let hashes = await OrderedParallelMap.map(records, minimumCount: 256) { $0.payload.contentHash }
        var (unchanged, refreshes) = try await landing.unchangedPositions(
            ids: records.map { GoldenIdentifiers.sourceRecordID(source: source, key: $0.sourceKey) }, hashes: hashes,
            deleted: records.map(\.deleted), rowDigests: records.map(\.rowDigest))
        for position in unchanged.filter({ inFlight.contains(records[$0].sourceKey) }) { unchanged.remove(position) }
        // Records kept go to the landing, whose own plan refreshes their digests.
        let inFlightIDs = Set(inFlight.map { GoldenIdentifiers.sourceRecordID(source: source, key: $0) })
        refreshes.removeAll { inFlightIDs.contains($0.id) }
        // `unchanged` stays an `IndexSet` (ranges, so `contains` is a binary search): as the array `filter` makes,
        // every record's check scanned the whole batch, quadratic in the batch size.
        let kept = records.indices.filter { !unchanged.contains($0) }.map { records[$0] }
        return (kept, unchanged.count, refreshes)
    }

    /// Lands `batch` (nothing when `nil`) in one transaction, moving the source's watermark with it.
    ///
    /// - Parameters:
    ///   - scope: where the watermark lives (``watermarkScope(of:)``).
    ///   - isEcho: tells our own echoes apart (``echoTest(for:)``); `nil` counts every version as new.
    public static func land(
        _ batch: PreparedBatch?, with landing: LandingRepository, source: String, runID: UUID,
        scope: String = watermarkEntity, isEcho: LandingRepository.EchoTest? = nil
    ) async throws -> LandingCounts {
        guard let batch else { return LandingCounts() }
        var counts = try await landing.land(
            batch.records, rejected: batch.rejected, source: source, runID: runID,
            watermark: batch.watermark.map { .init(entity: scope, value: $0) }, isEcho: isEcho,
            digestRefreshes: batch.digestRefreshes)
        counts.received += batch.unchanged
        return counts
    }

    /// How landing tells a writable source's echoes of our pushes from real changes; `nil` for a read-only source,
    /// which never receives a delta (so the outbox is not even read).
    public static func echoTest(for source: SourceConfiguration) -> LandingRepository.EchoTest? {
        guard !source.kind.isReadOnly else { return nil }
        let check = EchoCheck(mapping: source.mapping)
        return { check.isEcho($0) }
    }

    /// Map and standardize a batch on all cores, keeping the batch order.
    public static func prepare(_ records: [RawRecord], with preparer: RecordPreparer) async throws -> [LandingRecord] {
        try await OrderedParallelMap.map(records, minimumCount: 256) { try preparer.prepare($0) }
    }

    /// A message that names the problem without leaking SQL or stack details.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as ConnectorError: return error.description
        case let error as SyncError: return error.description
        case let error as ConfigurationFileError: return error.description
        case let error as StoreError: return error.description
        default: return "\(type(of: error)): \(String(describing: error).prefix(300))"
        }
    }
}
