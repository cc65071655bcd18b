import Foundation

/// Times named phases of one benchmark run.
struct PhaseClock {
    private let clock = ContinuousClock()
    private(set) var phases: [(name: String, seconds: Double)] = []

    mutating func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = clock.now
        let result = try body()
        phases.append((name, (clock.now - start).seconds))
        return result
    }

    mutating func measure<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
        let start = clock.now
        let result = try await body()
        phases.append((name, (clock.now - start).seconds))
        return result
    }

    /// Adds a phase timed elsewhere (for example a stage timed inside the match engine).
    mutating func record(_ name: String, seconds: Double) {
        phases.append((name, seconds))
    }

    var total: Double { phases.reduce(0) { $0 + $1.seconds } }

    var json: [String: Double] {
        Dictionary(uniqueKeysWithValues: phases.map { ($0.name, ($0.seconds * 1000).rounded() / 1000) })
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

/// Warns when a benchmark runs from a debug build: its figures would say nothing.
enum BuildMode {
    static var isDebug: Bool {
        #if DEBUG
        return true
        #else
        return false
        #endif
    }

    static func warnIfDebug() {
        if isDebug {
            Output.error("warning: this is a debug build; benchmark figures come from `swift build -c release`")
        }
    }
}

/// CPU time (user + system), to tell a benchmark's own cost from the server's on a shared machine.
enum CPUTime {
    /// This process, all threads.
    static func process() -> Double { seconds(of: RUSAGE_SELF.rawValue) }

    /// The calling thread (Linux `RUSAGE_THREAD`, which Glibc's module does not export by name).
    static func thread() -> Double { seconds(of: 1) }

    private static func seconds(of who: Int32) -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(who), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
