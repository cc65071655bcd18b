import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Logging
import Matching
import Sandbox
import Survivorship
import SyncEngine

/// `golden bench e2e`: generated sources written as files (a CSV per CRM object, 1C CommerceML) → land → match →
/// survive → publish to the outbox, into PostgreSQL, with no network; then the same loop again over the unchanged
/// files (a scheduled sync with nothing new: its floor), and once more after the CRMs exported again with 1% of
/// their records edited or new, on a store vacuumed as autovacuum would have left it by then.
///
/// The loop is `golden sync --no-push`'s, with the same jobs: `LandingJob` lands the files (the organizations' files,
/// then the persons', each group several sources at once as a sync lands them), and `GoldenRecordJob` with the
/// sources' publish rules matches, survives and writes golden records with their outbox rows. The CRM files stand
/// in for their CRMs: their mappings' `receives_back` decide the deltas, as the CRM would receive them. Writing the
/// files is not timed. A CRM's two files share its source name, and each keeps its own watermark: on the rerun no
/// file is read again.
struct EndToEndBenchmark {
    struct Run: Encodable {
        let wall_s: Double
        let phases_s: [String: Double]
        let landed_versions: Int
        let quarantined: Int
        let pairs_scored: Int
        /// Records whose pairs were scored again (the others kept their clusters from the last run's match state).
        let records_matched: Int
        let golden: GoldenRecordJob.Summary.Golden
    }

    struct Result: Encodable {
        let records: Int
        let files_mb: Double
        let full: Run
        let rerun_unchanged: Run
        let rerun_share: Double
        /// Deltas of the syncs before marked delivered before the CRMs exported again, as a push that every source
        /// accepted leaves them (claimed and acknowledged; not timed); 0 with `--undelivered`.
        let delivered_deltas: Int
        /// The CRM files exported again with 1% of their records changed (edited or new): the sync after it.
        let changed: [String: Int]
        /// The store's tables vacuumed and analyzed before the sync after 1% changed, as autovacuum would have done
        /// by a scheduled sync minutes after the load (``GoldenDatabase/vacuumAnalyze()``); not part of its time.
        let vacuum_s: Double
        let incremental: Run
        let incremental_share: Double
        let peak_rss_mb: Double?
        let seed: UInt64
    }

    let records: Int
    let seed: UInt64
    var keepSchema = false
    /// Leaves the full sync's deltas pending, as sessions before the 29th measured (no source has them yet).
    var undelivered = false
    let mappingsDirectory: URL
    let database: DatabaseConfiguration
    let logger: Logger

    func run() async throws -> Result {
        try await BenchSchema(database: database, logger: logger, keep: keepSchema).run { try await run(in: $0) }
    }

    private func run(in schema: String) async throws -> Result {
        let sourceMappings = try GeneratedSourceMappings(directory: mappingsDirectory)
        let standardizer = RecordStandardizer(
            standardizers: try ReferenceData.standardizers(mappingsDirectory: mappingsDirectory))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("golden-e2e-\(schema)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let dataset = DatasetGenerator(GeneratorConfiguration(records: records, seed: seed)).generate()
        let files = try dataset.writeFiles(to: directory)
        let bytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1.path)[.size]) as? Int ?? 0) }
        let sources = try Self.sources(
            dataset, directory: directory, mappings: sourceMappings,
            exports: mappingsDirectory.appendingPathComponent("exports"))

        let store = GoldenDatabase(configuration: database.with(searchPath: schema), logger: logger)
        return try await store.withRunning { store in
            try await store.migrate()
            for source in dataset.sources {
                try await SourceRepository(database: store).register(name: source.name, kind: source.kind.rawValue)
            }
            let full = try await loop(sources, store: store, standardizer: standardizer)
            let rerun = try await loop(sources, store: store, standardizer: standardizer)
            // A scheduled sync pushes what it publishes: the next one finds those deltas acknowledged, and reads
            // them (echoes of our own writes) as it survives what changed.
            let delivered =
                undelivered ? 0 : try await Self.deliverEverything(store, sources: dataset.sources.map(\.name))
            // The CRMs export again: 1% of their records changed, three quarters edited and a quarter new (an
            // export has no deleted rows). The files' hashes change, so each is read again whole.
            var changed = ["edited": 0, "new": 0]
            _ = try dataset.writeFiles(to: directory) { record in
                var digest = StableDigest()
                digest.add(seed)
                digest.add(record.source)
                digest.add(record.sourceId)
                let draw = Double(digest.value % 1_000_000) / 1_000_000
                if draw < 0.0075 {
                    changed["edited"]! += 1
                    return [record.edited()]
                } else if draw < 0.01 {
                    changed["new"]! += 1
                    return [record, record.copy(id: "new-" + record.sourceId)]
                }
                return [record]
            }
            // The store as a scheduled sync finds it minutes after the load: its tables vacuumed (not timed).
            let settleStart = ContinuousClock.now
            try await store.vacuumAnalyze()
            let settled = (ContinuousClock.now - settleStart).seconds
            let incremental = try await loop(sources, store: store, standardizer: standardizer)
            return Result(
                records: dataset.recordCount, files_mb: (Double(bytes) / 1_048_576 * 10).rounded() / 10, full: full,
                rerun_unchanged: rerun,
                rerun_share: ((rerun.wall_s / max(full.wall_s, 1e-9)) * 10_000).rounded() / 10_000,
                delivered_deltas: delivered, changed: changed, vacuum_s: (settled * 1000).rounded() / 1000, incremental: incremental,
                incremental_share: ((incremental.wall_s / max(full.wall_s, 1e-9)) * 10_000).rounded() / 10_000,
                peak_rss_mb: ProcessMemory.peakResidentMiB().map { ($0 * 10).rounded() / 10 }, seed: seed)
        }
    }

    /// Claims and acknowledges every due delta, source by source, as a push that every source accepted would.
    static func deliverEverything(_ store: GoldenDatabase, sources: [String]) async throws -> Int {
        let outbox = OutboxRepository(database: store)
        var delivered = 0
        for source in Set(sources).sorted() {
            while true {
                let claimed = try await outbox.claim(source: source, limit: 100_000)
                if claimed.isEmpty { break }
                try await outbox.acknowledge(claimed.map(\.key))
                delivered += claimed.count
            }
        }
        return delivered
    }

    /// One sync without push: land every file, then the golden run with publishing.
    private func loop(
        _ sources: [(file: SourceConfiguration, as: SourceConfiguration)], store: GoldenDatabase,
        standardizer: RecordStandardizer
    ) async throws -> Run {
        let start = ContinuousClock.now
        var phases: [String: Double] = [:]
        // CPU seconds of this process and of the server per part: on two shared cores, wall time alone cannot say
        // which side a part loads.
        let server = ServerCPU(database: store)
        func recordCPU(_ part: String, since: (client: Double, server: ServerCPU.Snapshot)) async throws {
            phases["cpu_\(part)_client"] = ((CPUTime.process() - since.client) * 100).rounded() / 100
            let now = try await server.snapshot()
            if let used = ServerCPU.used(from: since.server, to: now) {
                phases["cpu_\(part)_server"] = (used * 100).rounded() / 100
            }
            // The server's own upkeep inside that figure: the autovacuum of a full load can still be running when
            // the next sync starts, and it is not that sync's work.
            if let used = ServerCPU.used(from: since.server, to: now, maintenanceOnly: true) {
                phases["cpu_\(part)_server_maintenance"] = (used * 100).rounded() / 100
            }
        }
        let landCPU = (client: CPUTime.process(), server: try await server.snapshot())
        // Every file in one landing, several sources at once, as a sync lands its sources (the job's default).
        let job = LandingJob(
            database: store, connectors: DefaultConnectorFactory(), standardizer: standardizer, logger: logger)
        let landStart = ContinuousClock.now
        let landing = try await job.run(sources.map(\.file), kind: .sync)
        phases["land"] = ((ContinuousClock.now - landStart).seconds * 1000).rounded() / 1000
        let versions = landing.sources.reduce(0) { $0 + $1.newVersions }
        let quarantined = landing.sources.reduce(0) { $0 + $1.quarantined }
        try await recordCPU("land", since: landCPU)
        let goldenCPU = (client: CPUTime.process(), server: try await server.snapshot())
        let golden = GoldenRecordJob(
            database: store, standardizer: standardizer,
            publish: PublishRules(sources: sources.map(\.as)), logger: logger)
        let summary = try await golden.run()
        for (phase, seconds) in summary.phases { phases[phase] = (seconds * 1000).rounded() / 1000 }
        phases["golden_run"] = (summary.seconds * 1000).rounded() / 1000
        try await recordCPU("golden", since: goldenCPU)
        return Run(
            wall_s: ((ContinuousClock.now - start).seconds * 1000).rounded() / 1000, phases_s: phases,
            landed_versions: versions, quarantined: quarantined, pairs_scored: summary.match.pairsScored,
            records_matched: summary.match.recordsMatched, golden: summary.golden)
    }

    /// The files as sources, organizations' files first (a person's employer lands before or with it): each file
    /// as the read-only file source it is, and as the CRM it stands in for (whose mapping receives deltas).
    ///
    /// A CRM's export names its columns its own way (HubSpot's `properties.name` is a `name` column, Bitrix24's
    /// multi-field phones one cell): the file is read with `mappings/exports/<crm>.yaml` where there is one, and with
    /// the CRM's own mapping where the export keeps the API's names (Salesforce).
    static func sources(
        _ dataset: GeneratedDataset, directory: URL, mappings: GeneratedSourceMappings, exports: URL
    ) throws -> [(file: SourceConfiguration, as: SourceConfiguration)] {
        var organizations: [(SourceConfiguration, SourceConfiguration)] = []
        var persons: [(SourceConfiguration, SourceConfiguration)] = []
        for source in dataset.sources {
            let mapping = mappings.mapping(for: source.kind)
            if source.kind == .oneC {
                let file = SourceConfiguration(
                    name: source.name, kind: .oneCXML, location: directory.appendingPathComponent(source.name + ".xml").path,
                    mapping: mapping, entities: [.organization])
                organizations.append((file, file))
                continue
            }
            // The generator's CRM kinds are named as the configuration's.
            guard let crm = SourceConfiguration.Kind(rawValue: source.kind.rawValue) else { continue }
            let exportURL = exports.appendingPathComponent(source.kind.rawValue + ".yaml")
            let exportMapping =
                FileManager.default.fileExists(atPath: exportURL.path)
                ? try MappingLoader.load(contentsOf: exportURL) : mapping
            for entity in GeneratedEntityKind.allCases {
                guard let layout = CSVLayout.layout(for: source.kind, entity: entity) else { continue }
                let canonical: CanonicalField.Entity = entity == .organization ? .organization : .person
                let path = directory.appendingPathComponent(source.name + "_" + layout.object + ".csv").path
                let file = SourceConfiguration(
                    name: source.name, kind: .csv, location: path, mapping: exportMapping, entities: [canonical])
                var standIn = file
                standIn.kind = crm
                standIn.mapping = mapping
                if entity == .organization { organizations.append((file, standIn)) } else { persons.append((file, standIn)) }
            }
        }
        return organizations + persons
    }
}
