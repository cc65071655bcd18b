import ArgumentParser
import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Logging
import ServiceLifecycle
import UnixSignals
import SyncEngine

/// `golden sync`: today land → match → golden records (`--no-push`) for every configured source.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Pull every configured source, match, merge and push deltas back (safe to rerun or kill).",
        discussion: """
            Every source in golden.yaml is pulled since its watermark, mapped, standardized and landed (one failing \
            source never stops the others); then the landed records are matched, the golden records and their \
            values updated (steward decisions are hard rules), the changes each writable source should show are \
            written to the outbox with the golden change, and the outbox is pushed. --no-push stops before the push \
            (the deltas wait in the outbox). --dry-run pulls and shows what the run would change (golden records, \
            values before → after with the rule, deltas per source) and writes nothing: no landing, no watermark, \
            no outbox row, no push.
            """)

    @Flag(help: "Land, match and update golden records and the outbox; push nothing.") var noPush = false
    @Flag(help: "Pull and show what the run would change; write nothing to the store or the sources.")
    var dryRun = false
    @Option(help: "Path to golden.yaml.") var config = "golden.yaml"
    @Option(name: .customLong("source"), help: "Only these sources (repeatable).") var only: [String] = []
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let configuration = try GoldenCLIConfiguration.load(config)
        var sources = configuration.sources
        if !only.isEmpty {
            let unknown = only.filter { name in !sources.contains { $0.name == name } }
            guard unknown.isEmpty else {
                throw ValidationError("no source named \(unknown.joined(separator: ", ")) in \(config)")
            }
            sources = sources.filter { only.contains($0.name) }
        }
        let logger = logging.makeLogger("sync")
        let store = GoldenDatabase(configuration: try database.configuration(), logger: logger)
        let standardizer = RecordStandardizer(standardizers: try mappings.standardizers())
        let (settings, rules) = (try mappings.matchConfiguration(), try mappings.survivorship())
        let (selected, configured, noPush) = (sources, configuration.sources, noPush)
        let status = TerminalProgress.ifTerminal()
        if dryRun {
            let preview = try await StoreCommand.run {
                try await store.withRunning { store in
                    try await store.migrate()
                    var job = SyncJob(
                        database: store, connectors: DefaultConnectorFactory(), standardizer: standardizer,
                        match: settings, survivorship: rules, logger: logger)
                    job.progress = status?.handler
                    return try await job.dryRun(selected, configured: configured)
                }
            }
            status?.finish()
            SyncOutput.print(preview, json: output.wantsJSON)
            if !preview.ok { throw ExitCode(1) }
            return
        }
        let summary = try await StoreCommand.run {
            try await store.withRunning { store in
                try await store.migrate()
                var job = SyncJob(
                    database: store, connectors: DefaultConnectorFactory(), standardizer: standardizer,
                    match: settings, survivorship: rules, logger: logger)
                job.progress = status?.handler
                return try await job.run(selected, configured: configured, push: !noPush)
            }
        }
        status?.finish()
        SyncOutput.print(summary, json: output.wantsJSON)
        if !summary.ok { throw ExitCode(1) }
    }
}

/// `golden schedule`: every source group synced on its schedule until SIGTERM or SIGINT, which lets a running sync
/// finish before the process exits. Each run prints one JSON line (`golden sync --json`'s shape).
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run sync on the schedules in golden.yaml until stopped (SIGTERM is graceful).",
        discussion: """
            A source's `schedule:` is a duration (15m) or a cron expression in UTC ("0 2 * * *" = nightly at 2); \
            sources without one use `schedule: { interval: … }` (default 15m). Sources with the same schedule sync \
            together. SIGTERM or SIGINT stops waiting at once; a sync in progress finishes its batch first.
            """)

    @Option(help: "Path to golden.yaml.") var config = "golden.yaml"
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let configuration = try GoldenCLIConfiguration.load(config)
        let logger = logging.makeLogger("schedule")
        let store = GoldenDatabase(configuration: try database.configuration(), logger: logger)
        let standardizer = RecordStandardizer(standardizers: try mappings.standardizers())
        let (settings, rules) = (try mappings.matchConfiguration(), try mappings.survivorship())
        try await StoreCommand.run {
            try await store.withRunning { store in
                try await store.migrate()
                let job = SyncJob(
                    database: store, connectors: DefaultConnectorFactory(), standardizer: standardizer,
                    match: settings, survivorship: rules, logger: logger)
                let services = ScheduledSync.groups(configuration.sources, fallback: configuration.scheduleInterval)
                    .map { timing, sources in
                        ScheduledSync(
                            timing: timing, sources: sources, configured: configuration.sources, job: job,
                            logger: logger
                        ) { result in
                            switch result {
                            case .success(let summary): SyncOutput.print(summary, json: true)
                            case .failure(let error):
                                logger.error(
                                    "scheduled sync failed",
                                    metadata: ["sources": "\(sources.map(\.name))", "error": "\(error)"])
                            }
                        }
                    }
                for service in services {
                    logger.notice(
                        "scheduled", metadata: ["sources": "\(service.sources.map(\.name))", "schedule": "\(service.timing)"])
                }
                let group = ServiceGroup(
                    configuration: .init(
                        services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
                        logger: logger))
                try await group.run()
            }
        }
    }
}

/// The one line `golden sync --json` prints.
typealias SyncSummary = SyncJob.Summary

enum SyncOutput {
    static func print(_ summary: SyncSummary, json: Bool) {
        if json {
            try? Output.json(summary)
            return
        }
        LandingOutput.print(summary.landing, json: false)
        let match = summary.golden.match
        let golden = summary.golden.golden
        Swift.print(
            "match: \(match.pairsScored) pairs scored, \(match.autoLinked) linked, \(match.reviewQueued) for review"
                + (match.unreadable > 0 ? ", \(match.unreadable) records unreadable (see the log)" : ""))
        Swift.print(
            "golden: \(golden.created) created, \(golden.updated) updated, \(golden.merged) merged, "
                + "\(golden.split) split, \(golden.retired) retired, \(golden.versions) versions; "
                + "values of \(golden.valuesChanged) changed"
                + (golden.proposals > 0 ? ", \(golden.proposals) proposals for finance" : "")
                + " in \(String(format: "%.1f", summary.golden.seconds)) s")
        if let deltas = summary.deltas {
            Swift.print(
                "deltas: \(golden.deltasQueued) queued, \(deltas.pushed) pushed, \(deltas.failed) failed (will retry), "
                    + "\(deltas.parked) parked, \(deltas.queued) waiting")
            for (source, error) in deltas.errors.sorted(by: { $0.key < $1.key }) { Swift.print("push \(source): \(error)") }
        } else {
            Swift.print("deltas: \(golden.deltasQueued) queued in the outbox (--no-push)")
        }
    }
}

extension SyncOutput {
    static func print(_ preview: SyncJob.DryRunSummary, json: Bool) {
        if json {
            try? Output.json(preview)
            return
        }
        Swift.print("dry run: nothing was landed, written or pushed")
        LandingOutput.print(preview.landing, json: false, showRun: false)
        let golden = preview.golden.golden
        Swift.print(
            "golden: \(golden.created) would be created, \(golden.updated) updated, \(golden.merged) merged, "
                + "\(golden.split) split, \(golden.retired) retired; "
                + "values would change on \(preview.changes.count) records")
        // A terminal gets the first records; --json carries every one.
        ValueChangesOutput.print(Array(preview.changes.prefix(50)))
        if preview.changes.count > 50 {
            Swift.print("… and \(preview.changes.count - 50) more records (--json lists all)")
        }
        if preview.deltas.isEmpty {
            Swift.print("deltas: none would be queued")
        } else {
            Output.table(
                ["source", "deltas to push"],
                preview.deltasBySource.sorted { $0.key < $1.key }.map { [$0.key, String($0.value)] })
        }
        if preview.alreadyQueued > 0 { Swift.print("\(preview.alreadyQueued) deltas already wait in the outbox") }
    }
}

enum GoldenCLIConfiguration {
    static func load(_ path: String) throws -> GoldenConfiguration {
        do {
            return try ConfigurationLoader.load(contentsOf: URL(fileURLWithPath: path))
        } catch let error as ConfigurationFileError {
            throw ValidationError(error.description)
        }
    }
}

enum LandingOutput {
    static func print(_ summary: LandingSummary, json: Bool, showRun: Bool = true) {
        if json {
            try? Output.json(summary)
            return
        }
        Output.table(
            ["source", "pulled", "new versions", "echoes", "quarantined", "deleted", "rejected rows", "error"],
            summary.sources.map {
                [$0.name, String($0.pulled), String($0.newVersions), String($0.echoes), String($0.quarantined),
                 String($0.deleted), String($0.rejected), $0.error ?? ""]
            })
        for source in summary.sources {
            for notice in source.notices { Swift.print("note (\(source.name)): \(notice)") }
            for (reason, count) in source.rejectedByReason.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
                Swift.print("\(source.name): \(count) row(s) rejected: \(reason) (kept in rejected_rows)")
            }
        }
        guard showRun else { return }
        Swift.print("run \(summary.runID): \(summary.outcome.rawValue) in \(String(format: "%.1f", summary.seconds)) s")
    }
}
