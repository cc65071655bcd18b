import Foundation
import Matching
import NIOCore
import Testing

@testable import GoldenStore

/// The COPY text writer passes over eight plain bytes at a time. Whatever the string, it must write exactly what a
/// byte-by-byte escape writes.
@Suite("COPY text writer")
struct COPYTextWriterTests {
    /// The text format's escapes, one byte at a time: the reference.
    static func reference(_ value: String) -> [UInt8] {
        var out: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case 9: out += Array("\\t".utf8)
            case 10: out += Array("\\n".utf8)
            case 13: out += Array("\\r".utf8)
            case 0: out += Array("\u{2400}".utf8)
            default: out.append(byte)
            }
        }
        return out
    }

    @Test("strings with special bytes anywhere are escaped as byte by byte, over 5,000 seeded strings")
    func escapesLikeTheReference() {
        var random = SeededGenerator(seed: 29)
        let pieces: [String] = ["a", "Я", "\\", "\t", "\n", "\r", "\0", "\u{1}", "\u{0E}", "\u{0D}", "é", "😀", " ", "}", "\u{7F}"]
        for round in 0..<5_000 {
            let length = Int.random(in: 0..<40, using: &random)
            let value = (0..<length).map { _ in
                // Mostly plain text, so whole words pass over and specials land at every offset of a word.
                Int.random(in: 0..<4, using: &random) == 0 ? pieces.randomElement(using: &random)! : "x"
            }.joined()
            var writer = COPYTextWriter(capacity: 16)
            writer.text(value)
            let written = Array(writer.buffer.readableBytesView)
            #expect(written == Self.reference(value), "round \(round): \(value.debugDescription)")
            var bytesWriter = COPYTextWriter(capacity: 16)
            bytesWriter.text(utf8: Array(value.utf8))
            #expect(Array(bytesWriter.buffer.readableBytesView) == written, "round \(round), given as bytes")
        }
    }

    @Test("text arrays quote every element and escape quotes and backslashes, over 2,000 seeded arrays")
    func textArrays() {
        var random = SeededGenerator(seed: 41)
        let pieces = ["a", "Ж", "\"", "\\", ",", "{", "}", "\t", " ", "😀", "NULL"]
        for round in 0..<2_000 {
            let values = (0..<Int.random(in: 0..<5, using: &random)).map { _ in
                (0..<Int.random(in: 0..<6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            }
            // The literal as PostgreSQL reads it: each element double-quoted, `"` and `\` backslashed.
            let literal = "{" + values.map { value in
                "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            }.joined(separator: ",") + "}"
            var writer = COPYTextWriter(capacity: 16)
            writer.textArray(values)
            #expect(Array(writer.buffer.readableBytesView) == Self.reference(literal), "round \(round): \(values)")
        }
    }

    @Test("a word with any special byte is never passed over")
    func noSpecialByteIsMissed() {
        var random = SeededGenerator(seed: 31)
        for special: UInt8 in [0, 9, 10, 13, UInt8(ascii: "\\")] {
            for position in 0..<8 {
                for _ in 0..<200 {
                    var bytes = (0..<8).map { _ in UInt8.random(in: 14...255, using: &random) }
                    bytes[position] = special
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    #expect(COPYTextWriter.mayNeedEscape(word), "\(bytes)")
                }
            }
        }
        // Plain text (no byte below 14, no backslash) passes.
        let plain = Array("Ромашка!".utf8.prefix(8))
        #expect(!COPYTextWriter.mayNeedEscape(plain.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
    }

    @Test("ids are written in PostgreSQL's lowercase form, NULL as \\N")
    func ids() {
        var random = SeededGenerator(seed: 37)
        for _ in 0..<200 {
            let id = UUID(uuid: (
                UInt8.random(in: 0...255, using: &random), UInt8.random(in: 0...255, using: &random),
                UInt8.random(in: 0...255, using: &random), UInt8.random(in: 0...255, using: &random),
                UInt8.random(in: 0...255, using: &random), UInt8.random(in: 0...255, using: &random),
                UInt8.random(in: 0...255, using: &random), UInt8.random(in: 0...255, using: &random),
                UInt8.random(in: 0...255, using: &random), UInt8.random(in: 0...255, using: &random),
                UInt8.random(in: 0...255, using: &random), UInt8.random(in: 0...255, using: &random),
                UInt8.random(in: 0...255, using: &random), UInt8.random(in: 0...255, using: &random),
                UInt8.random(in: 0...255, using: &random), UInt8.random(in: 0...255, using: &random)))
            var writer = COPYTextWriter(capacity: 8)
            writer.uuid(id)
            writer.uuid(nil)
            writer.uuidArray([id, id])
            writer.text(utf8: nil)
            writer.endRow()
            let lower = id.uuidString.lowercased()
            #expect(
                String(decoding: writer.buffer.readableBytesView, as: UTF8.self)
                    == "\(lower)\t\\N\t{\(lower),\(lower)}\t\\N\n")
        }
    }
}
