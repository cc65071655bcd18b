import Foundation

/// Where a broken 1C file can be read again: the next record element after the line where libxml2 gave up.
///
/// libxml2 stops at the first well-formedness error, and FoundationXML offers no recovery mode. A broken tag in one
/// `Контрагент` would otherwise cost every element after it. So the reader finds the next record start tag
/// (`<Контрагент`, `<Справочник.Контрагенты`, `<УдалениеОбъекта`, with or without a prefix) on a later line and
/// parses again from there, with the file's own XML declaration (its encoding) and a synthetic root in front. The
/// bytes skipped in between are the refused part.
enum XMLResumption {
    /// Local names of the elements a resumed parse may start at.
    static let recordNames = ["Контрагент", "Справочник.Контрагенты", "УдалениеОбъекта"].map { Array($0.utf8) }
    /// The root put around the rest of the file when the file's own root start tag cannot be found. Either way
    /// the rest of the file closes elements the resumed parse never opened; the error that causes at the end is
    /// recognised by ``isOnlyClosingTags(_:)``.
    static let syntheticRoot = Array("<golden-resumed>".utf8)

    struct Point {
        /// Byte offset of the `<` of the record's start tag.
        var offset: Int
        /// 1-based line of that byte.
        var line: Int
    }

    /// The byte offset where `line` starts, or `nil` when the file has fewer lines, counting from byte `start`
    /// (the start of line `startLine`). Streams in 64 KB chunks.
    static func offset(ofLine line: Int, in url: URL, start: Int = 0, startLine: Int = 1) throws -> Int? {
        guard line > startLine else { return start }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(start))
        var current = startLine
        var base = start
        while let chunk = try handle.read(upToCount: 64 * 1024), !chunk.isEmpty {
            for (index, byte) in chunk.enumerated() where byte == 0x0A {
                current += 1
                if current == line { return base + index + 1 }
            }
            base += chunk.count
        }
        return nil
    }

    /// The first record start tag at or after byte `from` (which starts line `line`).
    static func nextRecord(in url: URL, from: Int, line: Int) throws -> Point? {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(from))
        var window: [UInt8] = []
        var windowStart = from
        var windowLine = line
        let longest = recordNames.map(\.count).max() ?? 0
        while let chunk = try handle.read(upToCount: 64 * 1024), !chunk.isEmpty {
            window.append(contentsOf: chunk)
            var index = 0
            var lineAtIndex = windowLine
            while index < window.count {
                let byte = window[index]
                if byte == 0x0A {
                    lineAtIndex += 1
                } else if byte == UInt8(ascii: "<"), index + 1 < window.count, window[index + 1] != UInt8(ascii: "/") {
                    if index + longest + 2 > window.count, chunk.count == 64 * 1024 { break }
                    if startsRecord(window, at: index + 1) {
                        return Point(offset: windowStart + index, line: lineAtIndex)
                    }
                }
                index += 1
            }
            // Keep the unexamined tail (a tag cut by the chunk end) for the next round.
            window.removeFirst(index)
            windowStart += index
            windowLine = lineAtIndex
        }
        return nil
    }

    /// Whether the tag name at `index` (after `<`, maybe with a `prefix:`) is a record's, followed by `>`, `/`
    /// or whitespace.
    private static func startsRecord(_ bytes: [UInt8], at index: Int) -> Bool {
        var start = index
        var cursor = index
        while cursor < bytes.count, cursor - index < 64 {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: ":") { start = cursor + 1 }
            if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == 0x20 || byte == 0x09 || byte == 0x0A
                || byte == 0x0D
            {
                let name = bytes[start..<cursor]
                return recordNames.contains { $0.elementsEqual(name) }
            }
            cursor += 1
        }
        return false
    }

    /// What a resumed parse starts with: the file's XML declaration (so the same encoding is decoded) and its root
    /// start tag (so namespaces and the document date are as before), or ``syntheticRoot``.
    static func prefix(of url: URL) throws -> [UInt8] {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var bytes = [UInt8](try handle.read(upToCount: 64 * 1024) ?? Data())
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var declaration: [UInt8] = []
        var index = 0
        if bytes.starts(with: Array("<?xml".utf8)),
            let end = bytes.indices.dropLast().first(where: {
                bytes[$0] == UInt8(ascii: "?") && bytes[$0 + 1] == UInt8(ascii: ">")
            })
        {
            declaration = Array(bytes[...(end + 1)])
            index = end + 2
        }
        // The root start tag: the first `<` followed by a name, past comments, processing instructions and DOCTYPE.
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] != UInt8(ascii: "!"),
                bytes[index + 1] != UInt8(ascii: "?"), bytes[index + 1] != UInt8(ascii: "/")
            {
                var quote: UInt8?
                var cursor = index + 1
                while cursor < bytes.count {
                    let byte = bytes[cursor]
                    if let open = quote {
                        if byte == open { quote = nil }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == UInt8(ascii: ">") {
                        // A self-closed root holds no records; resume under a synthetic one.
                        if bytes[cursor - 1] == UInt8(ascii: "/") { break }
                        return declaration + bytes[index...cursor]
                    }
                    cursor += 1
                }
                break
            }
            index += 1
        }
        return declaration + syntheticRoot
    }

    /// `true` when `bytes` hold nothing but closing tags, comments and whitespace: the end of the original
    /// document, which a resumed parse cannot match against its synthetic root.
    static func isOnlyClosingTags(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "<"), index + 1 < bytes.count,
                bytes[index + 1] == UInt8(ascii: "/") || bytes[index + 1] == UInt8(ascii: "!"),
                let close = bytes[index...].firstIndex(of: UInt8(ascii: ">"))
            else { return false }
            index = close + 1
        }
        return true
    }

    /// The bytes of `url` in `range` (the refused part), cut at `limit`.
    static func bytes(of url: URL, from: Int, to: Int?, limit: Int) throws -> (bytes: [UInt8], total: Int) {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let size = Int(try handle.seekToEnd())
        let end = min(to ?? size, size)
        guard end > from else { return ([], 0) }
        try handle.seek(toOffset: UInt64(from))
        let kept = [UInt8](try handle.read(upToCount: min(end - from, limit)) ?? Data())
        return (kept, end - from)
    }
}

/// A stream of `prefix` followed by a file from `offset` on: what a resumed parse reads, without copying the file.
final class ResumedXMLStream: InputStream {
    private let prefix: [UInt8]
    private var prefixSent = 0
    private let handle: FileHandle
    private var status: Stream.Status = .notOpen

    init(prefix: [UInt8], url: URL, offset: Int) throws {
        self.prefix = prefix
        handle = try FileHandle(forReadingFrom: url)
        try handle.seek(toOffset: UInt64(offset))
        super.init(data: Data())
    }

    deinit {
        try? handle.close()
    }

    override func open() { status = .open }

    override func close() {
        status = .closed
        try? handle.close()
    }

    override var streamStatus: Stream.Status { status }

    override var hasBytesAvailable: Bool { status == .open }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength length: Int) -> Int {
        guard status == .open, length > 0 else { return 0 }
        if prefixSent < prefix.count {
            let count = min(length, prefix.count - prefixSent)
            for index in 0..<count { buffer[index] = prefix[prefixSent + index] }
            prefixSent += count
            return count
        }
        guard let data = try? handle.read(upToCount: length), !data.isEmpty else {
            status = .atEnd
            return 0
        }
        data.copyBytes(to: buffer, count: data.count)
        return data.count
    }
}
