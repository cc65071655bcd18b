import Foundation
import Testing

@testable import Sandbox

@Suite("Sandbox timestamps")
struct SandboxMillisTests {
    @Test("a millisecond stamp prints as itself and parses back to the same millisecond")
    func roundTrip() throws {
        var generator = SeededGenerator(seed: 20)  // seeded: a failure reproduces
        let samples: [Int64] =
            [0, 1, 999, 1_000, 1_795_463_260_237, 1_716_238_172_117, -1, -1_001]
            + (0..<2_000).map { _ in Int64.random(in: 0...4_102_444_800_000, using: &generator) }
        for millis in samples {
            let text = SandboxMillis.iso8601(millis)
            let parsed = try Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            #expect(Int64((parsed.timeIntervalSince1970 * 1000).rounded()) == millis, "\(millis) → \(text)")
            #expect(text.hasSuffix("Z") && text.count == 24, "\(text)")
        }
        #expect(SandboxMillis.iso8601(1_795_463_260_237) == "2026-11-23T19:47:40.237Z")
        #expect(SandboxMillis.iso8601(-1) == "1969-12-31T23:59:59.999Z")
    }
}
