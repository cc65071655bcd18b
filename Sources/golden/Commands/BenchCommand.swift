import ArgumentParser
import Foundation
import GoldenStore

/// `golden bench …`: the commands that produce the figures issues ask for. Release builds only mean anything.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print a table and one JSON line (run from a release build).",
        subcommands: [BenchIngestCommand.self])
}

struct BenchIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Generator → landing into PostgreSQL, beside PostgreSQL's own COPY of the same payloads.",
        discussion: "Runs in a throwaway schema of DATABASE_URL's database, dropped afterwards.")

    @Option(help: "Records across all sources.") var records = 100_000
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Option(help: "Records per landing batch (one transaction each).") var batch = 10_000
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        BuildMode.warnIfDebug()
        guard let directory = mappings.directory else { throw ValidationError("no mappings folder at \(mappings.mappings)") }
        let result = try await StoreCommand.run {
            try await IngestBenchmark(
                records: records, seed: seed, batchSize: batch, mappingsDirectory: directory,
                database: try database.configuration(), logger: logging.makeLogger("bench")
            ).run()
        }
        if !output.json {
            Output.table(
                ["figure", "value"],
                [
                    ["records", String(result.records)],
                    ["landing records/s (map+standardize+land)", String(Int(result.landing_records_per_s))],
                    ["PostgreSQL COPY rows/s (same payloads, one table)", String(Int(result.copy_rows_per_s))],
                    ["COPY file MB", String(result.copy_mb)],
                    ["new versions", String(result.new_versions)],
                    ["quarantined values", String(result.quarantined)],
                    ["peak RSS MB", result.peak_rss_mb.map { String($0) } ?? "n/a"],
                ] + result.phases_s.sorted { $0.key < $1.key }.map { ["\($0.key) s", String($0.value)] })
        }
        try Output.json(result)
    }
}
