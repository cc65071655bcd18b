import ArgumentParser
import Foundation
import GoldenCore
import GoldenStore
import Matching
import SyncEngine

/// `golden bench …`: the commands that produce the figures issues ask for. Release builds only mean anything.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print a table and one JSON line (run from a release build).",
        subcommands: [
            BenchStandardizeCommand.self, BenchIngestCommand.self, BenchMatchCommand.self, BenchAPICommand.self,
            BenchEndToEndCommand.self, BenchGoldenRunCommand.self, BenchImageReadCommand.self,
        ])
}

struct BenchEndToEndCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e",
        abstract: "Generated sources as files → land → match → survive → publish to the outbox (no network).",
        discussion: """
            Runs `golden sync --no-push`'s loop on files (a CSV per CRM object, 1C CommerceML) in a throwaway schema, \
            then again over the unchanged files. Prints wall time per phase and peak RSS.
            """)

    @Option(help: "Records across all sources.") var records = 100_000
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Flag(help: "Keep the bench_* schema (its name is printed).") var keepSchema = false
    @Flag(
        help: """
            Leave the full sync's deltas undelivered before the sync after 1% changed (by default they are marked \
            delivered, as a push that every source accepted leaves them).
            """)
    var undelivered = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        BuildMode.warnIfDebug()
        guard let directory = mappings.directory else { throw ValidationError("no mappings folder at \(mappings.mappings)") }
        let result = try await StoreCommand.run {
            try await EndToEndBenchmark(
                records: records, seed: seed, keepSchema: keepSchema, undelivered: undelivered,
                mappingsDirectory: directory,
                database: try database.configuration(), logger: logging.makeLogger("bench")
            ).run()
        }
        if !output.json {
            var rows: [[String]] = [
                ["records", String(result.records)],
                ["files MB", String(result.files_mb)],
                ["full sync wall s (land → publish)", String(result.full.wall_s)],
                ["rerun, files unchanged, wall s", String(result.rerun_unchanged.wall_s)],
                [
                    "rerun, 1% of CRM records changed (edited / new), wall s",
                    "\(result.incremental.wall_s) (\(result.changed["edited"] ?? 0) / \(result.changed["new"] ?? 0))",
                ],
                ["incremental / full", String(format: "%.2f%%", result.incremental_share * 100)],
                ["landed versions (full)", String(result.full.landed_versions)],
                ["golden records created", String(result.full.golden.created)],
                ["deltas queued (full)", String(result.full.golden.deltasQueued)],
                ["deltas delivered before the CRMs exported again", String(result.delivered_deltas)],
                ["peak RSS MB", result.peak_rss_mb.map { String($0) } ?? "n/a"],
            ]
            rows += result.full.phases_s.sorted { $0.key < $1.key }.map { ["full \($0.key) s", String($0.value)] }
            rows += result.incremental.phases_s.sorted { $0.key < $1.key }.map {
                ["incremental \($0.key) s", String($0.value)]
            }
            Output.table(["figure", "value"], rows)
        }
        try Output.json(result)
    }
}

struct BenchIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Generator → landing into PostgreSQL, beside PostgreSQL's own COPY of the same payloads.",
        discussion: "Runs in a throwaway schema of DATABASE_URL's database, dropped afterwards unless --keep-schema.")

    @Option(help: "Records across all sources.") var records = 100_000
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Option(help: "Records per landing batch (one transaction each).") var batch = 10_000
    @Flag(help: "Keep the bench_* schema with what landed, to inspect it (its name is printed).")
    var keepSchema = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        BuildMode.warnIfDebug()
        guard let directory = mappings.directory else { throw ValidationError("no mappings folder at \(mappings.mappings)") }
        let result = try await StoreCommand.run {
            try await IngestBenchmark(
                records: records, seed: seed, batchSize: batch, keepSchema: keepSchema, mappingsDirectory: directory,
                database: try database.configuration(), logger: logging.makeLogger("bench")
            ).run()
        }
        if !output.json {
            let phases: [[String]] = result.phases_s.sorted { $0.key < $1.key }.map { ["\($0.key) s", String($0.value)] }
            let cpu: [[String]] = result.cpu_us_per_record.sorted { $0.key < $1.key }.map {
                ["\($0.key) CPU µs/record", String($0.value)]
            }
            let figures: [[String]] = [
                ["records", String(result.records)],
                ["landing records/s (map+standardize+land)", String(Int(result.landing_records_per_s))],
                ["PostgreSQL COPY rows/s (same payloads, one table)", String(Int(result.copy_rows_per_s))],
                ["COPY file MB", String(result.copy_mb)],
                ["new versions", String(result.new_versions)],
                ["quarantined values", String(result.quarantined)],
                ["peak RSS MB", result.peak_rss_mb.map { String($0) } ?? "n/a"],
            ]
            Output.table(["figure", "value"], figures + phases + cpu)
        }
        try Output.json(result)
    }
}

struct BenchStandardizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standardize",
        abstract: "Generated org and person records through the standardizers on one core: records/s per core.")

    @Option(help: "Records to generate and standardize.") var records = 100_000
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Option(help: "Repeat the set until at least this many seconds were measured.") var seconds = 3.0
    @Flag(help: "Also print a digest of every standardized record, to show that a change kept the output identical.")
    var digest = false
    @Flag(help: "Also time each field standardizer on its own (nanoseconds per value).")
    var perField = false
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        BuildMode.warnIfDebug()
        guard let directory = mappings.directory else { throw ValidationError("no mappings folder at \(mappings.mappings)") }
        let result = try StandardizeBenchmark(
            records: records, seed: seed, seconds: seconds, mappingsDirectory: directory, digest: digest,
            perField: perField
        ).run()
        if !output.json {
            var rows: [[String]] = [
                ["records (orgs + persons)", String(result.records)],
                ["records/s per core", String(Int(result.records_per_s_per_core))],
                ["organizations/s", String(Int(result.organizations_per_s))],
                ["persons/s", String(Int(result.persons_per_s))],
                ["mapping records/s (not in the figure)", String(Int(result.map_records_per_s))],
                ["quarantined values per record", String(result.quarantined_per_record)],
                ["passes", String(result.iterations)],
            ]
            if let digest = result.output_digest { rows.append(["output digest", digest]) }
            for (field, nanoseconds) in (result.ns_per_value ?? [:]).sorted(by: { $0.key < $1.key }) {
                rows.append(["ns per \(field)", String(Int(nanoseconds))])
            }
            Output.table(["figure", "value"], rows)
        }
        try Output.json(result)
    }
}

struct BenchMatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Generated multi-source data with ground truth through blocking, scoring and clustering, in memory.",
        discussion: """
            Prints pairwise and B-cubed precision/recall/F1 of the clusters, the largest cluster, pairs scored, \
            wall time per phase and peak RSS. wall_s covers blocking → training → scoring → clustering.
            """)

    @Option(help: "Records across all sources.") var records = 100_000
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Option(
        help: """
            Generator noise: standard, or held-out (standard plus the error classes of data held out from us, \
            reported per class).
            """)
    var noise: BenchNoise = .standard
    @Flag(help: "Add pairs per blocking rule and the recall ceiling (pairs the rules can find at all).")
    var blockingReport = false
    @Flag(
        help: """
            Land the records in PostgreSQL and time the golden-record run, then change --change-share of them \
            (half edits, a quarter new, a quarter deleted), land that and time the run again.
            """)
    var incremental = false
    @Option(help: "With --incremental: the share of records changed before the second run.") var changeShare = 0.01
    @Flag(help: "With --incremental: keep the bench_* schema.") var keepSchema = false
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        BuildMode.warnIfDebug()
        guard let directory = mappings.directory else { throw ValidationError("no mappings folder at \(mappings.mappings)") }
        if incremental {
            guard noise == .standard else { throw ValidationError("--incremental measures the standard noise only") }
            try await runIncremental(directory)
            return
        }
        let result = try await MatchBenchmark.run(
            .init(records: records, seed: seed, noise: noise.profile, mappingsDirectory: directory,
                  blockingReport: blockingReport, configuration: try mappings.matchConfiguration()))
        if !output.json {
            func scores(_ s: MatchBenchmark.Scores) -> String {
                String(format: "P %.4f  R %.4f  F1 %.4f", s.precision, s.recall, s.f1)
            }
            var rows: [[String]] = [
                ["records", String(result.records)],
                ["pairwise", scores(result.pairwise)],
                ["B-cubed", scores(result.bcubed)],
                ["organizations pairwise", scores(result.organization.pairwise)],
                ["persons pairwise", scores(result.person.pairwise)],
                ["largest cluster", String(result.largestCluster)],
                ["pairs scored", String(result.pairsScored)],
                ["wall s (block+train+score+cluster)", String(format: "%.2f", result.wallSeconds)],
                ["peak RSS MB", result.peakRSSMiB.map { String(format: "%.1f", $0) } ?? "n/a"],
            ]
            rows += result.phasesSeconds.sorted { $0.key < $1.key }.map { ["\($0.key) s", String(format: "%.2f", $0.value)] }
            Output.table(["figure", "value"], rows)
            printClasses(result)
            if blockingReport {
                for (name, figures) in [("organization", result.organization), ("person", result.person)] {
                    guard let report = figures.blocking else { continue }
                    print("\n\(name) blocking:")
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys]
                    if let data = try? encoder.encode(report) { print(String(decoding: data, as: UTF8.self)) }
                }
            }
        }
        try Output.json(result)
    }

    /// The per-class table of the held-out profile (nothing for the standard one).
    private func printClasses(_ result: MatchBenchmark.Result) {
        let rows = MatchBenchmark.classRows(result)
        guard !rows.isEmpty else { return }
        print("")
        Output.table(["entity", "error class", "records", "true pairs", "recall", "false pairs"], rows)
    }

    private func runIncremental(_ directory: URL) async throws {
        let result = try await StoreCommand.run {
            try await IncrementalMatchBenchmark(
                records: records, seed: seed, changeShare: changeShare, keepSchema: keepSchema,
                mappingsDirectory: directory, database: try database.configuration(),
                logger: logging.makeLogger("bench")
            ).run()
        }
        if !output.json {
            var rows: [[String]] = [
                ["records", String(result.records)],
                ["changed (edited / new / deleted)",
                 "\(result.changed["edited"] ?? 0) / \(result.changed["new"] ?? 0) / \(result.changed["deleted"] ?? 0)"],
                ["full run wall s", String(format: "%.2f", result.full.wall_s)],
                ["incremental run wall s", String(format: "%.2f", result.incremental.wall_s)],
                ["incremental / full", String(format: "%.2f%%", result.incremental_share * 100)],
                ["pairs scored (full / incremental)", "\(result.full.pairs_scored) / \(result.incremental.pairs_scored)"],
                ["golden created (full)", String(result.full.golden.created)],
                ["golden versions (incremental)", String(result.incremental.golden.versions)],
                ["peak RSS MB", result.peak_rss_mb.map { String(format: "%.1f", $0) } ?? "n/a"],
                ["landing s (not in the figures)", String(format: "%.1f", result.landing_s)],
            ]
            for (name, run) in [("full", result.full), ("incremental", result.incremental)] {
                rows += run.phases_s.sorted { $0.key < $1.key }.map {
                    ["\(name) \($0.key) s", String(format: "%.3f", $0.value)]
                }
            }
            Output.table(["figure", "value"], rows)
        }
        try Output.json(result)
    }
}

extension BenchNoise: ExpressibleByArgument {}

/// `golden bench golden-run`: the golden run of a sync on the store as it is, as a dry run (read, match, plan, and
/// survive what changed; nothing written), repeated. With `DATABASE_URL`'s `search_path` on a schema kept by
/// `golden bench e2e --keep-schema`, it measures the golden run of the sync after 1% changed again and again, so
/// a change to its read, match or plan can be compared run for run instead of through whole 1M syncs.
struct BenchGoldenRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "golden-run",
        abstract: "A sync's golden run as a dry run on the store as it is, repeated: wall time per phase.")

    @Option(help: "Runs.") var runs = 3
    @Flag(
        help: """
            Match every record, as a run without the last run's match state does (on a kept store the state is the \
            last sync's own, so without this flag nothing is matched again).
            """)
    var fullMatch = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        BuildMode.warnIfDebug()
        let standardizer = RecordStandardizer(standardizers: try mappings.standardizers())
        let (settings, survivorship) = (try mappings.matchConfiguration(), try mappings.survivorship())
        let runs = max(1, runs)
        try await StewardStore(options: database, logging: logging).run { store, logger in
            var job = GoldenRecordJob(
                database: store, standardizer: standardizer, configuration: settings, survivorship: survivorship,
                logger: logger)
            job.startsFromMatchState = !fullMatch
            for _ in 0..<runs {
                let summary = try await job.whatIf(resurvive: false).summary
                try Output.json(summary)
            }
        }
    }
}

/// `golden bench image-read`: reads each entity's stored table image, as a match run starts, and times the transfer
/// alone and the transfer with the decoding.
struct BenchImageReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image-read", abstract: "Time reading the stored match table images (transfer, decode).")

    @Option(help: "Runs.") var runs = 3
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        BuildMode.warnIfDebug()
        try await StewardStore(options: database, logging: logging).run { store, _ in
            let images = MatchTableImageRepository(database: store)
            for _ in 0..<max(1, runs) {
                for entity in MatchEntity.allCases {
                    let clock = ContinuousClock()
                    var start = clock.now
                    var bytes = 0
                    _ = try await images.forEachPart(entity: entity.rawValue) { bytes += $0.count }
                    let transfer = (clock.now - start).secondsValue
                    start = clock.now
                    let decoded = try await images.image(entity: entity)?.count ?? -1
                    let both = (clock.now - start).secondsValue
                    print("\(entity.rawValue) \(bytes / 1_000_000) MB transfer \(transfer) s, with decode \(both) s, rows \(decoded)")
                }
            }
        }
    }
}
