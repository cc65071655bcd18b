import Foundation
import GoldenCore
import SyncEngine
import Synchronization

/// A one-line status on standard error while a sync runs on a terminal: the phase, records pulled per source, the
/// rate and the time so far. Redrawn at most ten times a second, erased at the end so the summary prints clean.
///
/// There is no ETA: an API pull does not say how many records are left (a first pull could, but an incremental one
/// cannot), and a made-up ETA is worse than none.
final class TerminalProgress: Sendable {
    private struct State {
        var phase = "starting"
        var pulled: [String: Int] = [:]
        var order: [String] = []
        var lastDraw = ContinuousClock.now - .seconds(1)
        var drawn = false
    }

    private let state = Mutex(State())
    private let start = ContinuousClock.now
    private let write: @Sendable (String) -> Void

    /// A renderer when standard error is a terminal, else `nil` (logs and JSON output stay untouched).
    static func ifTerminal() -> TerminalProgress? {
        isatty(STDERR_FILENO) != 0 ? TerminalProgress() : nil
    }

    init(write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.write = write
    }

    var handler: SyncProgressHandler {
        { [self] event in self.handle(event) }
    }

    func handle(_ event: SyncProgressEvent) {
        let line: String? = state.withLock { state in
            switch event {
            case .phase(let phase):
                state.phase = phase
                state.lastDraw = .now - .seconds(1)  // a new phase always shows
            case .pulled(let source, let records):
                if state.pulled[source] == nil { state.order.append(source) }
                state.pulled[source] = records
            }
            let now = ContinuousClock.now
            guard now - state.lastDraw >= .milliseconds(100) else { return nil }
            state.lastDraw = now
            state.drawn = true
            return Self.render(phase: state.phase, pulled: state.order.map { ($0, state.pulled[$0] ?? 0) },
                               elapsed: (now - start).secondsValue)
        }
        if let line { write("\r\u{1B}[2K" + line) }
    }

    /// Erases the status line.
    func finish() {
        if state.withLock({ $0.drawn }) { write("\r\u{1B}[2K") }
    }

    static func render(phase: String, pulled: [(String, Int)], elapsed: Double) -> String {
        let total = pulled.reduce(0) { $0 + $1.1 }
        let rate = elapsed > 0 ? Double(total) / elapsed : 0
        let sources = pulled.map { "\($0.0) \($0.1)" }.joined(separator: " · ")
        var line = "golden sync: \(phase)"
        if !pulled.isEmpty { line += " — \(sources) — \(total) records, \(Int(rate.rounded())) rec/s" }
        return line + String(format: " — %.0f s", elapsed)
    }
}
