import Foundation
import SyncEngine
import Synchronization
import Testing

@testable import golden

@Suite("Terminal status line")
struct TerminalProgressTests {
    @Test("a phase always draws; pulled counts add up per source; the line is erased at the end")
    func draws() {
        let written = Mutex<[String]>([])
        let progress = TerminalProgress(write: { text in written.withLock { $0.append(text) } })
        progress.handle(.phase("pulling"))
        progress.handle(.pulled(source: "sf_a", records: 200))
        progress.handle(.pulled(source: "sf_a", records: 400))
        progress.handle(.phase("matching and surviving"))
        progress.finish()
        let lines = written.withLock { $0 }
        #expect(lines.first?.contains("golden sync: pulling") == true)
        #expect(lines.count >= 3, "two phases and the erase")
        #expect(lines.dropLast().last?.contains("matching and surviving") == true)
        #expect(lines.dropLast().last?.contains("sf_a 400") == true, "the newest count per source, not a sum")
        #expect(lines.last == "\r\u{1B}[2K")
    }

    @Test("the line names each source, the total and the rate")
    func render() {
        let line = TerminalProgress.render(phase: "pulling", pulled: [("sf_a", 1_000), ("hubspot", 500)], elapsed: 3)
        #expect(line == "golden sync: pulling — sf_a 1000 · hubspot 500 — 1500 records, 500 rec/s — 3 s")
    }
}
