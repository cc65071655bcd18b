import Foundation
import Testing

@testable import SyncEngine

/// Freed heap memory between live blocks goes back to the system when a golden run asks for it.
@Suite("Freed memory goes back to the system")
struct FreedMemoryTests {
    /// Resident pages of this process in MiB (`VmRSS`), or `nil` without procfs.
    static func residentMiB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(separator: " ").dropFirst().first.flatMap { Double($0) }.map { $0 / 1024 }
        }
        return nil
    }

    @Test("holes left between live blocks are resident until released, and not after")
    func releasesHoles() throws {
        #if os(Linux)
        #expect(FreedMemory.isAvailable)
        // 3,200 blocks of 64 KiB (below glibc's mmap threshold, so they come from a heap), every page touched;
        // every other block freed leaves 100 MiB of holes that live blocks pin in place.
        let count = 3_200
        var blocks: [UnsafeMutableRawPointer] = (0..<count).map { _ in
            let block = malloc(64 * 1024)!
            memset(block, 0x5A, 64 * 1024)
            return block
        }
        for index in stride(from: 0, to: count, by: 2) { free(blocks[index]) }
        let before = try #require(Self.residentMiB())
        FreedMemory.release()
        let after = try #require(Self.residentMiB())
        // Other tests run beside this one, so the margin is wide: most of the 100 MiB, not all of it.
        #expect(before - after > 60, "RSS \(before) MiB before the release, \(after) MiB after")
        for index in stride(from: 1, to: count, by: 2) { free(blocks[index]) }
        blocks.removeAll()
        #endif
    }
}
