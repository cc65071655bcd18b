import Foundation

/// Runs a blocking file reader on its own thread and exposes its batches as the stream ``Connector/pull(since:)``
/// returns.
enum FileBatchStream {
    static func make(
        batchSize: Int, startWatermark: String?, read: @escaping @Sendable (FileBatchWriter) throws -> Void
    ) -> AsyncThrowingStream<RawRecordBatch, any Error> {
        let pipe = FileBatchPipe()
        let owner = FileBatchPipeOwner(pipe: pipe)
        let thread = Thread {
            let writer = FileBatchWriter(pipe: pipe, batchSize: batchSize, startWatermark: startWatermark)
            do {
                try read(writer)
                pipe.finish(throwing: nil)
            } catch is FileBatchWriter.Stopped {
                pipe.finish(throwing: nil)
            } catch {
                writer.flushPending()
                pipe.finish(throwing: error)
            }
        }
        thread.name = "golden.file-reader"
        thread.start()
        return AsyncThrowingStream(unfolding: { try await owner.pipe.next() })
    }

    /// Runs `operation` and blocks the calling thread until it finishes: how a reader, which runs on a plain
    /// `Thread` of its own (never one of Swift concurrency's, which must not block), asks the store something
    /// before its first row.
    static func wait<T: Sendable>(for operation: @escaping @Sendable () async throws -> T) throws -> T {
        let answer = Answer<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { answer.set(.success(try await operation())) } catch { answer.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        return try answer.get()
    }

    /// The result handed from the task to the waiting thread.
    private final class Answer<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<T, any Error>?

        func set(_ value: Result<T, any Error>) {
            lock.withLock { result = value }
        }

        func get() throws -> T {
            guard let result = lock.withLock({ result }) else { preconditionFailure("read before the task finished") }
            return try result.get()
        }
    }
}
