import ArgumentParser
import Connectors
import Foundation
import GoldenCore
import GoldenStore
import SyncEngine

/// `golden sync`: today land → match → golden records (`--no-push`) for every configured source.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Pull every configured source, match, merge and push deltas back (safe to rerun or kill).",
        discussion: """
            Today only --no-push runs: every source in golden.yaml is pulled since its watermark, mapped, \
            standardized and landed (one failing source never stops the others); then the landed records are \
            matched and the golden records updated, with steward decisions as hard rules. Push-back comes with \
            the sync loop.
            """)

    @Flag(help: "Land, match and update golden records; push nothing back.") var noPush = false
    @Option(help: "Path to golden.yaml.") var config = "golden.yaml"
    @Option(name: .customLong("source"), help: "Only these sources (repeatable).") var only: [String] = []
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard noPush else {
            Output.error("sync: push-back is not implemented yet (it comes with the sync loop); run `golden sync --no-push`")
            throw ExitCode(2)
        }
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
        let settings = try mappings.matchConfiguration()
        let selected = sources
        let summary = try await StoreCommand.run {
            try await store.withRunning { store in
                try await store.migrate()
                let landing = try await LandingJob(
                    database: store, connectors: DefaultConnectorFactory(), standardizer: standardizer, logger: logger
                ).run(selected)
                // Match what landed even when a source failed: the others' changes must not wait for it.
                let golden = try await GoldenRecordJob(
                    database: store, standardizer: standardizer, configuration: settings, logger: logger
                ).run(runID: landing.runID)
                return SyncSummary(landing: landing, golden: golden)
            }
        }
        SyncOutput.print(summary, json: output.wantsJSON)
        if summary.landing.outcome != .succeeded { throw ExitCode(1) }
    }
}

/// The one line `golden sync --json` prints: landing per source, then the match and golden-record figures.
struct SyncSummary: Sendable, Encodable {
    let landing: LandingSummary
    let golden: GoldenRecordJob.Summary

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", sources, outcome, seconds, match, golden, unreadableRecords = "unreadable_records"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(landing.runID, forKey: .runID)
        try container.encode(landing.sources, forKey: .sources)
        try container.encode(landing.outcome, forKey: .outcome)
        try container.encode(landing.seconds + golden.seconds, forKey: .seconds)
        try container.encode(golden.match, forKey: .match)
        try container.encode(golden.golden, forKey: .golden)
        if !golden.unreadableRecords.isEmpty {
            try container.encode(golden.unreadableRecords, forKey: .unreadableRecords)
        }
    }
}

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
                + "\(golden.split) split, \(golden.retired) retired, \(golden.versions) versions "
                + "in \(String(format: "%.1f", summary.golden.seconds)) s")
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
    static func print(_ summary: LandingSummary, json: Bool) {
        if json {
            try? Output.json(summary)
            return
        }
        Output.table(
            ["source", "pulled", "new versions", "quarantined", "deleted", "rejected rows", "error"],
            summary.sources.map {
                [$0.name, String($0.pulled), String($0.newVersions), String($0.quarantined), String($0.deleted),
                 String($0.rejected), $0.error ?? ""]
            })
        for source in summary.sources {
            for notice in source.notices { Swift.print("note (\(source.name)): \(notice)") }
            for (reason, count) in source.rejectedByReason.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
                Swift.print("\(source.name): \(count) row(s) rejected: \(reason) (kept in rejected_rows)")
            }
        }
        Swift.print("run \(summary.runID): \(summary.outcome.rawValue) in \(String(format: "%.1f", summary.seconds)) s")
    }
}
