import Connectors
import Foundation
import GoldenCore
import Logging
import ServiceLifecycle

/// One group of sources synced on one schedule, as a `Service`: `golden schedule` runs one per group.
///
/// The loop waits for the next fire time, runs a sync of its sources, reports it and waits again. A graceful
/// shutdown (SIGTERM) ends the wait at once, but never a sync in progress: the batch finishes and its locks are
/// released before the service returns. Runs of one group never overlap; groups run side by side (landing locks
/// each source, golden identity is one run at a time).
public struct ScheduledSync: Service {
    public enum Timing: Sendable, Hashable, CustomStringConvertible {
        /// The first run at once, then one every interval (measured from the previous start).
        case interval(Duration)
        case cron(CronSchedule)

        public var description: String {
            switch self {
            case .interval(let duration): "every \(duration.components.seconds)s"
            case .cron(let schedule): schedule.description
            }
        }
    }

    public let timing: Timing
    public let sources: [SourceConfiguration]
    let configured: [SourceConfiguration]
    let job: SyncJob
    let report: @Sendable (Result<SyncJob.Summary, any Error>) -> Void
    let logger: Logger

    public init(
        timing: Timing, sources: [SourceConfiguration], configured: [SourceConfiguration], job: SyncJob,
        logger: Logger, report: @escaping @Sendable (Result<SyncJob.Summary, any Error>) -> Void
    ) {
        self.timing = timing
        self.sources = sources
        self.configured = configured
        self.job = job
        self.logger = logger
        self.report = report
    }

    /// Groups sources by schedule: a source's own (`schedule: 15m` or a cron expression), else `fallback`.
    public static func groups(_ sources: [SourceConfiguration], fallback: Duration) -> [(Timing, [SourceConfiguration])] {
        var order: [Timing] = []
        var members: [Timing: [SourceConfiguration]] = [:]
        for source in sources {
            let timing: Timing = source.cron.map(Timing.cron) ?? .interval(source.schedule ?? fallback)
            if members[timing] == nil { order.append(timing) }
            members[timing, default: []].append(source)
        }
        return order.map { ($0, members[$0]!) }
    }

    public func run() async throws {
        var lastStart: Date?
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let now = Date()
            let fire: Date
            switch timing {
            case .interval(let duration):
                let seconds = duration.secondsValue
                fire = lastStart.map { $0.addingTimeInterval(seconds) } ?? now
            case .cron(let schedule):
                guard let next = schedule.next(after: now) else {
                    logger.error("the schedule never fires again", metadata: ["schedule": "\(schedule)"])
                    return
                }
                fire = next
            }
            let wait = fire.timeIntervalSince(now)
            if wait > 0 {
                do {
                    try await cancelWhenGracefulShutdown {
                        try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
                    }
                } catch {
                    break  // shut down (or cancelled) while waiting: nothing is in progress
                }
            }
            guard !Task.isShuttingDownGracefully, !Task.isCancelled else { break }
            lastStart = Date()
            logger.info("sync starts", metadata: ["sources": "\(sources.map(\.name))", "schedule": "\(timing)"])
            do {
                report(.success(try await job.run(sources, configured: configured, push: true)))
            } catch {
                report(.failure(error))
            }
        }
    }
}
