import ArgumentParser
import Connectors
import Foundation
import GoldenCore
import GoldenStore
import SyncEngine

/// `golden sync`: today the landing part (`--no-push`) for every configured source.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Pull every configured source, match, merge and push deltas back (safe to rerun or kill).",
        discussion: """
            Today only --no-push runs: every source in golden.yaml is pulled since its watermark, mapped, \
            standardized and landed. One failing source never stops the others.
            """)

    @Flag(help: "Land only: pull, map, standardize and store; match nothing, push nothing.") var noPush = false
    @Option(help: "Path to golden.yaml.") var config = "golden.yaml"
    @Option(name: .customLong("source"), help: "Only these sources (repeatable).") var only: [String] = []
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard noPush else {
            Output.error("sync: matching and push-back are not implemented yet; run `golden sync --no-push`")
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
        let selected = sources
        let summary = try await StoreCommand.run {
            try await store.withRunning { store in
                try await store.migrate()
                return try await LandingJob(
                    database: store, connectors: DefaultConnectorFactory(), standardizer: standardizer, logger: logger
                ).run(selected)
            }
        }
        LandingOutput.print(summary, json: output.wantsJSON)
        if summary.outcome != .succeeded { throw ExitCode(1) }
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
            ["source", "pulled", "new versions", "quarantined", "deleted", "error"],
            summary.sources.map {
                [$0.name, String($0.pulled), String($0.newVersions), String($0.quarantined), String($0.deleted),
                 $0.error ?? ""]
            })
        Swift.print("run \(summary.runID): \(summary.outcome.rawValue) in \(String(format: "%.1f", summary.seconds)) s")
    }
}
