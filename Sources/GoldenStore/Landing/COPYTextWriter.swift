import Foundation
import NIOCore

/// Writes rows in PostgreSQL's COPY text format into a `ByteBuffer`.
///
/// PostgresNIO's `copyFrom` speaks the text format and leaves encoding to the caller. The format is simple —
/// tab-separated columns, `\N` for NULL, backslash escapes for backslash, tab, newline and carriage return — and
/// this writer is the one place that knows it, so no value can break a row.
struct COPYTextWriter {
    private(set) var buffer: ByteBuffer
    private var columnsInRow = 0

    init(capacity: Int = 1 << 20) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    mutating func text(_ value: String?) {
        separator()
        guard let value else {
            buffer.writeStaticString("\\N")
            return
        }
        // Fast path: most values need no escaping.
        if !value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == 9 || $0 == 10 || $0 == 13 }) {
            buffer.writeString(value)
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case 9: buffer.writeStaticString("\\t")
            case 10: buffer.writeStaticString("\\n")
            case 13: buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }

    mutating func uuid(_ value: UUID?) {
        text(value?.uuidString.lowercased())
    }

    mutating func int(_ value: Int?) {
        text(value.map(String.init))
    }

    mutating func bool(_ value: Bool) {
        text(value ? "t" : "f")
    }

    /// `timestamptz` as a UTC instant with microseconds (`2024-05-20 20:49:32.000000+00`).
    ///
    /// Formatted by hand from the calendar fields: `ISO8601DateFormatter` is far too slow for a million rows.
    mutating func timestamp(_ value: Date?) {
        guard let value else { return text(nil) }
        let micros = Int64((value.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = time_t(micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000)
        let fraction = Int(micros - Int64(seconds) * 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ number: Int, _ width: Int) -> String {
            let digits = String(number)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        text(
            "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2)) "
                + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))."
                + "\(pad(fraction, 6))+00")
    }

    /// `bytea` in hex form (`\x…`), its backslash escaped for the text format.
    mutating func bytea(_ value: [UInt8]) {
        separator()
        buffer.writeStaticString("\\\\x")
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        for byte in value {
            buffer.writeInteger(digits[Int(byte >> 4)])
            buffer.writeInteger(digits[Int(byte & 0x0F)])
        }
    }

    /// `text[]` as an array literal with every element double-quoted (so commas, braces and quotes are safe).
    mutating func textArray(_ values: [String]) {
        var literal = "{"
        for (index, value) in values.enumerated() {
            if index > 0 { literal += "," }
            literal += "\""
            for character in value.unicodeScalars {
                if character == "\"" || character == "\\" { literal += "\\" }
                literal.unicodeScalars.append(character)
            }
            literal += "\""
        }
        literal += "}"
        text(literal)
    }

    mutating func endRow() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        columnsInRow = 0
    }

    private mutating func separator() {
        if columnsInRow > 0 { buffer.writeInteger(UInt8(9)) }
        columnsInRow += 1
    }

    /// Starts a new buffer: the old one may still be on its way to the server, so it is not cleared in place.
    mutating func reset() {
        buffer = ByteBufferAllocator().buffer(capacity: buffer.capacity)
        columnsInRow = 0
    }
}
