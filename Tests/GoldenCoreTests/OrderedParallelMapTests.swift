import Foundation
import Testing

@testable import GoldenCore

/// The one ordered parallel map: results come back in input order for any chunking, and no more chunks run at once
/// than asked.
@Suite struct OrderedParallelMapTests {
    /// Counts the chunks running at once and the most ever seen.
    final class Gauge: @unchecked Sendable {
        private let lock = NSLock()
        private var running = 0
        private(set) var peak = 0

        func enter() {
            lock.lock()
            running += 1
            peak = max(peak, running)
            lock.unlock()
        }

        func leave() {
            lock.lock()
            running -= 1
            lock.unlock()
        }
    }

    @Test(arguments: [(0, 3, 2), (1, 3, 2), (10, 3, 2), (10, 10, 4), (10, 1, 3), (1_000, 7, 5), (1_000, 4_096, 2)])
    func chunksCoverTheRangeInOrder(_ count: Int, _ chunkSize: Int, _ workers: Int) async {
        let parts = await OrderedParallelMap.chunks(count: count, chunkSize: chunkSize, workers: workers) { $0 }
        #expect(parts.flatMap { Array($0) } == Array(0..<count))
        #expect(parts.count == (count + chunkSize - 1) / chunkSize)
        #expect(parts.dropLast().allSatisfy { $0.count == chunkSize })
    }

    @Test(arguments: [1, 2, 3])
    func atMostWorkersChunksRunAtOnce(_ workers: Int) async {
        let gauge = Gauge()
        let parts = await OrderedParallelMap.chunks(count: 64, chunkSize: 2, workers: workers) { range in
            gauge.enter()
            defer { gauge.leave() }
            Thread.sleep(forTimeInterval: 0.002)
            return range.lowerBound
        }
        #expect(parts == Array(stride(from: 0, to: 64, by: 2)))
        #expect(gauge.peak <= workers)
    }

    @Test func mapKeepsOrderAndRethrows() async throws {
        let input = Array(0..<1_001)
        #expect(try await OrderedParallelMap.map(input, workers: 3) { $0 * 2 } == input.map { $0 * 2 })
        #expect(try await OrderedParallelMap.map(input, workers: 1) { $0 + 1 } == input.map { $0 + 1 })
        struct Odd: Error {}
        await #expect(throws: Odd.self) {
            _ = try await OrderedParallelMap.map(input, workers: 4) { value in
                if value == 777 { throw Odd() }
                return value
            }
        }
    }

    @Test(arguments: [0, 1, 2, 17, 300])
    func indexMapRunsEveryIndexOnceInOrder(_ count: Int) {
        let calls = Gauge()
        let results = OrderedParallelMap.map(indices: count) { index in
            calls.enter()
            return "#\(index)"
        }
        #expect(results == (0..<count).map { "#\($0)" })
        // Nothing leaves, so the gauge's peak is the number of calls: each index ran exactly once.
        #expect(calls.peak == count)
    }
}
