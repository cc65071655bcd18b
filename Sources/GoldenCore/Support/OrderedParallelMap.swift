import Foundation

/// Maps a collection on all cores and returns the results in input order.
///
/// CPU-bound stages (standardizing a landing batch, decoding stored match values, scoring pairs, the benchmarks'
/// record preparation) split their input into contiguous chunks; each chunk's result lands at the chunk's
/// position, so the output never depends on scheduling. One helper instead of a hand-written task group in every
/// stage.
public enum OrderedParallelMap {
    /// Maps `input` in contiguous pieces, at most `workers` at a time.
    ///
    /// A piece is one worker's share, but never more than ``piece`` elements. These maps run beside tasks that
    /// drive the database (a chunk's writer, the batch landing before) on the same cooperative pool of one thread
    /// per core. A piece with no suspension point holds its thread to the end: one half of a 20k-record survivorship
    /// chunk held both threads for about half a second while the server waited for the writer's next statement.
    ///
    /// - Parameter minimumCount: below this many elements the map runs on the calling task (no task overhead).
    public static func map<Element: Sendable, Result: Sendable>(
        _ input: [Element], workers: Int = ProcessInfo.processInfo.activeProcessorCount, minimumCount: Int = 2,
        _ transform: @escaping @Sendable (Element) throws -> Result
    ) async rethrows -> [Result] {
        guard input.count >= max(2, minimumCount), workers > 1 else { return try input.map(transform) }
        let chunk = min((input.count + workers - 1) / workers, piece)
        let parts = try await chunks(count: input.count, chunkSize: chunk, workers: workers) { range in
            try input[range].map(transform)
        }
        return parts.flatMap { $0 }
    }

    /// Elements per piece of ``map(_:workers:minimumCount:_:)``: a few milliseconds to a few dozen of work for the
    /// maps in this project (hashing a payload, decoding a document, assembling a golden record).
    public static let piece = 256

    /// Runs `body` over the contiguous chunks `0..<chunkSize`, `chunkSize..<2·chunkSize`, … of `0..<count` with at
    /// most `workers` chunks in flight, and returns the chunk results in chunk order.
    ///
    /// Use it when a chunk's result is not a plain array (a prepared table part, a CPU time next to the records)
    /// or when the number of chunks in flight must stay bounded to bound memory (scoring millions of pairs).
    ///
    /// - Parameters:
    ///   - count: the number of elements; no chunk is run when it is zero.
    ///   - chunkSize: elements per chunk (at least one); the last chunk may be shorter.
    ///   - workers: the most chunks running at once (at least one).
    public static func chunks<Result: Sendable>(
        count: Int, chunkSize: Int, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        _ body: @escaping @Sendable (Range<Int>) throws -> Result
    ) async rethrows -> [Result] {
        guard count > 0 else { return [] }
        let size = max(1, chunkSize)
        let chunkCount = (count + size - 1) / size
        let limit = max(1, workers)
        return try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            func submit() {
                let index = next
                next += 1
                let range = (index * size)..<min(count, (index + 1) * size)
                group.addTask { (index, try body(range)) }
            }
            while next < min(limit, chunkCount) { submit() }
            var results = [Result?](repeating: nil, count: chunkCount)
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < chunkCount { submit() }
            }
            return results.map { $0! }
        }
    }
}

extension OrderedParallelMap {
    /// `transform(0)`, …, `transform(count - 1)` on all cores, in index order, for synchronous code: a few large,
    /// unequal pieces (a table's columns, blocking rules) that each own their output. The calling thread takes part
    /// (`DispatchQueue.concurrentPerform`), so it never waits for a thread the cooperative pool has no room for.
    public static func map<Result: Sendable>(
        indices count: Int, _ transform: @Sendable (Int) -> Result
    ) -> [Result] {
        guard count > 1 else { return (0..<count).map(transform) }
        let slots = ResultSlots<Result>(count: count)
        defer { slots.free() }
        DispatchQueue.concurrentPerform(iterations: count) { index in slots.buffer[index] = transform(index) }
        return slots.buffer.map { slot in
            guard let slot else { preconditionFailure("concurrentPerform left an index unrun") }
            return slot
        }
    }
}

/// One result slot per index. Each slot is written by exactly one worker and read after all of them finished,
/// which is what makes the unchecked sendability sound.
private final class ResultSlots<Result: Sendable>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Result?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    func free() {
        _ = buffer.deinitialize()
        buffer.deallocate()
    }
}
