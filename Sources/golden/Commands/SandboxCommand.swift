import ArgumentParser
import Foundation
import Sandbox

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Local sources that speak each system's wire protocol, seeded with generated data.",
        subcommands: [SandboxServeCommand.self, SandboxGenerateCommand.self],
        defaultSubcommand: SandboxServeCommand.self)
}

struct SandboxServeCommand: PendingCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the Salesforce, HubSpot, Bitrix24 and ELMA365 sandboxes plus a 1C drop folder.")
    static let pendingOn = "the CRM connectors and Sandbox servers"
    @Option(help: "Records across all sources.") var records = 10_000
    @Option(help: "Generator seed.") var seed: UInt64 = 1
}

/// `golden sandbox generate`: the generator's output as files, for `golden import`, demos and outside tools.
struct SandboxGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write generated multi-source data as files: one CSV per source object, 1C XML, truth.csv.")

    @Option(help: "Records across all sources (a floor: whole organizations are added).") var records = 10_000
    @Option(help: "Generator seed; the same seed writes the same bytes.") var seed: UInt64 = 1
    @Option(help: "Output folder (created if missing).") var out: String
    @OptionGroup var output: OutputOptions

    struct Summary: Encodable {
        let records: Int
        let organizations: Int
        let persons: Int
        let files: [String]
    }

    func run() async throws {
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let dataset = DatasetGenerator(GeneratorConfiguration(records: records, seed: seed)).generate()
        let files = try dataset.writeFiles(to: directory)
        let summary = Summary(
            records: dataset.recordCount, organizations: dataset.organizationCount, persons: dataset.personCount,
            files: files.map(\.path))
        if output.wantsJSON {
            try Output.json(summary)
        } else {
            print("\(summary.records) records (\(summary.organizations) organizations, \(summary.persons) persons):")
            for file in summary.files { print("  \(file)") }
        }
    }
}
