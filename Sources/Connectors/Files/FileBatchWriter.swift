import Foundation

/// Collects records into batches of a fixed size and sends them through a ``FileBatchPipe``.
///
/// Every batch carries a watermark. Batches in the middle of a file carry the watermark the pull started from, so
/// committing them does not claim the file as done; ``flush(watermark:)`` at the end of a file sends the rest with
/// the watermark that marks the file as fully processed (an empty batch when nothing is left, so the watermark
/// still moves past a file without records).
final class FileBatchWriter {
    /// Thrown inside the reader when the consumer went away, to unwind it quickly.
    struct Stopped: Error {}

    private let pipe: FileBatchPipe
    private let batchSize: Int
    private var records: [RawRecord] = []
    /// The watermark of the last fully processed file.
    private(set) var committedWatermark: String?

    init(pipe: FileBatchPipe, batchSize: Int, startWatermark: String?) {
        self.pipe = pipe
        self.batchSize = max(1, batchSize)
        self.committedWatermark = startWatermark
        records.reserveCapacity(self.batchSize)
    }

    func append(_ record: RawRecord) throws {
        records.append(record)
        if records.count >= batchSize {
            try send(RawRecordBatch(records: records, watermark: committedWatermark))
            records.removeAll(keepingCapacity: true)
        }
    }

    /// Sends what is left, then moves the watermark to `watermark`.
    func flush(watermark: String?) throws {
        committedWatermark = watermark
        try send(RawRecordBatch(records: records, watermark: watermark))
        records.removeAll(keepingCapacity: true)
    }

    /// Sends what is left without moving the watermark (before a fatal error ends the pull).
    func flushPending() {
        guard !records.isEmpty else { return }
        _ = pipe.send(RawRecordBatch(records: records, watermark: committedWatermark))
        records.removeAll()
    }

    private func send(_ batch: RawRecordBatch) throws {
        guard pipe.send(batch) else { throw Stopped() }
    }
}
