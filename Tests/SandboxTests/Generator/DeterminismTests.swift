import Foundation
import Testing
@testable import Sandbox

@Suite struct DeterminismTests {
    private let configuration = GeneratorConfiguration(records: 3_000, seed: 99)

    @Test func sameSeedGivesIdenticalRecordsAndTruth() {
        let first = DatasetGenerator(configuration).generate()
        let second = DatasetGenerator(configuration).generate()
        #expect(Array(first.allRecords) == Array(second.allRecords))
        #expect(Array(first.truth) == Array(second.truth))
    }

    @Test func recordsRenderTheSameInAnyOrder() throws {
        let dataset = DatasetGenerator(configuration).generate()
        let collection = dataset.records(for: "bitrix24")
        let forward = Array(collection)
        let backward = collection.indices.reversed().map { collection[$0] }
        #expect(forward == Array(backward.reversed()))
        let hundredth = try #require(forward.dropFirst(100).first)
        #expect(collection[100] == hundredth)
        #expect(collection.records(in: 37..<420) == Array(forward[37..<420]))
    }

    @Test func sameSeedGivesByteIdenticalFiles() throws {
        let dataset = DatasetGenerator(configuration).generate()
        let first = GeneratorFixtures.temporaryDirectory()
        let second = GeneratorFixtures.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        let firstFiles = try dataset.writeFiles(to: first)
        let secondFiles = try DatasetGenerator(configuration).generate().writeFiles(to: second)
        #expect(firstFiles.map(\.lastPathComponent) == secondFiles.map(\.lastPathComponent))
        #expect(firstFiles.count == 12)
        for (a, b) in zip(firstFiles, secondFiles) {
            #expect(try Data(contentsOf: a) == Data(contentsOf: b), "\(a.lastPathComponent) differs")
        }
    }

    @Test func differentSeedGivesDifferentData() {
        var other = configuration
        other.seed = 100
        let first = Array(DatasetGenerator(configuration).generate().records(for: "sf_a").prefix(50))
        let second = Array(DatasetGenerator(other).generate().records(for: "sf_a").prefix(50))
        let firstNames = first.compactMap { $0.payload["Name"]?.stringValue ?? $0.payload["LastName"]?.stringValue }
        let secondNames = second.compactMap { $0.payload["Name"]?.stringValue ?? $0.payload["LastName"]?.stringValue }
        #expect(firstNames != secondNames)
        #expect(first.map(\.modifiedAt) != second.map(\.modifiedAt))
    }

    @Test func prngIsTheReferenceSplitMix64() {
        // First outputs of SplitMix64 seeded with 0 (reference implementation by S. Vigna).
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    }
}
