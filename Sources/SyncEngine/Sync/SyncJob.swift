import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Logging
import Matching
import Survivorship

/// One sync: pull and land the chosen sources, match, update golden records and their values, publish what each
/// writable source should now show to the outbox, and push it. The use case behind `golden sync` and every run of
/// `golden schedule`.
public struct SyncJob: Sendable {
    /// What `golden sync --json` prints, one line.
    public struct Summary: Sendable, Encodable {
        public let landing: LandingSummary
        public let golden: GoldenRecordJob.Summary
        /// `nil` when the run did not push.
        public let deltas: PushJob.Summary?

        /// Every source landed and every push completed.
        public var ok: Bool { landing.outcome == .succeeded && (deltas?.errors.isEmpty ?? true) }

        enum CodingKeys: String, CodingKey {
            case runID = "run_id", sources, outcome, seconds, match, golden, deltas, ok
            case unreadableRecords = "unreadable_records", phases = "phases_s"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(landing.runID, forKey: .runID)
            try container.encode(landing.sources, forKey: .sources)
            try container.encode(landing.outcome, forKey: .outcome)
            try container.encode(landing.seconds + golden.seconds, forKey: .seconds)
            try container.encode(golden.match, forKey: .match)
            try container.encode(golden.golden, forKey: .golden)
            try container.encode(golden.phases, forKey: .phases)
            try container.encodeIfPresent(deltas, forKey: .deltas)
            try container.encode(ok, forKey: .ok)
            if !golden.unreadableRecords.isEmpty {
                try container.encode(golden.unreadableRecords, forKey: .unreadableRecords)
            }
        }
    }

    let database: GoldenDatabase
    let connectors: any ConnectorFactory
    let standardizer: RecordStandardizer
    let match: MatchConfiguration
    let survivorship: SurvivorshipConfiguration
    let logger: Logger
    /// Told what the run is doing, for a terminal's status line.
    public var progress: SyncProgressHandler?

    public init(
        database: GoldenDatabase, connectors: any ConnectorFactory, standardizer: RecordStandardizer,
        match: MatchConfiguration = .init(), survivorship: SurvivorshipConfiguration = .standard, logger: Logger
    ) {
        self.database = database
        self.connectors = connectors
        self.standardizer = standardizer
        self.match = match
        self.survivorship = survivorship
        self.logger = logger
    }

    /// - Parameters:
    ///   - sources: the sources to pull and push this run.
    ///   - configured: every configured source: the golden records they share decide every member's delta, so
    ///     deltas are queued for all of them (a source not in this run gets its rows at its own next push).
    ///   - push: deliver the outbox now (`--no-push` leaves it queued).
    ///
    /// - Throws: ``SyncError`` `locked`, naming the sources, when another sync is working on any of them (nothing
    ///   is done then: a scheduler's next tick or the operator tries again).
    public func run(_ sources: [SourceConfiguration], configured: [SourceConfiguration], push: Bool) async throws
        -> Summary
    {
        let outcome = try await RunRepository(database: database).withSyncLocks(sources: sources.map(\.name)) {
            try await runLocked(sources, configured: configured, push: push)
        }
        switch outcome {
        case .ran(let summary):
            return summary
        case .busy(let names):
            throw SyncError(
                .locked, source: names.first,
                message: "another sync is working on \(names.joined(separator: ", ")); try again when it ends "
                    + "(golden waits for no one: a scheduled run simply tries at its next time)")
        }
    }

    /// How many times one sync survives and pushes again after conflicts.
    static let conflictRounds = 2

    private func runLocked(_ sources: [SourceConfiguration], configured: [SourceConfiguration], push: Bool)
        async throws -> Summary
    {
        var landingJob = LandingJob(
            database: database, connectors: connectors, standardizer: standardizer, logger: logger)
        landingJob.closesRun = false
        landingJob.progress = progress
        progress?(.phase("pulling"))
        let landing = try await landingJob.run(sources)
        let runs = RunRepository(database: database)
        do {
            CrashPoint.reach(.landed)
            // Match what landed even when a source failed: the others' changes must not wait for it.
            progress?(.phase("matching and surviving"))
            let goldenJob = GoldenRecordJob(
                database: database, standardizer: standardizer, configuration: match, survivorship: survivorship,
                publish: PublishRules(sources: configured), logger: logger)
            var golden = try await goldenJob.run(runID: landing.runID)
            var deltas: PushJob.Summary?
            if push {
                progress?(.phase("pushing"))
                let pushJob = PushJob(
                    database: database, connectors: connectors, standardizer: standardizer, logger: logger)
                var pushed = try await pushJob.run(sources, runID: landing.runID)
                // Records that changed at the source since our pull were pulled again instead of overwritten:
                // survive them again and push what still differs. A source that keeps editing the same records
                // while we push gets a bounded number of rounds; what is left waits for the next sync.
                var conflicts = pushed.conflicts
                for _ in 0..<Self.conflictRounds where conflicts > 0 {
                    progress?(.phase("surviving records changed at the source"))
                    golden.add(try await goldenJob.run(runID: landing.runID))
                    let again = try await pushJob.run(sources, runID: landing.runID)
                    conflicts = again.conflicts
                    pushed.add(again)
                }
                for source in sources where !source.kind.isReadOnly {
                    try await runs.recordPush(
                        run: landing.runID, source: source.name, pushed: pushed.pushedBySource[source.name] ?? 0,
                        failed: pushed.failedBySource[source.name] ?? 0)
                }
                deltas = pushed
            }
            let summary = Summary(landing: landing, golden: golden, deltas: deltas)
            let pushErrors = deltas?.errors.count ?? 0
            try await runs.finish(
                run: landing.runID,
                outcome: landing.outcome == .succeeded && pushErrors > 0 ? .partial : landing.outcome,
                countsJSON: String(decoding: try JSONEncoder().encode(summary), as: UTF8.self),
                error: summary.ok ? nil : "\(landing.sources.filter { $0.error != nil }.count) sources failed to land, "
                    + "\(pushErrors) failed to push")
            return summary
        } catch {
            try? await runs.finish(run: landing.runID, outcome: .failed, countsJSON: "{}", error: "\(error)")
            throw error
        }
    }
}
