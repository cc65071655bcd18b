import Foundation
import GoldenStore

/// CPU time the PostgreSQL server has used, for benchmarks that run on the same machine as the server.
///
/// Benchmarks share two cores with the server, so wall time alone cannot say which side a change helped. Summed
/// user+system time of every server process (backends and background workers, listed by the store's
/// `ServerProcesses`, read from `/proc/<pid>/stat`) can: the difference over a run is the server's share. `nil`
/// when the server is elsewhere. Reading `/proc` is the benchmark's business, not the store's.
struct ServerCPU: Sendable {
    let processes: ServerProcesses

    init(database: GoldenDatabase) {
        self.processes = ServerProcesses(database: database)
    }

    /// Seconds of CPU used so far by the server's current processes, or `nil` when their `/proc` entries are not
    /// readable here (a remote server, another container).
    func seconds() async throws -> Double? {
        Self.seconds(of: try await processes.ids())
    }

    /// CPU seconds used so far per server process, and which of them are the server's upkeep.
    struct Snapshot: Sendable {
        var seconds: [Int32: Double] = [:]
        var maintenance: Set<Int32> = []
    }

    /// Seconds of CPU used so far per server process, to tell what a phase cost: a process that a phase started
    /// counts whole, and one that ended inside it is lost (a pool keeps its connections, so that is rare for
    /// backends; an autovacuum worker lives for one table).
    func snapshot() async throws -> Snapshot {
        var snapshot = Snapshot()
        for process in try await processes.processes() {
            snapshot.seconds[process.pid] = Self.seconds(of: [process.pid])
            if process.isMaintenance { snapshot.maintenance.insert(process.pid) }
        }
        return snapshot
    }

    /// CPU seconds the processes of `end` used since `start` (only the server's upkeep with `maintenanceOnly`), or
    /// `nil` when none was readable.
    static func used(from start: Snapshot, to end: Snapshot, maintenanceOnly: Bool = false) -> Double? {
        var total = 0.0
        var readAny = false
        for (pid, seconds) in end.seconds {
            readAny = true
            guard !maintenanceOnly || end.maintenance.contains(pid) else { continue }
            total += seconds - (start.seconds[pid] ?? 0)
        }
        return readAny ? total : nil
    }

    /// Seconds of CPU used so far by the given server processes, or `nil` when none is readable here.
    static func seconds(of pids: [Int32]) -> Double? {
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        var total = 0.0
        var readAny = false
        for pid in pids {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let afterName = stat.lastIndex(of: ")")
            else { continue }
            // Fields after "(comm)": state is field 3, utime 14 and stime 15 (proc(5)).
            let fields = stat[stat.index(after: afterName)...].split(separator: " ")
            guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            total += (user + system) / ticksPerSecond
            readAny = true
        }
        return readAny ? total : nil
    }
}
