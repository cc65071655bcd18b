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
}
