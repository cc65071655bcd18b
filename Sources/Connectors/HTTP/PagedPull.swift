/// The loop every API pull shares: walk the passes (one per object, or per object and kind) page by page, and
/// stop for good after the last pass or the first error, so a failed source never resumes half-way in one run.
///
/// Each connector's actor keeps its own paging state and implements only ``fetchPage(_:)``, which returns the next
/// batch of the current pass or `nil` once that pass is exhausted (having advanced ``passIndex``).
protocol PagedPull: Actor {
    associatedtype Pass: Sendable
    var passes: [Pass] { get }
    var passIndex: Int { get }
    var finished: Bool { get set }
    func fetchPage(_ pass: Pass) async throws -> RawRecordBatch?
}

extension PagedPull {
    func next() async throws -> RawRecordBatch? {
        while !finished {
            guard passIndex < passes.count else {
                finished = true
                return nil
            }
            do {
                if let batch = try await fetchPage(passes[passIndex]) { return batch }
            } catch {
                finished = true
                throw error
            }
        }
        return nil
    }

    /// The pull as the `Connector` protocol hands it out.
    nonisolated func stream() -> AsyncThrowingStream<RawRecordBatch, any Error> {
        AsyncThrowingStream { try await self.next() }
    }
}
