/// What a running sync reports as it goes, for a person watching a terminal. The run's result does not depend on
/// anyone listening; the CLI draws a status line from these on a TTY and ignores them otherwise.
public enum SyncProgressEvent: Sendable, Hashable {
    /// `records` pulled so far from `source` (cumulative).
    case pulled(source: String, records: Int)
    /// A phase of the run began: `matching`, `pushing`…
    case phase(String)
}

public typealias SyncProgressHandler = @Sendable (SyncProgressEvent) -> Void
