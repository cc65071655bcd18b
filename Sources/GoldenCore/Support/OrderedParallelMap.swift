import Foundation

/// Maps a collection on all cores and returns the results in input order.
///
/// CPU-bound stages (standardizing a page, decoding stored match values) split their input into one contiguous
/// chunk per core; each chunk's results land at the chunk's position, so the output never depends on scheduling.
public enum OrderedParallelMap {
    public static func map<Element: Sendable, Result: Sendable>(
        _ input: [Element], workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        _ transform: @escaping @Sendable (Element) -> Result
    ) async -> [Result] {
        guard input.count > 1, workers > 1 else { return input.map(transform) }
        let chunk = (input.count + workers - 1) / workers
        return await withTaskGroup(of: (Int, [Result]).self) { group in
            for (part, start) in stride(from: 0, to: input.count, by: chunk).enumerated() {
                let slice = input[start..<min(start + chunk, input.count)]
                group.addTask { (part, slice.map(transform)) }
            }
            var parts = [[Result]](repeating: [], count: (input.count + chunk - 1) / chunk)
            for await (part, results) in group { parts[part] = results }
            return parts.flatMap { $0 }
        }
    }
}
