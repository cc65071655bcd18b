import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Logging
import Matching
import Sandbox
import SyncEngine

/// `golden bench match --incremental`: the golden-record run (`golden sync --no-push` after landing) on a store of
/// generated records, then again after 1% of them changed.
///
/// Lands the generator's sources into a throwaway schema, runs the golden job (read → block → score → cluster →
/// write golden records) and times it; then edits 0.5% of the records, adds 0.25% new ones and deletes 0.25%,
/// lands that, and times the second run. Both runs are exactly what `golden sync --no-push` runs after landing.
struct IncrementalMatchBenchmark {
    struct Run: Encodable {
        let wall_s: Double
        let phases_s: [String: Double]
        let pairs_scored: Int
        let golden: GoldenRecordJob.Summary.Golden
    }

    struct Result: Encodable {
        let records: Int
        let changed: [String: Int]
        let full: Run
        let incremental: Run
        let incremental_share: Double
        let landing_s: Double
        let peak_rss_mb: Double?
        let seed: UInt64
    }

    let records: Int
    let seed: UInt64
    let changeShare: Double
    var keepSchema = false
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
        let dataset = DatasetGenerator(GeneratorConfiguration(records: records, seed: seed)).generate()
        let store = GoldenDatabase(configuration: database.with(searchPath: schema), logger: logger)
        return try await store.withRunning { store in
            try await store.migrate()
            for source in dataset.sources {
                try await SourceRepository(database: store).register(name: source.name, kind: source.kind.rawValue)
            }
            let landStart = ContinuousClock.now
            var changes: [String: [RawRecord]] = [:]
            var changed = ["edited": 0, "new": 0, "deleted": 0]
            var random = SeededGenerator(seed: seed &+ 17)
            for (index, source) in dataset.sources.enumerated() {
                let collection = dataset.records(at: index)
                var batch: [RawRecord] = []
                for position in collection.indices {
                    let generated = collection[position]
                    let record = RawRecord(generated: generated)
                    batch.append(record)
                    if batch.count == 10_000 {
                        try await land(batch, source: source, mappings: sourceMappings, standardizer: standardizer, store)
                        batch.removeAll(keepingCapacity: true)
                    }
                    // The change set of the second run: 0.5% edited, 0.25% new, 0.25% deleted.
                    let draw = Double(random.next() % 1_000_000) / 1_000_000
                    if draw < changeShare / 2 {
                        changes[source.name, default: []].append(RawRecord(generated: generated.edited()))
                        changed["edited"]! += 1
                    } else if draw < changeShare * 3 / 4 {
                        changes[source.name, default: []].append(
                            RawRecord(generated: generated.copy(id: "new-" + generated.sourceId)))
                        changed["new"]! += 1
                    } else if draw < changeShare {
                        changes[source.name, default: []].append(Self.deleted(record))
                        changed["deleted"]! += 1
                    }
                }
                try await land(batch, source: source, mappings: sourceMappings, standardizer: standardizer, store)
            }
            let landing = (ContinuousClock.now - landStart).seconds

            let job = GoldenRecordJob(database: store, standardizer: standardizer, logger: logger)
            let full = try await job.run()
            for source in dataset.sources {
                if let batch = changes[source.name] {
                    try await land(batch, source: source, mappings: sourceMappings, standardizer: standardizer, store)
                }
            }
            let incremental = try await job.run()
            func summary(_ run: GoldenRecordJob.Summary) -> Run {
                Run(
                    wall_s: (run.seconds * 1000).rounded() / 1000,
                    phases_s: run.phases.mapValues { ($0 * 1000).rounded() / 1000 }, pairs_scored: run.match.pairsScored,
                    golden: run.golden)
            }
            return Result(
                records: dataset.recordCount, changed: changed, full: summary(full), incremental: summary(incremental),
                incremental_share: ((incremental.seconds / max(full.seconds, 1e-9)) * 10_000).rounded() / 10_000,
                landing_s: (landing * 10).rounded() / 10,
                peak_rss_mb: ProcessMemory.peakResidentMiB().map { ($0 * 10).rounded() / 10 }, seed: seed)
        }
    }

    private func land(
        _ batch: [RawRecord], source: GeneratedSource, mappings: GeneratedSourceMappings,
        standardizer: RecordStandardizer, _ store: GoldenDatabase
    ) async throws {
        guard !batch.isEmpty else { return }
        let preparer = RecordPreparer(
            source: source.name, mapping: mappings.mapping(for: source.kind), standardizer: standardizer)
        let prepared = try await LandingJob.prepare(batch, with: preparer)
        _ = try await LandingRepository(database: store).land(prepared, source: source.name, runID: nil)
    }

    static func deleted(_ record: RawRecord) -> RawRecord {
        RawRecord(
            source: record.source, sourceKey: record.sourceKey, entity: record.entity,
            modifiedAt: record.modifiedAt.map { $0.addingTimeInterval(86_400) }, deleted: true, payload: record.payload)
    }
}
