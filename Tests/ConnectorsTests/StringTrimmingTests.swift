import Foundation
import Testing

@testable import Connectors

@Suite("Trimming mapped values")
struct StringTrimmingTests {
    @Test("trims exactly what Foundation's whitespacesAndNewlines trims, on random mixes of spaces and text")
    func agreesWithFoundation() {
        let pieces: [String] = [
            " ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2003}", "\u{2028}",
            "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{200B}", "\u{FEFF}", "\u{7F}", "a", "Я", "«", "1", "é",
            "e\u{301}", "🇷🇺", "\u{0}",
        ]
        var generator = SeededGenerator(seed: 20)  // seeded: a failure reproduces
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...8, using: &generator)
            let text = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(
                text.trimmingWhitespace == text.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test("untrimmed text comes back as it is; all-space text becomes empty")
    func edges() {
        #expect("ООО «Ромашка»".trimmingWhitespace == "ООО «Ромашка»")
        #expect("  Romashka LLC\u{A0}\n".trimmingWhitespace == "Romashka LLC")
        #expect(" \u{3000}\t ".trimmingWhitespace == "")
        #expect("".trimmingWhitespace == "")
    }
}
