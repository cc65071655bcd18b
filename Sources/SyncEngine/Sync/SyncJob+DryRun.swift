import Connectors
import Foundation
import GoldenStore

extension SyncJob {
    /// What `golden sync --dry-run --json` prints: what a sync would change, with nothing written.
    public struct DryRunSummary: Sendable, Encodable {
        /// One delta the run would queue.
        public struct PlannedDelta: Sendable, Encodable {
            public let source: String
            public let sourceKey: String
            public let goldenID: UUID
            /// `{"entity", "fields": {"<mapping path>": value}}`, what the connector would push.
            public let delta: JSONValue

            enum CodingKeys: String, CodingKey {
                case source, delta
                case sourceKey = "source_key", goldenID = "golden_id"
            }
        }

        /// What the pull would land (new versions, echoes, quarantine) per source.
        public let landing: LandingSummary
        /// Golden records created, updated, merged, split or retired, and the match figures.
        public let golden: GoldenRecordJob.Summary
        /// Attribute values that would change, before → after with the rule.
        public let changes: [GoldenRecordJob.ValueChanges]
        /// Deltas the run would queue, every one.
        public let deltas: [PlannedDelta]
        /// Deltas already waiting in the outbox (they would be pushed too).
        public let alreadyQueued: Int

        public var deltasBySource: [String: Int] {
            deltas.reduce(into: [:]) { $0[$1.source, default: 0] += 1 }
        }

        public var ok: Bool { landing.outcome == .succeeded }

        enum CodingKeys: String, CodingKey {
            case sources, match, golden, changes, deltas, ok
            case dryRun = "dry_run", phases = "phases_s"
        }

        enum DeltaKeys: String, CodingKey {
            case queued, bySource = "by_source", alreadyQueued = "already_queued", detail
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(true, forKey: .dryRun)
            try container.encode(landing.sources, forKey: .sources)
            try container.encode(golden.match, forKey: .match)
            try container.encode(golden.golden, forKey: .golden)
            try container.encode(changes, forKey: .changes)
            var deltaContainer = container.nestedContainer(keyedBy: DeltaKeys.self, forKey: .deltas)
            try deltaContainer.encode(deltas.count, forKey: .queued)
            try deltaContainer.encode(deltasBySource, forKey: .bySource)
            try deltaContainer.encode(alreadyQueued, forKey: .alreadyQueued)
            try deltaContainer.encode(deltas, forKey: .detail)
            try container.encode(golden.phases, forKey: .phases)
            try container.encode(ok, forKey: .ok)
        }
    }

    /// What a sync of `sources` would change, computed by the real pipeline and written nowhere.
    ///
    /// The sources are pulled since their watermarks and landed, matched and survived as a sync would, but on a
    /// throwaway copy of the store (``GoldenDatabase/withScratchCopy(_:)``), so the store, its watermarks and the
    /// sources stay exactly as they were: nothing is pushed. Landing into memory instead would need a second,
    /// in-memory path through matching and survivorship that could drift from the real one.
    ///
    /// - Parameter configured: every configured source (which ones receive deltas back).
    public func dryRun(_ sources: [SourceConfiguration], configured: [SourceConfiguration]) async throws
        -> DryRunSummary
    {
        let waiting = try await OutboxRepository(database: database).counts()
        let (connectors, standardizer, match, survivorship, logger, progress) = (
            connectors, standardizer, match, survivorship, logger, progress
        )
        return try await database.withScratchCopy { scratch in
            var landingJob = LandingJob(
                database: scratch, connectors: connectors, standardizer: standardizer, logger: logger)
            landingJob.progress = progress
            progress?(.phase("pulling (dry run)"))
            let landing = try await landingJob.run(sources)
            progress?(.phase("matching and surviving (dry run)"))
            let preview = try await GoldenRecordJob(
                database: scratch, standardizer: standardizer, configuration: match, survivorship: survivorship,
                publish: PublishRules(sources: configured), logger: logger
            ).whatIf(resurvive: false)
            let planned = preview.deltas.flatMap { golden, deltas in deltas.map { (golden, $0) } }
            var keys: [UUID: String] = [:]
            for document in try await LandedRecordRepository(database: scratch).documents(
                of: planned.map { $0.1.sourceRecordID })
            {
                keys[document.sourceRecordID] = document.sourceKey
            }
            let decoder = JSONDecoder()
            let deltas = planned.map { golden, delta in
                DryRunSummary.PlannedDelta(
                    source: delta.source, sourceKey: keys[delta.sourceRecordID] ?? delta.sourceRecordID.uuidString,
                    goldenID: golden,
                    delta: (try? decoder.decode(JSONValue.self, from: Data(delta.json.utf8))) ?? .string(delta.json))
            }.sorted { ($0.source, $0.sourceKey) < ($1.source, $1.sourceKey) }
            return DryRunSummary(
                landing: landing, golden: preview.summary, changes: preview.changes, deltas: deltas,
                alreadyQueued: waiting.pending + waiting.failed + waiting.inFlight)
        }
    }
}
