import Foundation
import Testing

@testable import Connectors

/// The stored watermark of the CRM connectors: one JSON object, one entry per pass, read back only by the pull.
@Suite("Pass watermarks")
struct PassWatermarksTests {
    @Test("what is encoded decodes to the same passes, whatever the names and stamps hold")
    func roundTrip() {
        let samples: [[String: String]] = [
            [:],
            ["Account": "2024-03-01T10:00:00.000+0000"],
            ["companies": "2024-03-01T10:00:00.123Z", "companies#deleted": "1970-01-01T00:00:00.000Z"],
            ["contacts#archived": "1711965600000", "Контакты": "2024-03-01T13:00:00+03:00", "q\"uo\\te": "\n"],
        ]
        for watermarks in samples {
            #expect(PassWatermarks.decode(PassWatermarks.encode(watermarks)) == watermarks)
        }
    }

    @Test("keys are sorted, so the same passes always store the same text")
    func sortedKeys() {
        let text = PassWatermarks.encode(["contacts": "2", "companies#deleted": "3", "companies": "1"])
        #expect(text == #"{"companies":"1","companies#deleted":"3","contacts":"2"}"#)
        #expect(PassWatermarks.encode([:]) == "{}")
    }

    @Test(
        "no watermark, or one this shape does not describe, starts every pass from scratch",
        arguments: [nil, "", "not json", "[]", #"{"companies": 5}"#, #"{"companies": null}"#, #""2024-01-01""#])
    func unreadableStartsFromScratch(_ text: String?) {
        #expect(PassWatermarks.decode(text) == [:])
    }

    @Test("a pass the stored value does not name is simply absent, so a pass added later starts from scratch")
    func newPassStartsFromScratch() {
        let stored = PassWatermarks.decode(#"{"companies":"2024-03-01T10:00:00.000Z"}"#)
        #expect(stored["companies"] == "2024-03-01T10:00:00.000Z")
        #expect(stored["companies#deleted"] == nil)
    }
}
