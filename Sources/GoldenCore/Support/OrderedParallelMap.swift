import Foundation

/// Maps a collection on all cores and returns the results in input order.
///
/// CPU-bound stages (standardizing a landing batch, decoding stored match values) split their input into one
/// contiguous chunk per core; each chunk's results land at the chunk's position, so the output never depends on
/// scheduling. One helper instead of a hand-written task group in every stage.
public enum OrderedParallelMap {
    /// - Parameter minimumCount: below this many elements the map runs on the calling task (no task overhead).
    public static func map<Element: Sendable, Result: Sendable>(
        _ input: [Element], workers: Int = ProcessInfo.processInfo.activeProcessorCount, minimumCount: Int = 2,
        _ transform: @escaping @Sendable (Element) throws -> Result
    ) async rethrows -> [Result] {
        guard input.count >= max(2, minimumCount), workers > 1 else { return try input.map(transform) }
        let chunk = (input.count + workers - 1) / workers
        let chunks = (input.count + chunk - 1) / chunk
        return try await withThrowingTaskGroup(of: (Int, [Result]).self) { group in
            for part in 0..<chunks {
                let slice = input[(part * chunk)..<min((part + 1) * chunk, input.count)]
                group.addTask { (part, try slice.map(transform)) }
            }
            var parts = [[Result]](repeating: [], count: chunks)
            for try await (part, results) in group { parts[part] = results }
            return parts.flatMap { $0 }
        }
    }
}
