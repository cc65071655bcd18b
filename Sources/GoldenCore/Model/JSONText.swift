/// JSON string literals written as UTF-8 bytes, the one escaping both stored attributes and canonical payloads use.
///
/// Plain runs are copied at once; only quotes, backslashes and control bytes are rewritten (`\"`, `\\`, `\n`, `\r`,
/// `\t`, `\u00xx` in lowercase hex). Content hashes and stored text depend on these exact bytes, so they must never
/// change (pinned by tests in GoldenCoreTests and ConnectorsTests).
///
/// - Parameter nulAsSymbol: write U+0000 as U+2400 SYMBOL FOR NULL (`␀`) instead of `\u0000`. Raw payloads use
///   it: PostgreSQL's `jsonb` (and `->>` on `json`) refuses `\u0000`, while `␀` is kept by every store and seen by a
///   steward. Stored attributes and lineage need not: mapping removes control characters before standardizing.
public enum JSONText {
    /// `string` as a JSON string literal.
    public static func quoted(_ string: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(string, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func appendQuoted(_ string: String, to output: inout [UInt8], nulAsSymbol: Bool = false) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                if byte == 0, nulAsSymbol {
                    output.append(contentsOf: [0xE2, 0x90, 0x80])
                    continue
                }
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
                case 0x0A: output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(UInt8(ascii: "r"))
                case 0x09: output.append(UInt8(ascii: "t"))
                default:
                    output.append(contentsOf: "u00".utf8)
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
