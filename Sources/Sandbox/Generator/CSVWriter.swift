import Foundation

/// RFC 4180 CSV output, streamed to a file in large chunks.
///
/// Fields containing a comma, a double quote, CR or LF are quoted, with inner quotes doubled; lines end
/// with CRLF as the RFC says. Output is UTF-8 without a byte-order mark.
struct CSVWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(1 << 20)
    }

    static func escape(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    mutating func write(row: [String]) throws {
        for (offset, field) in row.enumerated() {
            if offset > 0 { buffer.append(0x2C) }
            buffer.append(contentsOf: Self.escape(field).utf8)
        }
        buffer.append(contentsOf: [0x0D, 0x0A])
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws {
        try flush()
        try handle.close()
    }
}
