import Foundation
import GoldenCore
import Logging
import NIOCore
import PostgresNIO

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
        guard var value else {
            buffer.writeStaticString("\\N")
            return
        }
        value.withUTF8 { writeEscaped($0) }
    }

    /// Text given as its UTF-8 bytes (valid UTF-8, as a JSON writer makes it); `nil` is NULL.
    mutating func text(utf8 value: [UInt8]?) {
        separator()
        guard let value else {
            buffer.writeStaticString("\\N")
            return
        }
        value.withUnsafeBufferPointer { writeEscaped($0) }
    }

    private mutating func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Runs of plain bytes go in with one copy each; only the four special bytes are rewritten. Eight bytes
        // are tested at a time, and a word with none of them is passed over whole (lineage alone is about a
        // gigabyte of a full run's text).
        var runStart = 0
        var index = 0
        let raw = UnsafeRawBufferPointer(bytes)
        while index < bytes.count {
            if index + 8 <= bytes.count, !Self.mayNeedEscape(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index += 8
                continue
            }
            let escape: StaticString
            switch bytes[index] {
            case UInt8(ascii: "\\"): escape = "\\\\"
            case 9: escape = "\\t"
            case 10: escape = "\\n"
            case 13: escape = "\\r"
            // `text` cannot hold NUL; U+2400 SYMBOL FOR NULL stands in, so the value still lands and shows it.
            case 0: escape = "\u{2400}"
            default:
                index += 1
                continue
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[runStart..<index]))
            buffer.writeStaticString(escape)
            index += 1
            runStart = index
        }
        buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[runStart...]))
    }

    /// Whether any of the eight bytes of `word` is below 14 (NUL, tab, newline and carriage return are) or a
    /// backslash. Exact for "no": a `false` means none is; a `true` may be a byte that needs nothing.
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // A byte b < n sets its high bit in (word - n·ones) & ~word; bytes ≥ 0x80 never do, and none of them
        // needs escaping.
        let below14 = (word &- 14 &* ones) & ~word & highs
        let backslashes = word ^ (0x5C &* ones)
        let zeroByte = (backslashes &- ones) & ~backslashes & highs
        return (below14 | zeroByte) != 0
    }

    /// `uuid` in its canonical lowercase form (``Foundation/UUID/withLowercasedText(_:)``).
    mutating func uuid(_ value: UUID?) {
        guard let value else { return text(nil) }
        separator()
        writeUUIDDigits(value)
    }

    private mutating func writeUUIDDigits(_ value: UUID) {
        value.withLowercasedText { _ = buffer.writeBytes(UnsafeRawBufferPointer($0)) }
    }

    mutating func int(_ value: Int?) {
        guard let value else { return text(nil) }
        separator()
        writeDecimal(value, width: 1)
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
        separator()
        writeDecimal(Int(parts.tm_year) + 1900, width: 4)
        buffer.writeInteger(UInt8(ascii: "-"))
        writeDecimal(Int(parts.tm_mon) + 1, width: 2)
        buffer.writeInteger(UInt8(ascii: "-"))
        writeDecimal(Int(parts.tm_mday), width: 2)
        buffer.writeInteger(UInt8(ascii: " "))
        writeDecimal(Int(parts.tm_hour), width: 2)
        buffer.writeInteger(UInt8(ascii: ":"))
        writeDecimal(Int(parts.tm_min), width: 2)
        buffer.writeInteger(UInt8(ascii: ":"))
        writeDecimal(Int(parts.tm_sec), width: 2)
        buffer.writeInteger(UInt8(ascii: "."))
        writeDecimal(fraction, width: 6)
        buffer.writeStaticString("+00")
    }

    /// A decimal number, zero-padded to `width` digits.
    private mutating func writeDecimal(_ value: Int, width: Int) {
        if value < 0 { buffer.writeInteger(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var divisor: UInt = 1
        var digits = 1
        while magnitude / divisor >= 10 {
            divisor *= 10
            digits += 1
        }
        for _ in digits..<max(width, digits) { buffer.writeInteger(UInt8(ascii: "0")) }
        while divisor > 0 {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        }
    }

    /// `bytea` in hex form (`\x…`), its backslash escaped for the text format; `nil` is NULL.
    mutating func bytea(_ value: [UInt8]?) {
        separator()
        guard let value else {
            buffer.writeStaticString("\\N")
            return
        }
        buffer.writeStaticString("\\\\x")
        // Straight into the buffer's memory: a byte at a time through `writeInteger` checks capacity per digit.
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: value.count * 2) { target in
            for (index, byte) in value.enumerated() {
                target[2 * index] = Self.hexDigits[Int(byte >> 4)]
                target[2 * index + 1] = Self.hexDigits[Int(byte & 0x0F)]
            }
            return value.count * 2
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `text[]` as an array literal with every element double-quoted (so commas, braces and quotes are safe).
    mutating func textArray(_ values: [String]) {
        // The literal is made as bytes (a quote or backslash is ASCII, never part of a longer UTF-8 sequence) and
        // then escaped for the text format like any text, so a backslash escaped inside the literal is escaped once
        // more there. It used to grow a `String` a code point at a time, for every golden record's search keys.
        var literal: [UInt8] = [UInt8(ascii: "{")]
        literal.reserveCapacity(values.reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, value) in values.enumerated() {
            if index > 0 { literal.append(UInt8(ascii: ",")) }
            literal.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { literal.append(UInt8(ascii: "\\")) }
                literal.append(byte)
            }
            literal.append(UInt8(ascii: "\""))
        }
        literal.append(UInt8(ascii: "}"))
        text(utf8: literal)
    }

    /// `uuid[]` (canonical UUID text needs no quoting inside an array literal).
    mutating func uuidArray(_ values: [UUID]) {
        separator()
        buffer.writeInteger(UInt8(ascii: "{"))
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            writeUUIDDigits(value)
        }
        buffer.writeInteger(UInt8(ascii: "}"))
    }

    mutating func endRow() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        columnsInRow = 0
    }

    private mutating func separator() {
        if columnsInRow > 0 { buffer.writeInteger(UInt8(9)) }
        columnsInRow += 1
    }

    /// Sends what is buffered once it reaches `bytes` (by default about a megabyte), then starts a new buffer.
    mutating func flush(to writer: PostgresCopyFromWriter, atLeast bytes: Int = 1 << 20) async throws {
        guard buffer.readableBytes >= bytes else { return }
        try await writer.write(buffer)
        reset()
    }

    /// Starts a new buffer: the old one may still be on its way to the server, so it is not cleared in place.
    mutating func reset() {
        buffer = ByteBufferAllocator().buffer(capacity: buffer.capacity)
        columnsInRow = 0
    }
}

extension PostgresConnection {
    /// One COPY … FROM STDIN whose rows are sent about a megabyte at a time (``COPYTextWriter/flush(to:)``).
    /// Table and column names are constants of the store, never input.
    func copyRows(
        into table: String, columns: [String], logger: Logger,
        rows: (inout COPYTextWriter, PostgresCopyFromWriter) async throws -> Void
    ) async throws {
        try await copyFrom(table: table, columns: columns, logger: logger) { writer in
            var row = COPYTextWriter()
            try await rows(&row, writer)
            try await row.flush(to: writer, atLeast: 1)
        }
    }
}
