import Connectors
import Foundation
import GoldenCore
import Matching
import Sandbox

/// `golden bench match`: the generator's records through the real pipeline (mapping files → standardizers →
/// adapter → match engine), scored against the generator's ground truth.
///
/// Organizations are matched first; each person then carries the cluster of its employer's organization record,
/// as the sync pipeline will do. Records are prepared in parallel chunks and appended to the record tables in
/// input order, so no more than one wave of `MatchRecord`s is alive at a time and the result does not depend on
/// the number of workers.
enum MatchBenchmark {
    struct Options: Sendable {
        var records: Int
        var seed: UInt64 = 1
        /// `.standard` (what the pinned figures were made with) or `.heldOutClasses`.
        var noise: NoiseProfile = .standard
        var mappingsDirectory: URL
        var blockingReport = false
        var workers = ProcessInfo.processInfo.activeProcessorCount
        var configuration = MatchConfiguration()
        /// Records per preparation chunk (one task each).
        var chunkSize = 4_096
        /// Called with each entity kind's result and truth labels (diagnostics and tests).
        var inspect: (@Sendable (EntityMatchResult, [Int32]) -> Void)?
    }

    struct Scores: Codable, Sendable, Hashable {
        var precision: Double
        var recall: Double
        var f1: Double
    }

    /// Figures of one entity kind.
    struct EntityFigures: Codable, Sendable {
        var records: Int
        var entities: Int
        var pairwise: Scores
        var bcubed: Scores
        var largestCluster: Int
        var pairsScored: Int
        var linkedPairs: Int
        var reviewPairs: Int
        var refusedForConstraint: Int
        var refusedForSupport: Int
        var refusedForSize: Int
        var lambda: Double
        var blocking: BlockingReport?
        /// Per generator error class that touched records of this kind (held-out profile only): recall of the true
        /// pairs with a tagged record, and the false pairs made with one.
        var classes: [String: ClusterEvaluation.TagFigures]?

        enum CodingKeys: String, CodingKey {
            case records, entities, pairwise, bcubed, lambda, blocking, classes
            case largestCluster = "largest_cluster"
            case pairsScored = "pairs_scored"
            case linkedPairs = "linked_pairs"
            case reviewPairs = "review_pairs"
            case refusedForConstraint = "refused_for_constraint"
            case refusedForSupport = "refused_for_support"
            case refusedForSize = "refused_for_size"
        }
    }

    struct Result: Codable, Sendable {
        var records: Int
        var pairwise: Scores
        var bcubed: Scores
        var largestCluster: Int
        var pairsScored: Int
        /// Blocking → training → scoring → clustering of both entity kinds (generation and preparation excluded).
        var wallSeconds: Double
        var phasesSeconds: [String: Double]
        var peakRSSMiB: Double?
        var seed: UInt64
        var workers: Int
        /// 1/5/15-minute load averages at the end of the run (other jobs on the machine skew timings).
        var loadAverage: [Double]?
        var quarantined: Int
        var organization: EntityFigures
        var person: EntityFigures

        enum CodingKeys: String, CodingKey {
            case records, pairwise, bcubed, seed, workers, quarantined, organization, person
            case largestCluster = "largest_cluster"
            case pairsScored = "pairs_scored"
            case wallSeconds = "wall_s"
            case phasesSeconds = "phases_s"
            case peakRSSMiB = "peak_rss_mb"
            case loadAverage = "load_average"
        }
    }

    enum Failure: Error, CustomStringConvertible {
        case mapping(source: String, message: String)

        var description: String {
            switch self {
            case .mapping(let source, let message): "\(source): \(message)"
            }
        }
    }

    /// Everything a preparation worker needs for one source.
    struct SourceContext: Sendable {
        let name: String
        let engine: MappingEngine
        let region: RegionCode
        let records: GeneratedRecordCollection
    }

    /// One prepared chunk: match records, their truth entity ids, quarantined value count.
    struct PreparedChunk: Sendable {
        var records: [MatchRecord] = []
        var truth: [String] = []
        /// `GeneratedErrorClasses` bits of each record.
        var errorClasses: [UInt32] = []
        var quarantined = 0
    }

    static func run(_ options: Options) async throws -> Result {
        var clock = PhaseClock()
        let dataset = clock.measure("generate") {
            DatasetGenerator(
                GeneratorConfiguration(records: options.records, seed: options.seed, noise: options.noise)
            ).generate()
        }
        let standardizer = RecordStandardizer(
            standardizers: try ReferenceData.standardizers(mappingsDirectory: options.mappingsDirectory))
        var contexts: [SourceContext] = []
        for (index, source) in dataset.sources.enumerated() {
            let url = options.mappingsDirectory.appendingPathComponent("\(source.kind.rawValue).yaml")
            let mapping = try MappingLoader.load(contentsOf: url)
            contexts.append(
                SourceContext(
                    name: source.name, engine: MappingEngine(mapping: mapping),
                    region: RegionCode(rawValue: mapping.defaultRegion), records: dataset.records(at: index)))
        }
        // (source << 32 | position) of every record, organizations and persons apart, in dataset order.
        var organizationSlots: [UInt64] = []
        var personSlots: [UInt64] = []
        for (source, context) in contexts.enumerated() {
            for position in context.records.indices {
                let slot = UInt64(source) << 32 | UInt64(position)
                if context.records.entity(at: position) == .organization {
                    organizationSlots.append(slot)
                } else {
                    personSlots.append(slot)
                }
            }
        }

        let engine = MatchEngine(configuration: options.configuration)
        var truthLabels: [String: Int32] = [:]
        var quarantined = 0

        // Organizations.
        let (organizationTable, organizationTruth, organizationTags) = try await clock.measure("prepare_organizations") {
            try await prepare(
                organizationSlots, entity: .organization, contexts: contexts, standardizer: standardizer,
                engine: engine, employerClusters: [:], companyPhones: [], options: options, truthLabels: &truthLabels,
                quarantined: &quarantined)
        }
        let organizations = await match(
            organizationTable, entity: .organization, engine: engine, clock: &clock, workers: options.workers)
        options.inspect?(organizations, organizationTruth)

        // Employer clusters: organization record id → its cluster (the smallest record index in it).
        let employerClusters = clock.measure("employer_clusters") {
            var clusters: [String: Int32] = [:]
            clusters.reserveCapacity(organizationTable.count)
            for (index, id) in organizationTable.ids.enumerated() {
                clusters[id] = organizations.clustering.clusterOf[index]
            }
            return clusters
        }
        // Organizations' numbers: on a person they are a switchboard, not a personal identifier.
        let companyPhones = organizationTable.slot(of: .phone).map { Set(organizationTable.dictionaries[$0].strings) }
            ?? []

        // Persons.
        let (personTable, personTruth, personTags) = try await clock.measure("prepare_persons") {
            try await prepare(
                personSlots, entity: .person, contexts: contexts, standardizer: standardizer, engine: engine,
                employerClusters: employerClusters, companyPhones: companyPhones, options: options,
                truthLabels: &truthLabels,
                quarantined: &quarantined)
        }
        let persons = await match(personTable, entity: .person, engine: engine, clock: &clock, workers: options.workers)
        options.inspect?(persons, personTruth)

        // Evaluation: both kinds in one labelling (cluster ids of persons shifted past the organizations').
        let (organizationFigures, personFigures, combined) = clock.measure("evaluate") {
            let organizationFigures = figures(
                organizations, truth: organizationTruth, tags: organizationTags, withBlocking: options.blockingReport)
            let personFigures = figures(
                persons, truth: personTruth, tags: personTags, withBlocking: options.blockingReport)
            let shift = Int32(organizationTable.count)
            let predicted = organizations.clustering.clusterOf + persons.clustering.clusterOf.map { $0 + shift }
            let combined = ClusterEvaluation.evaluate(predicted: predicted, truth: organizationTruth + personTruth)
            return (organizationFigures, personFigures, combined)
        }

        let matchPhases = ["block", "train", "score", "cluster"]
        let wall = clock.phases.filter { phase in matchPhases.contains { phase.name.hasSuffix("_" + $0) } }
            .reduce(0) { $0 + $1.seconds }
        return Result(
            records: dataset.recordCount,
            pairwise: Scores(
                precision: combined.pairwisePrecision, recall: combined.pairwiseRecall, f1: combined.pairwiseF1),
            bcubed: Scores(precision: combined.bCubedPrecision, recall: combined.bCubedRecall, f1: combined.bCubedF1),
            largestCluster: combined.largestCluster,
            pairsScored: organizations.scored.count + persons.scored.count,
            wallSeconds: (wall * 1000).rounded() / 1000, phasesSeconds: clock.json,
            peakRSSMiB: ProcessMemory.peakResidentMiB().map { ($0 * 10).rounded() / 10 }, seed: options.seed,
            workers: options.workers, loadAverage: loadAverage(), quarantined: quarantined,
            organization: organizationFigures, person: personFigures)
    }

    /// Renders, maps, standardizes and adapts the records at `slots` in parallel chunks, appending them to a table
    /// in slot order. Returns the table, the dense truth label of each of its records and its error-class bits.
    static func prepare(
        _ slots: [UInt64], entity: MatchEntity, contexts: [SourceContext], standardizer: RecordStandardizer,
        engine: MatchEngine, employerClusters: [String: Int32], companyPhones: Set<String>, options: Options,
        truthLabels: inout [String: Int32], quarantined: inout Int
    ) async throws -> (RecordTable, [Int32], [UInt32]) {
        var builder = engine.tableBuilder(for: entity)
        var truth: [Int32] = []
        truth.reserveCapacity(slots.count)
        var tags: [UInt32] = []
        tags.reserveCapacity(slots.count)
        let chunkSize = max(1, options.chunkSize)
        let chunkCount = (slots.count + chunkSize - 1) / chunkSize
        let wave = max(1, options.workers)
        var next = 0
        while next < chunkCount {
            // One wave of `workers` chunks at a time, appended before the next wave starts, bounds the prepared
            // records held in memory.
            let end = min(chunkCount, next + wave)
            let first = next * chunkSize
            let upper = min(slots.count, end * chunkSize)
            let results = try await OrderedParallelMap.chunks(
                count: upper - first, chunkSize: chunkSize, workers: wave
            ) { range in
                try prepareChunk(
                    slots[(first + range.lowerBound)..<(first + range.upperBound)], contexts: contexts,
                    standardizer: standardizer, employerClusters: employerClusters, companyPhones: companyPhones)
            }
            for chunk in results {
                builder.append(contentsOf: chunk.records)
                tags.append(contentsOf: chunk.errorClasses)
                for entityID in chunk.truth {
                    if let label = truthLabels[entityID] {
                        truth.append(label)
                    } else {
                        let label = Int32(truthLabels.count)
                        truthLabels[entityID] = label
                        truth.append(label)
                    }
                }
                quarantined += chunk.quarantined
            }
            next = end
        }
        return (builder.build(), truth, tags)
    }

    static func prepareChunk(
        _ slots: ArraySlice<UInt64>, contexts: [SourceContext], standardizer: RecordStandardizer,
        employerClusters: [String: Int32], companyPhones: Set<String>
    ) throws -> PreparedChunk {
        var chunk = PreparedChunk()
        chunk.records.reserveCapacity(slots.count)
        chunk.truth.reserveCapacity(slots.count)
        for slot in slots {
            let context = contexts[Int(slot >> 32)]
            let position = Int(slot & 0xFFFF_FFFF)
            let generated = context.records[position]
            let entity: CanonicalField.Entity = generated.entity == .organization ? .organization : .person
            let mapped: MappedRecord
            do {
                mapped = try context.engine.map(
                    JSONValue(generatedPayload: generated.payload), as: entity, source: context.name)
            } catch {
                throw Failure.mapping(source: context.name, message: "\(error)")
            }
            let standardized = standardizer.standardize(
                RawSourceRecord(
                    ref: SourceRecordRef(source: context.name, id: mapped.sourceKey), modifiedAt: generated.modifiedAt,
                    isDeleted: generated.deleted, region: context.region, party: mapped.rawParty))
            chunk.quarantined += standardized.quarantine.count
            var employerCluster: String?
            if case .person(let person) = standardized.record.party, let employer = person.employer {
                employerCluster = employerClusters["\(employer.source)/\(employer.id)"].map { String($0) }
            }
            chunk.records.append(MatchRecord(
                    standardized.record, employerCluster: employerCluster, companyPhones: companyPhones))
            chunk.truth.append(context.records.entityId(at: position))
            chunk.errorClasses.append(generated.errorClasses.rawValue)
        }
        return chunk
    }

    /// Runs the engine on one table and records its stages as phases `<kind>_block`, `_train`, `_score`,
    /// `_cluster`.
    static func match(
        _ table: RecordTable, entity: MatchEntity, engine: MatchEngine, clock: inout PhaseClock, workers: Int
    ) async -> EntityMatchResult {
        let prefix = entity == .organization ? "organizations" : "persons"
        let result = await engine.match(table, workers: workers)
        for timing in result.timings { clock.record("\(prefix)_\(timing.stage)", seconds: timing.seconds) }
        return result
    }

    static func figures(
        _ result: EntityMatchResult, truth: [Int32], tags: [UInt32], withBlocking: Bool
    ) -> EntityFigures {
        let evaluation = ClusterEvaluation.evaluate(predicted: result.clustering.clusterOf, truth: truth)
        var linked = 0
        var review = 0
        for decision in result.scored.decisions {
            switch decision {
            case .link: linked += 1
            case .review: review += 1
            default: break
            }
        }
        return EntityFigures(
            records: evaluation.records, entities: Set(truth).count,
            pairwise: Scores(
                precision: evaluation.pairwisePrecision, recall: evaluation.pairwiseRecall, f1: evaluation.pairwiseF1),
            bcubed: Scores(
                precision: evaluation.bCubedPrecision, recall: evaluation.bCubedRecall, f1: evaluation.bCubedF1),
            largestCluster: evaluation.largestCluster, pairsScored: result.scored.count, linkedPairs: linked,
            reviewPairs: review, refusedForConstraint: result.clustering.refusedForConstraint,
            refusedForSupport: result.clustering.refusedForSupport, refusedForSize: result.clustering.refusedForSize,
            lambda: result.model.lambda,
            blocking: withBlocking ? result.blocking.withTruth(truth.map(Int.init), pairs: result.scored.pairs) : nil,
            classes: classFigures(predicted: result.clustering.clusterOf, truth: truth, tags: tags))
    }

    /// Table rows per entity kind and error class: records, true pairs with a tagged record, their recall, and the
    /// false pairs made with a tagged record.
    static func classRows(_ result: Result) -> [[String]] {
        var rows: [[String]] = []
        for (entity, figures) in [("organization", result.organization), ("person", result.person)] {
            for errorClass in GeneratedErrorClass.allCases {
                guard let tag = figures.classes?[errorClass.name] else { continue }
                rows.append([
                    entity, errorClass.name, String(tag.records), String(tag.truePairs),
                    String(format: "%.4f", tag.recall), String(tag.falsePairs),
                ])
            }
        }
        return rows
    }

    /// Per error class name, or `nil` when no record carries one (the standard profile).
    static func classFigures(predicted: [Int32], truth: [Int32], tags: [UInt32])
        -> [String: ClusterEvaluation.TagFigures]?
    {
        let byBit = ClusterEvaluation.byTag(predicted: predicted, truth: truth, tags: tags)
        guard !byBit.isEmpty else { return nil }
        var named: [String: ClusterEvaluation.TagFigures] = [:]
        for errorClass in GeneratedErrorClass.allCases {
            if let figures = byBit[errorClass.rawValue] { named[errorClass.name] = figures }
        }
        return named
    }

    static func loadAverage() -> [Double]? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").prefix(3).compactMap { Double($0) }
    }
}

/// `--noise` of `golden bench match`.
enum BenchNoise: String, CaseIterable, Sendable {
    case standard
    case heldOut = "held-out"

    var profile: NoiseProfile {
        switch self {
        case .standard: .standard
        case .heldOut: .heldOutClasses
        }
    }
}
