import Foundation
import GoldenStore

/// Runs left `running` by a process that died (`kill -9`, a crash, a reboot) are closed as `abandoned` by the next
/// run, so summaries and the UI never show a dead run as still going.
///
/// Only runs started on this host can be judged: their process is gone when its pid no longer exists, or when the
/// pid now belongs to a process that started after the run did (the pid was reused). Runs of other hosts are left
/// to the next run there.
enum AbandonedRuns {
    static func close(_ runs: RunRepository) async throws -> Int {
        let host = ProcessInfo.processInfo.hostName
        let me = Int(ProcessInfo.processInfo.processIdentifier)
        let gone = try await runs.running().filter { run in
            guard run.host == host, let pid = run.pid, pid != me else { return false }
            return !processAlive(pid, startedBefore: run.startedAt)
        }
        try await runs.abandon(gone.map(\.runID), reason: "its process (\(host), pid) is gone: killed or crashed")
        return gone.count
    }

    /// Whether `pid` is a live process that started no later than `date` (a little slack for clock rounding).
    static func processAlive(_ pid: Int, startedBefore date: Date) -> Bool {
        guard pid > 0, kill(pid_t(pid), 0) == 0 || errno == EPERM else { return false }
        guard let started = processStart(pid) else { return true }
        return started <= date.addingTimeInterval(2)
    }

    /// When `pid` started, from `/proc` (Linux); `nil` where that is not available.
    static func processStart(_ pid: Int) -> Date? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")"),
            let uptimeText = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
            let uptime = Double(uptimeText.split(separator: " ").first ?? "")
        else { return nil }
        // Fields after the command name; `starttime` is field 22 overall, the 20th after ")".
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard hertz > 0 else { return nil }
        let bootedAt = Date().addingTimeInterval(-uptime)
        return bootedAt.addingTimeInterval(ticks / hertz)
    }
}
