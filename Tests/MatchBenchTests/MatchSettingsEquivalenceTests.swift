import Connectors
import Foundation
import GoldenCore
import Matching
import Sandbox
import SyncEngine
import Testing

@testable import golden

/// The comparisons of the shipped `mappings/match.yaml` are the code presets, proven by scoring: the same seeded
/// generated records matched with the presets and with the file give the same pairs, levels, weights, model and
/// clusters, bit for bit.
@Suite struct MatchSettingsEquivalenceTests {
    /// What one match run handed out through the benchmark's inspection hook.
    final class Capture: @unchecked Sendable {
        struct Run: Equatable {
            var left: [Int32]
            var right: [Int32]
            var levels: [Int8]
            var weights: [Float]
            var model: MatchModel
            var clusters: [Int32]
        }

        private let lock = NSLock()
        private var stored: [Run] = []

        func append(_ result: EntityMatchResult) {
            let run = Run(
                left: result.scored.pairs.left, right: result.scored.pairs.right, levels: result.scored.levels,
                weights: result.scored.weights, model: result.model, clusters: result.clustering.clusterOf)
            lock.lock()
            stored.append(run)
            lock.unlock()
        }

        var runs: [Run] {
            lock.lock()
            defer { lock.unlock() }
            return stored
        }
    }

    static func run(_ configuration: MatchConfiguration) async throws -> [Capture.Run] {
        var configuration = configuration
        // Fewer random pairs for u than the default million, as in MatchBenchmarkTests (debug builds are slow).
        configuration.organization.uSamplePairs = 60_000
        configuration.person.uSamplePairs = 60_000
        let capture = Capture()
        var options = MatchBenchmark.Options(
            records: 3_000, seed: 11, mappingsDirectory: MatchBenchmarkTests.mappings, workers: 2,
            configuration: configuration, chunkSize: 500)
        options.inspect = { result, _ in capture.append(result) }
        _ = try await MatchBenchmark.run(options)
        return capture.runs
    }

    @Test func shippedComparisonsScoreExactlyAsTheCodeDefaults() async throws {
        let url = MatchBenchmarkTests.mappings.appendingPathComponent(MatchSettingsLoader.fileName)
        // Over presets whose comparisons are a placeholder, so every comparison below comes from the file.
        var placeholder = MatchConfiguration()
        for entity in MatchEntity.allCases {
            let comparisons = [Comparison("placeholder", levels: [ComparisonLevel(.exact(.email))])]
            switch entity {
            case .organization: placeholder.organization.comparisons = comparisons
            case .person: placeholder.person.comparisons = comparisons
            }
        }
        let fromFile = try MatchSettingsLoader.load(
            yaml: try String(contentsOf: url, encoding: .utf8), file: url.path, over: placeholder)
        let code = MatchConfiguration()
        for entity in MatchEntity.allCases {
            #expect(fromFile[entity].comparisons.map(\.name) == code[entity].comparisons.map(\.name))
        }

        let withCode = try await Self.run(code)
        let withFile = try await Self.run(fromFile)
        try #require(withCode.count == 2 && withFile.count == 2)
        for (entity, (a, b)) in zip(["organization", "person"], zip(withCode, withFile)) {
            #expect(a.weights.count > 500, "\(entity): too few pairs to mean anything")
            #expect(a.left == b.left && a.right == b.right, "\(entity): candidate pairs differ")
            #expect(a.levels == b.levels, "\(entity): comparison levels differ")
            #expect(a.weights == b.weights, "\(entity): weights differ")
            #expect(a.model == b.model, "\(entity): models differ")
            #expect(a.clusters == b.clusters, "\(entity): clusters differ")
        }
    }

    /// `MatchRecord.standardizedAttributes(of:)` is what `match.yaml` may name; it must cover every attribute the
    /// adapter actually produces, or a valid configuration would be refused.
    @Test func adapterAttributesAreTheConfigurableOnes() throws {
        let mappings = MatchBenchmarkTests.mappings
        let standardizer = RecordStandardizer(
            standardizers: try ReferenceData.standardizers(mappingsDirectory: mappings))
        let dataset = DatasetGenerator(GeneratorConfiguration(records: 3_000, seed: 29)).generate()
        let inputs = StandardizeBenchmark.inputs(dataset, mappings: try GeneratedSourceMappings(directory: mappings))
        var seen: [MatchEntity: Set<MatchAttribute>] = [:]
        for input in inputs {
            let record = MatchRecord(standardizer.standardize(input).record, employerCluster: "1")
            seen[record.entity, default: []].formUnion(record.values.keys)
        }
        for entity in MatchEntity.allCases {
            let allowed = Set(MatchRecord.standardizedAttributes(of: entity))
            let produced = seen[entity] ?? []
            #expect(produced.subtracting(allowed).isEmpty, "\(entity) produces \(produced.subtracting(allowed))")
            // The generator fills most of them (no national id kinds other than SNILS, no OGRN on every source).
            #expect(produced.count >= allowed.count - 4, "\(entity): only \(produced.sorted())")
        }
    }
}
