import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Logging
import Sandbox
import SyncEngine

/// `golden bench ingest`: generator → landing into PostgreSQL (raw versions, current records, standardized
/// attributes, quarantine), batch by batch as `golden sync` lands, with PostgreSQL's own COPY of the same payloads
/// measured in the same run as the yardstick.
///
/// Batches go as `golden sync` lands them: batch n is written while batch n+1 is generated, mapped and standardized.
/// The landing figure is records over that whole loop, generation included (it overlaps the writes, so it cannot
/// be subtracted honestly); the generator's own time is reported beside it.
struct IngestBenchmark {
    struct Result: Encodable {
        let records: Int
        let landing_records_per_s: Double
        let copy_rows_per_s: Double
        let copy_mb: Double
        let new_versions: Int
        let quarantined: Int
        let wall_s: Double
        let phases_s: [String: Double]
        /// CPU per landed record over the loop: this process (generate, map, standardize, encode), the generator's
        /// part of it, and the server.
        let cpu_us_per_record: [String: Double]
        let peak_rss_mb: Double?
        let batch: Int
    }

    let records: Int
    let seed: UInt64
    let batchSize: Int
    var keepSchema = false
    let mappingsDirectory: URL
    let database: DatabaseConfiguration
    let logger: Logger

    func run() async throws -> Result {
        try await BenchSchema(database: database, logger: logger, keep: keepSchema).run { try await run(in: $0) }
    }

    private func run(in schema: String) async throws -> Result {
        var clock = PhaseClock()
        let wallStart = ContinuousClock.now
        let sourceMappings = try GeneratedSourceMappings(directory: mappingsDirectory)
        let standardizer = RecordStandardizer(
            standardizers: try ReferenceData.standardizers(mappingsDirectory: mappingsDirectory))
        let dataset = clock.measure("generate_plan") {
            DatasetGenerator(GeneratorConfiguration(records: records, seed: seed)).generate()
        }
        let store = GoldenDatabase(configuration: database.with(searchPath: schema), logger: logger)
        let planClock = clock
        return try await store.withRunning { store in
            var clock = planClock
            try await store.migrate()
            let sources = SourceRepository(database: store)
            for source in dataset.sources {
                try await sources.register(name: source.name, kind: source.kind.rawValue)
            }

            // The yardstick: COPY of the same payloads (generated once into a file, then streamed to the server).
            let copyFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(schema).copy")
            defer { try? FileManager.default.removeItem(at: copyFile) }
            try clock.measure("generate_copy_file") {
                try Self.writeCopyFile(dataset, to: copyFile)
            }
            let baseline = try await clock.measure("copy_baseline") {
                try await CopyBaseline(database: store).measure(file: copyFile)
            }

            let landing = LandingRepository(database: store)
            var counts = LandingCounts()
            var generateSeconds = 0.0
            var generateCPU = 0.0
            var prepareSeconds = 0.0
            let runID = try await RunRepository(database: store).start(.import)
            let serverCPU = ServerCPU(database: store)
            let serverCPUStart = try await serverCPU.seconds()
            let processCPUStart = CPUTime.process()
            // As `golden sync` lands: batch n lands while batch n+1 is generated, mapped and standardized.
            let loopStart = ContinuousClock.now
            for (index, source) in dataset.sources.enumerated() {
                let collection = dataset.records(at: index)
                let preparer = RecordPreparer(
                    source: source.name, mapping: sourceMappings.mapping(for: source.kind), standardizer: standardizer)
                var carried: LandingJob.PreparedBatch?
                var start = collection.startIndex
                while start < collection.endIndex {
                    let end = min(start + batchSize, collection.endIndex)
                    let previous = carried
                    async let landedPrevious = LandingJob.land(
                        previous, with: landing, source: source.name, runID: runID)
                    let t0 = ContinuousClock.now
                    let (raw, renderCPU) = await Self.generate(collection, start..<end)
                    generateCPU += renderCPU
                    let t1 = ContinuousClock.now
                    let prepared = try await LandingJob.prepare(raw, with: preparer)
                    let t2 = ContinuousClock.now
                    counts = counts + (try await landedPrevious)
                    carried = LandingJob.PreparedBatch(records: prepared, watermark: nil)
                    generateSeconds += (t1 - t0).seconds
                    prepareSeconds += (t2 - t1).seconds
                    start = end
                }
                counts = counts + (try await LandingJob.land(carried, with: landing, source: source.name, runID: runID))
            }
            let loopSeconds = (ContinuousClock.now - loopStart).seconds
            let processCPU = CPUTime.process() - processCPUStart
            let serverCPUEnd = try await serverCPU.seconds()
            var cpu = ["golden": processCPU, "golden_generator": generateCPU]
            if let serverCPUStart, let serverCPUEnd { cpu["server"] = serverCPUEnd - serverCPUStart }
            let perRecord = cpu.mapValues { ($0 / Double(dataset.recordCount) * 1e7).rounded() / 10 }
            clock.record("generate_records", seconds: generateSeconds)
            clock.record("map_standardize", seconds: prepareSeconds)
            clock.record("land_loop", seconds: loopSeconds)
            return Result(
                records: dataset.recordCount,
                // Conservative: the generator runs inside the loop (as a connector's parsing would), and its time is
                // not taken out, since it overlaps the landing of the previous batch.
                landing_records_per_s: (Double(dataset.recordCount) / loopSeconds).rounded(),
                copy_rows_per_s: baseline.rowsPerSecond.rounded(),
                copy_mb: (Double(baseline.bytes) / 1_048_576 * 10).rounded() / 10,
                new_versions: counts.newVersions, quarantined: counts.quarantined,
                wall_s: (ContinuousClock.now - wallStart).seconds, phases_s: clock.json, cpu_us_per_record: perRecord,
                peak_rss_mb: ProcessMemory.peakResidentMiB().map { ($0 * 10).rounded() / 10 }, batch: batchSize)
        }
    }

    /// Renders a slice of generated records on all cores, in order.
    /// Also returns the CPU seconds the rendering took (summed over its threads), so the generator's share of the
    /// process CPU can be told apart from landing's.
    static func generate(
        _ collection: GeneratedRecordCollection, _ range: Range<Int>
    ) async -> (records: [RawRecord], cpuSeconds: Double) {
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = max(1, (range.count + workers - 1) / workers)
        let lower = range.lowerBound
        let parts = await OrderedParallelMap.chunks(count: range.count, chunkSize: chunk, workers: workers) { part in
            // The body never suspends, so it runs on one thread and that thread's clock measures it.
            let start = CPUTime.thread()
            let records = collection.records(in: (lower + part.lowerBound)..<(lower + part.upperBound))
                .map(RawRecord.init(generated:))
            return (records: records, cpuSeconds: CPUTime.thread() - start)
        }
        return (parts.flatMap(\.records), parts.reduce(0) { $0 + $1.cpuSeconds })
    }

    /// Writes `source_key <TAB> payload` rows in COPY text format, as `psql \copy` would read them from a file.
    static func writeCopyFile(_ dataset: GeneratedDataset, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var buffer = Data()
        buffer.reserveCapacity(1 << 20)
        for collection in dataset.recordsBySource {
            for record in collection {
                let raw = RawRecord(generated: record)
                let payload = String(decoding: raw.payload.canonicalBytes, as: UTF8.self)
                buffer.append(contentsOf: Array(COPYText.escape(record.source + "/" + record.sourceId).utf8))
                buffer.append(9)
                buffer.append(contentsOf: Array(COPYText.escape(payload).utf8))
                buffer.append(10)
                if buffer.count > 1 << 20 {
                    try handle.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
        }
        try handle.write(contentsOf: buffer)
    }
}
