import ArgumentParser
import Foundation
import GoldenStore

/// `golden bench api`: latency of the REST API under a fixed request rate (see ``APIBenchmark``).
struct BenchAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Generated golden records, `golden serve` on them, and a fixed-rate load per endpoint: p50/p99.",
        discussion: """
            Lands --records generated records into a throwaway bench_* schema, runs the golden job, starts \
            `golden serve` as a child process and drives it on loopback from this process: the review queue, \
            golden search, golden detail and POST /match, each at --rate requests/s, then at doubling rates up to \
            --max-rate until p99 passes --p99-ms. Every step is bounded (rate × --seconds requests).
            """)

    @Option(help: "Generated records across all sources (golden records are fewer: duplicates merge).")
    var records = 180_000
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Option(help: "Seconds per rate step.") var seconds = 5.0
    @Option(help: "The goal rate, requests/s (the first step).") var rate = 200
    @Option(help: "The highest rate tried, requests/s.") var maxRate = 3200
    @Option(help: "The goal p99, milliseconds.") var p99Ms = 25.0
    @Option(help: "Port of the child server on 127.0.0.1.") var port = 18_181
    @Flag(help: "Keep the bench_* schema afterwards.") var keepSchema = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard rate > 0, maxRate >= rate, seconds > 0, seconds <= 60 else {
            throw ValidationError("need 0 < --rate <= --max-rate and 0 < --seconds <= 60")
        }
    }

    func run() async throws {
        BuildMode.warnIfDebug()
        guard let directory = mappings.directory else { throw ValidationError("no mappings folder at \(mappings.mappings)") }
        let configuration = try database.configuration()
        let url = database.databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
        let result = try await StoreCommand.run {
            try await APIBenchmark(
                records: records, seed: seed, seconds: seconds, goalRate: rate, maximumRate: maxRate, goalP99: p99Ms,
                port: port, keepSchema: keepSchema, mappingsDirectory: directory, databaseURL: url,
                database: configuration, logger: logging.makeLogger("bench")
            ).run()
        }
        if !output.json {
            print(
                "\(result.golden_records) golden records from \(result.records) generated records "
                    + "(\(result.review_candidates) in the review queue), loaded in \(result.load_s) s")
            var rows: [[String]] = []
            for endpoint in result.endpoints {
                for step in endpoint.steps {
                    rows.append([
                        endpoint.name, String(step.rate), String(step.achieved_per_s), String(step.p50_ms),
                        String(step.p90_ms), String(step.p99_ms), String(step.max_ms), String(step.errors),
                    ])
                }
                rows.append([
                    "  → p99 ≤ \(result.goal_p99_ms) ms up to", "\(endpoint.knee_per_s)/s", "", "", "", "", "",
                    endpoint.goal_met ? "goal met" : "goal missed",
                ])
            }
            Output.table(["endpoint", "rate/s", "achieved/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors"], rows)
            fflush(nil)  // the table (print, buffered) before the JSON line (written unbuffered)
        }
        try Output.json(result)
    }
}
