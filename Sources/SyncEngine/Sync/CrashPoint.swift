import Foundation

/// Named points where a test can make a sync process die as `kill -9` would, to prove a rerun repairs everything.
///
/// `GOLDEN_KILL_AT=<point>` in the environment makes the process send itself SIGKILL on reaching that point: no
/// handler runs, no transaction commits, no connection closes cleanly; exactly a crash. Unset (always, outside the
/// crash-safety test), a point costs one dictionary lookup per run.
public enum CrashPoint: String, Sendable, CaseIterable {
    /// Every source landed; matching has not started.
    case landed
    /// Organizations' golden records are written; persons are not.
    case organizationsWritten = "organizations_written"
    /// The first push batch was acknowledged by its source; the rest of the outbox is not delivered.
    case firstPushBatch = "first_push_batch"

    static let armed: CrashPoint? = ProcessInfo.processInfo.environment["GOLDEN_KILL_AT"].flatMap(CrashPoint.init)

    static func reach(_ point: CrashPoint) {
        guard armed == point else { return }
        kill(getpid(), SIGKILL)
    }
}
