import Foundation
import Matching
import Sandbox
import Testing

@testable import golden

/// The real pipeline (generator → mapping files → standardizers → adapter → match engine) on a small dataset.
@Suite struct MatchBenchmarkTests {
    static var mappings: URL {
        // The test file may be reached through a symlinked folder; the mappings sit at the repository root.
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("mappings")
    }

    /// Fewer random pairs for u than the default million: debug builds are slow and 3,000 records do not need it.
    static func options(workers: Int, chunkSize: Int, capture: ClusterCapture? = nil) -> MatchBenchmark.Options {
        var configuration = MatchConfiguration()
        configuration.organization.uSamplePairs = 60_000
        configuration.person.uSamplePairs = 60_000
        var options = MatchBenchmark.Options(
            records: 3_000, seed: 11, mappingsDirectory: mappings, blockingReport: true, workers: workers,
            configuration: configuration, chunkSize: chunkSize)
        if let capture {
            options.inspect = { result, _ in capture.append(result.clustering.clusterOf) }
        }
        return options
    }

    @Test func pipelineClustersGeneratedRecordsAboveTheFloor() async throws {
        let result = try await MatchBenchmark.run(Self.options(workers: 2, chunkSize: 500))
        #expect(result.records >= 3_000)
        #expect(result.pairwise.f1 >= 0.97, "pairwise \(result.pairwise)")
        #expect(result.bcubed.f1 >= 0.98, "b-cubed \(result.bcubed)")
        #expect(result.organization.pairwise.precision >= 0.98)
        #expect(result.person.pairwise.precision >= 0.98)
        #expect(result.largestCluster <= 20)
        #expect((result.organization.blocking?.recallCeiling ?? 0) >= 0.97)
        #expect((result.person.blocking?.recallCeiling ?? 0) >= 0.97)
        let data = try JSONEncoder().encode(result)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["records", "pairwise", "bcubed", "largest_cluster", "pairs_scored", "wall_s", "phases_s"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let pairwise = try #require(object["pairwise"] as? [String: Any])
        #expect(Set(pairwise.keys) == ["precision", "recall", "f1"])
        let phases = Set(result.phasesSeconds.keys)
        for phase in ["generate", "prepare_organizations", "organizations_block", "persons_score", "persons_cluster"] {
            #expect(phases.contains(phase), "missing phase \(phase)")
        }
    }

    /// `--noise held-out`: the figures carry one entry per error class that touched records of a kind, with
    /// consistent counts; the standard profile carries none (its JSON is as before).
    @Test func heldOutProfileReportsFiguresPerErrorClass() async throws {
        var options = Self.options(workers: 2, chunkSize: 500)
        options.blockingReport = false
        options.noise = .heldOutClasses
        let result = try await MatchBenchmark.run(options)
        let organization = try #require(result.organization.classes)
        let person = try #require(result.person.classes)
        for name in ["shared_free_mail", "same_surname_colleague", "initials_in_source", "no_contact"] {
            #expect(person[name] != nil, "no person figures for \(name)")
        }
        for name in ["address_transliterated", "group_company", "same_name_other_form"] {
            #expect(organization[name] != nil, "no organization figures for \(name)")
        }
        for figures in Array(organization.values) + Array(person.values) {
            #expect(figures.records > 0 && figures.foundPairs <= figures.truePairs)
        }
        #expect(!MatchBenchmark.classRows(result).isEmpty)
        let data = try JSONEncoder().encode(result)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let personObject = try #require(object["person"] as? [String: Any])
        let classes = try #require(personObject["classes"] as? [String: [String: Any]])
        #expect(Set(classes["no_contact"]?.keys.map { $0 } ?? []) == [
            "records", "true_pairs", "found_pairs", "false_pairs", "recall",
        ])

        let standard = try await MatchBenchmark.run(Self.options(workers: 2, chunkSize: 500))
        #expect(standard.organization.classes == nil && standard.person.classes == nil)
        #expect(MatchBenchmark.classRows(standard).isEmpty)
    }

    @Test func resultDoesNotDependOnWorkersOrChunks() async throws {
        let one = ClusterCapture()
        let two = ClusterCapture()
        let first = try await MatchBenchmark.run(Self.options(workers: 1, chunkSize: 4_096, capture: one))
        let second = try await MatchBenchmark.run(Self.options(workers: 2, chunkSize: 333, capture: two))
        #expect(one.clusters == two.clusters)
        #expect(first.pairwise == second.pairwise)
        #expect(first.pairsScored == second.pairsScored)
    }
}

/// Cluster labels handed out by the pipeline's inspection hook, in call order (organizations, then persons).
final class ClusterCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [[Int32]] = []

    func append(_ clusters: [Int32]) {
        lock.lock()
        stored.append(clusters)
        lock.unlock()
    }

    var clusters: [[Int32]] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
