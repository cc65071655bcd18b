import Foundation
import GoldenCore
import Testing

@Suite("UUID text")
struct UUIDTextTests {
    @Test("ids print as Foundation prints them, lower-cased, for 1,000 random ids and the extremes")
    func sameAsFoundation() {
        var ids = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))]
        ids.append(UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)))
        for _ in 0..<1_000 { ids.append(UUID()) }
        for id in ids {
            #expect(id.lowercasedText == id.uuidString.lowercased())
        }
    }
}
