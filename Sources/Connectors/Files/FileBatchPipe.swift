import Foundation

/// Hands record batches from a blocking file reader on its own thread to an async consumer, with backpressure.
///
/// `XMLParser` is a push parser that runs to the end of the document inside `parse()`, and file reads block; doing
/// either on the cooperative pool (two threads on our machines) would stall every other task. So each pull runs its
/// reader on a dedicated thread that blocks in ``send(_:)`` while `capacity` batches wait unconsumed: a 1 GB file
/// never sits in memory, whatever the landing speed. When the consumer goes away (the stream is dropped or its
/// task cancelled), ``send(_:)`` returns `false` and the reader stops.
final class FileBatchPipe: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var queue: [RawRecordBatch] = []
    private typealias Waiter = CheckedContinuation<RawRecordBatch?, any Error>

    private var waiting: Waiter?
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false

    init(capacity: Int = 2) {
        self.capacity = capacity
    }

    /// Called on the reader thread. Blocks while the queue is full; `false` once the consumer is gone.
    func send(_ batch: RawRecordBatch) -> Bool {
        condition.lock()
        // A consumer may start waiting while this thread sleeps on a full queue, so it is checked after every
        // wake-up: a waiting consumer means the queue is empty and this batch is the next one in order.
        while !cancelled, waiting == nil, queue.count >= capacity { condition.wait() }
        if cancelled {
            condition.unlock()
            return false
        }
        if let continuation = waiting {
            waiting = nil
            condition.unlock()
            continuation.resume(returning: batch)
            return true
        }
        queue.append(batch)
        condition.unlock()
        return true
    }

    /// Called on the reader thread once, when it is done (`error == nil`) or failed.
    func finish(throwing error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        let continuation = waiting
        waiting = nil
        condition.unlock()
        if let continuation {
            if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: nil) }
        }
    }

    /// The next batch, `nil` at the end; rethrows the reader's error after every earlier batch was taken.
    func next() async throws -> RawRecordBatch? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: Waiter) in
                condition.lock()
                if !queue.isEmpty {
                    let batch = queue.removeFirst()
                    condition.broadcast()
                    condition.unlock()
                    continuation.resume(returning: batch)
                } else if finished || cancelled {
                    let error = failure
                    failure = nil
                    condition.unlock()
                    if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: nil) }
                } else {
                    waiting = continuation
                    condition.unlock()
                }
            }
        } onCancel: {
            cancel()
        }
    }

    /// Stops the reader: its next ``send(_:)`` returns `false`, and a waiting consumer gets the end of the stream.
    func cancel() {
        condition.lock()
        cancelled = true
        let continuation = waiting
        waiting = nil
        condition.broadcast()
        condition.unlock()
        continuation?.resume(returning: nil)
    }
}
