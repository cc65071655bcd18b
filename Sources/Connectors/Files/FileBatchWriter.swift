import Foundation
import GoldenCore

/// Collects records into batches of a fixed size and sends them through a ``FileBatchPipe``.
///
/// Every batch carries a watermark. Batches in the middle of a file carry the watermark the pull started from, so
/// committing them does not claim the file as done; ``flush(watermark:)`` at the end of a file sends the rest with
/// the watermark that marks the file as fully processed (an empty batch when nothing is left, so the watermark
/// still moves past a file without records). Rejected rows and notices ride in the batch being filled, so they are
/// stored with the records around them; rejected rows count toward the batch size, so a file of nothing but bad
/// rows still streams in bounded memory.
final class FileBatchWriter {
    /// Thrown inside the reader when the consumer went away, to unwind it quickly.
    struct Stopped: Error {}

    private let pipe: FileBatchPipe
    private let batchSize: Int
    private var records: [RawRecord] = []
    private var rejected: [RejectedRow] = []
    private var notices: [String] = []
    /// Rows left out since the last batch was sent (``LandedRowSkipping``); they ride in the next batch's count.
    private var skipped = 0
    /// The watermark of the last fully processed file.
    private(set) var committedWatermark: String?

    init(pipe: FileBatchPipe, batchSize: Int, startWatermark: String?) {
        self.pipe = pipe
        self.batchSize = max(1, batchSize)
        self.committedWatermark = startWatermark
        records.reserveCapacity(self.batchSize)
    }

    private var pending: Int { records.count + rejected.count }

    func append(_ record: RawRecord) throws {
        records.append(record)
        if pending >= batchSize { try sendPending() }
    }

    func reject(_ row: RejectedRow) throws {
        rejected.append(row)
        if pending >= batchSize { try sendPending() }
    }

    /// Counts a row left out because landing holds it already. Skipped rows do not fill a batch.
    func skip() {
        skipped += 1
    }

    func notice(_ text: String) {
        notices.append(text)
    }

    /// Sends what is left, then moves the watermark to `watermark`.
    func flush(watermark: String?) throws {
        committedWatermark = watermark
        try send(batch(watermark: watermark))
        clear()
    }

    /// Sends what is left without moving the watermark (before a fatal error ends the pull).
    func flushPending() {
        guard pending > 0 || !notices.isEmpty || skipped > 0 else { return }
        _ = pipe.send(batch(watermark: committedWatermark))
        clear()
    }

    private func sendPending() throws {
        try send(batch(watermark: committedWatermark))
        clear()
    }

    /// What is pending, as one batch carrying `watermark`.
    private func batch(watermark: String?) -> RawRecordBatch {
        RawRecordBatch(records: records, watermark: watermark, rejected: rejected, notices: notices, skipped: skipped)
    }

    private func clear() {
        records.removeAll(keepingCapacity: true)
        rejected.removeAll()
        notices.removeAll()
        skipped = 0
    }

    private func send(_ batch: RawRecordBatch) throws {
        guard pipe.send(batch) else { throw Stopped() }
    }
}
