/// Cancels its pipe when the stream that owns it is released, so an abandoned pull does not leave a blocked thread.
final class FileBatchPipeOwner: Sendable {
    let pipe: FileBatchPipe

    init(pipe: FileBatchPipe) {
        self.pipe = pipe
    }

    deinit {
        pipe.cancel()
    }
}
