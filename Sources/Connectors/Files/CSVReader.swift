import Foundation
import GoldenCore

/// Streams the rows of an RFC 4180 delimited text file (CSV, Excel's `;` export, TSV) straight from bytes.
///
/// The parser is a byte-level state machine over 64 KB chunks read from a `FileHandle`: memory stays flat for a
/// file of any size, and no `String` is built until a whole value is known, which is what keeps it well above the
/// landing rate. The state survives chunk boundaries, so a quoted value may span chunks and lines.
///
/// Problems are reported at the smallest scope that is honest: a row with the wrong number of values, bytes that
/// are not text, or a quoted value that does not close within ``Limits`` is a per-row issue (``next()`` returns
/// `.failure`, ``rawBytes`` holds the row as the file had it, and the next call continues with the next row). An
/// unclosed quote consumes at most ``Limits/quotedLines`` lines or ``Limits/quotedBytes`` bytes: past that, the line
/// the row started on is refused and reading resumes on the line after it, so one stray quote costs one row, not
/// the rest of the file. A bad header or an undecodable file is thrown, because nothing after it can be trusted.
///
/// - Important: Not thread-safe; one reader belongs to one consumer.
public final class CSVReader {
    /// How far a quoted value may run before the reader decides its quote never closes.
    public struct Limits: Sendable, Hashable {
        /// Lines a quoted value may span (a multi-line address or note spans a few).
        public var quotedLines: Int
        /// Bytes a quoted value may hold (Salesforce long text areas hold up to 131,072 characters).
        public var quotedBytes: Int

        public init(quotedLines: Int = 1_000, quotedBytes: Int = 1 << 20) {
            self.quotedLines = max(1, quotedLines)
            self.quotedBytes = max(1, quotedBytes)
        }

        public static let `default` = Limits()
    }

    /// The file name used in every location (`customers.csv:17`).
    public let file: String
    /// The delimiter byte in use: given, or detected from the header line.
    public let delimiter: UInt8
    /// Column names from the header row, trimmed, unique and non-empty.
    public private(set) var header: [String] = []
    /// The line the header row starts on.
    public private(set) var headerLine = 1
    /// The encoding the bytes are decoded from.
    public private(set) var encoding: TextEncoding
    /// Why the encoding was chosen, when that was a guess a person should hear about (see
    /// ``TextEncodingDetection/isGuess``); set at the start, or when the first non-ASCII bytes arrive later.
    public private(set) var encodingNotice: String?
    /// The bytes of the row the last ``next()`` returned (success or failure), without its line break. For a
    /// windows-1251 file they are the row's text in UTF-8.
    public var rawBytes: [UInt8] { Array(rawRecord[..<rawEnd]) }
    /// Where ``rawRecord`` ends without its line break.
    private var rawEnd: Int {
        var end = rawRecord.count
        while end > 0, rawRecord[end - 1] == 0x0A || rawRecord[end - 1] == 0x0D { end -= 1 }
        return end
    }
    /// The line the row the last ``next()`` returned starts on (success or failure).
    public private(set) var rowLine = 0
    public let limits: Limits

    /// Delimiters tried on the header line, in the order that wins a tie.
    public static let candidateDelimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]
    static let chunkSize = 64 * 1024

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    /// What ``readRecord()`` found.
    private enum Record {
        /// A row that starts on `line`, its values in ``fieldBytes`` and ``fieldEnds`` until the next read.
        case row(line: Int)
        /// A quote opened on `quoteLine` that did not close within the limits; the row starting on `line` is
        /// refused and ``rawRecord`` holds its first line.
        case unclosedQuote(line: Int, quoteLine: Int, why: String)
    }

    private let source: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    /// `true` while only ASCII has been seen, so the encoding is still open.
    private var encodingUndecided = false
    private var line = 1
    private var skipLineFeed = false
    private var fieldBytes: [UInt8] = []
    private var fieldEnds: [Int] = []
    /// Set by ``makeRow(line:bytes:ends:)`` to the index of the first value that was not valid UTF-8 (it then
    /// holds replacement characters).
    private var invalidColumn: Int?
    /// Every byte of the record being read (from the buffer, so after windows-1251 decoding), line break included.
    private var rawRecord: [UInt8] = []

    /// Opens `url`, detects its encoding and delimiter, and reads the header row.
    ///
    /// - Parameters:
    ///   - url: a local file.
    ///   - source: the configured source name, for errors.
    ///   - delimiter: `nil` detects one of `,` `;` tab `|` from the header line (the most frequent wins).
    ///   - limits: how far an unclosed quote may run.
    /// - Throws: ``ConnectorError`` `unavailable` when the file cannot be opened; `malformedPage` when it is not
    ///   text in a known encoding, has no header, or the header has an empty or repeated column name.
    public init(url: URL, source: String, delimiter: UInt8? = nil, limits: Limits = .default) throws {
        self.file = url.lastPathComponent
        self.source = source
        self.limits = limits
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw ConnectorError(
                .unavailable, source: source, location: url.lastPathComponent,
                message: "cannot open the file: \(error.localizedDescription)")
        }
        fieldBytes.reserveCapacity(1024)
        fieldEnds.reserveCapacity(64)
        var first = try Self.readChunk(from: handle, file: url.lastPathComponent, source: source)
        atEnd = first.count < Self.chunkSize
        guard let detection = TextEncodingDetector.detect(first, isComplete: atEnd) else {
            let offset = TextEncodingDetector.firstInvalidUTF8Offset(in: first, isComplete: atEnd) ?? 0
            let line = TextEncodingDetector.line(ofOffset: offset, in: first)
            try? handle.close()
            throw ConnectorError(
                .malformedPage, source: source, location: "\(url.lastPathComponent):\(line)",
                message: "the file is neither UTF-8 nor windows-1251 text (byte 0x"
                    + String(first[offset], radix: 16, uppercase: true) + " at offset \(offset))")
        }
        encoding = detection.encoding
        if detection.isGuess { encodingNotice = "\(url.lastPathComponent): read as \(encoding.rawValue): \(detection.reason)" }
        encodingUndecided = detection.encoding == .utf8 && detection.bomLength == 0 && !first.contains { $0 >= 0x80 }
        first.removeFirst(detection.bomLength)
        if encoding == .windows1251 { first = Windows1251Decoder.decode(first) }
        buffer = first
        self.delimiter = delimiter ?? Self.detectDelimiter(in: first)
        let headerRecord = try readRecord()
        guard case .row(let firstLine) = headerRecord else {
            try? handle.close()
            if case .unclosedQuote(let line, _, _) = headerRecord {
                throw ConnectorError(
                    .malformedPage, source: source, location: "\(file):\(line)",
                    message: "the header row has a quoted value that is never closed")
            }
            throw ConnectorError(
                .malformedPage, source: source, location: "\(file):1", message: "the file has no header row")
        }
        let headerRow = makeRow(line: firstLine, bytes: fieldBytes, ends: fieldEnds)
        if invalidColumn != nil {
            try? handle.close()
            throw ConnectorError(
                .malformedPage, source: source, location: "\(file):\(headerRow.line)",
                message: "the header row is not valid \(encoding.rawValue) text")
        }
        header = try TableHeader.validated(headerRow.values, file: file, line: headerRow.line, source: source)
        headerLine = headerRow.line
    }

    deinit {
        try? handle.close()
    }

    /// The next data row, a per-row issue, or `nil` at the end of the file. Blank lines are not rows.
    ///
    /// A failure is `malformedRecord` with a ``ConnectorError/rowReason`` (`columnCount`, `invalidText`,
    /// `unclosedQuote`); ``rawBytes`` then holds the refused row.
    ///
    /// - Throws: ``ConnectorError`` `unavailable` for a read error.
    public func next() throws -> Result<CSVRow, ConnectorError>? {
        try next(skipping: { _, _ in false })
    }

    /// ``next()``, offering each row that has a value for every column to `skip` before its values are decoded: a
    /// row `skip` takes is passed over, and the next one is read.
    ///
    /// A sync reads a whole export again to land the few rows that changed; the rows landed before are known by a
    /// digest of their bytes (``LandedRowDigests``), so they are recognised without building a `String` for each of
    /// their values, which was most of the work of reading them.
    ///
    /// - Parameter skip: the row's bytes as ``rawBytes`` holds them, and a function that decodes one of its values
    ///   (by column index); returns `true` to pass the row over. It is called once for every row that is returned
    ///   as a success, just before that row is decoded.
    public func next(
        skipping skip: (_ raw: UnsafeRawBufferPointer, _ value: (Int) -> String) -> Bool
    ) throws -> Result<CSVRow, ConnectorError>? {
        while true {
            guard let record = try readRecord() else { return nil }
            let line: Int
            switch record {
            case .unclosedQuote(let line, _, let why):
                rowLine = line
                return .failure(ConnectorError(
                    .malformedRecord, source: source, location: "\(file):\(line)",
                    message: "\(why); line \(line) is refused and reading resumes at line \(line + 1)",
                    rowReason: .unclosedQuote))
            case .row(let start): line = start
            }
            rowLine = line
            // A blank line: one empty value.
            if fieldEnds.count == 1, fieldEnds[0] == 0 { continue }
            if fieldEnds.count == header.count, offer(to: skip) { continue }
            let row = makeRow(line: line, bytes: fieldBytes, ends: fieldEnds)
            if let invalidColumn {
                let column = invalidColumn < header.count ? "column '\(header[invalidColumn])'" : "value \(invalidColumn + 1)"
                return .failure(ConnectorError(
                    .malformedRecord, source: source, location: "\(file):\(row.line)",
                    message: "row is not valid \(encoding.rawValue) text (\(column))", rowReason: .invalidText))
            }
            if row.values.count != header.count {
                return .failure(ConnectorError(
                    .malformedRecord, source: source, location: "\(file):\(row.line)",
                    message: "row has \(row.values.count) values, the header has \(header.count) columns",
                    rowReason: .columnCount))
            }
            return .success(row)
        }
    }

    /// Offers the row just read to `skip`, undecoded.
    private func offer(to skip: (_ raw: UnsafeRawBufferPointer, _ value: (Int) -> String) -> Bool) -> Bool {
        let end = rawEnd
        // Taken into locals: a class property read inside the closures costs an exclusivity check each time.
        let (bytes, ends) = (fieldBytes, fieldEnds)
        return rawRecord.withUnsafeBytes { raw in
            skip(UnsafeRawBufferPointer(rebasing: raw[..<end])) { column in
                bytes.withUnsafeBufferPointer { buffer in
                    let start = column == 0 ? 0 : ends[column - 1]
                    return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<ends[column]]), as: UTF8.self)
                }
            }
        }
    }

    /// The delimiter among ``candidateDelimiters`` that occurs most often outside quotes on the first line.
    static func detectDelimiter(in bytes: [UInt8]) -> UInt8 {
        var counts = [Int](repeating: 0, count: candidateDelimiters.count)
        var quoted = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if !quoted {
                if byte == 0x0A || byte == 0x0D { break }
                if let index = candidateDelimiters.firstIndex(of: byte) { counts[index] += 1 }
            }
        }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }),
            counts[best] > 0
        else { return UInt8(ascii: ",") }
        return candidateDelimiters[best]
    }

    private static func readChunk(from handle: FileHandle, file: String, source: String) throws -> [UInt8] {
        do {
            guard let data = try handle.read(upToCount: chunkSize) else { return [] }
            return [UInt8](data)
        } catch {
            throw ConnectorError(
                .unavailable, source: source, location: file,
                message: "cannot read the file: \(error.localizedDescription)")
        }
    }

    /// Loads the next chunk into `buffer`; `false` at the end of the file.
    private func refill() throws -> Bool {
        guard !atEnd else { return false }
        var chunk = try Self.readChunk(from: handle, file: file, source: source)
        if chunk.count < Self.chunkSize { atEnd = true }
        if chunk.isEmpty { return false }
        if encodingUndecided, chunk.contains(where: { $0 >= 0x80 }) {
            encodingUndecided = false
            if let detection = TextEncodingDetector.detect(chunk, isComplete: atEnd) {
                encoding = detection.encoding
                if detection.isGuess {
                    encodingNotice = "\(file): read as \(encoding.rawValue) from line \(line) on: \(detection.reason)"
                }
            }
        }
        if encoding == .windows1251 { chunk = Windows1251Decoder.decode(chunk) }
        buffer = chunk
        position = 0
        return true
    }

    /// Parses one record (header or data) into values; `nil` when the file holds no more bytes.
    ///
    /// Runs of ordinary bytes are found by a scan and copied as one slice; only quotes, delimiters and line ends
    /// are looked at one by one. The hot state lives in locals for the duration of a chunk, since a class
    /// property touched per byte costs an exclusivity check each time.
    private func readRecord() throws -> Record? {
        var output: [UInt8] = []
        var ends: [Int] = []
        swap(&output, &fieldBytes)
        swap(&ends, &fieldEnds)
        defer {
            swap(&output, &fieldBytes)
            swap(&ends, &fieldEnds)
        }
        output.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        rawRecord.removeAll(keepingCapacity: true)
        var state = State.fieldStart
        var startLine = line
        var quoteLine = line
        var quoteOutputStart = 0
        var started = false
        let delimiter = self.delimiter
        let quote = UInt8(ascii: "\"")
        let lineFeed: UInt8 = 0x0A
        let carriageReturn: UInt8 = 0x0D
        let quotedLines = limits.quotedLines
        let quotedBytes = limits.quotedBytes
        while true {
            if position >= buffer.count {
                guard try refill() else {
                    if state == .quoted {
                        return try abandonQuote(
                            startLine: startLine, quoteLine: quoteLine,
                            why: "a quoted value opened on line \(quoteLine) is never closed")
                    }
                    guard started else { return nil }
                    ends.append(output.count)
                    return .row(line: startLine)
                }
            }
            var finished = false
            var overrun = false
            var line = self.line
            var skipLineFeed = self.skipLineFeed
            var segmentStart = position
            buffer.withUnsafeBufferPointer { bytes in
                var index = position
                let count = bytes.count
                if skipLineFeed, index < count {
                    skipLineFeed = false
                    if bytes[index] == lineFeed { index += 1 }
                }
                segmentStart = index
                if !started, index < count {
                    started = true
                    startLine = line
                }
                scan: while index < count {
                    switch state {
                    case .fieldStart:
                        if bytes[index] == quote {
                            state = .quoted
                            quoteLine = line
                            quoteOutputStart = output.count
                            index += 1
                        } else {
                            state = .unquoted
                        }
                    case .unquoted:
                        let start = index
                        while index < count {
                            let byte = bytes[index]
                            if byte == delimiter || byte == lineFeed || byte == carriageReturn { break }
                            index += 1
                        }
                        if index > start {
                            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                        }
                        guard index < count else { break scan }
                        let byte = bytes[index]
                        index += 1
                        ends.append(output.count)
                        if byte == delimiter {
                            state = .fieldStart
                            continue
                        }
                        line += 1
                        if byte == carriageReturn {
                            if index < count {
                                if bytes[index] == lineFeed { index += 1 }
                            } else {
                                skipLineFeed = true
                            }
                        }
                        finished = true
                        break scan
                    case .quoted:
                        let start = index
                        while index < count {
                            let byte = bytes[index]
                            if byte == quote { break }
                            index += 1
                            if byte == lineFeed {
                                line += 1
                                if line - quoteLine > quotedLines {
                                    overrun = true
                                    break
                                }
                            }
                        }
                        if index > start {
                            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                        }
                        if overrun || output.count - quoteOutputStart > quotedBytes {
                            overrun = true
                            break scan
                        }
                        guard index < count else { break scan }
                        index += 1
                        state = .quoteInQuoted
                    case .quoteInQuoted:
                        if bytes[index] == quote {
                            output.append(quote)
                            index += 1
                            state = .quoted
                        } else {
                            // A closing quote; anything but a delimiter or line end after it is kept as text.
                            state = .unquoted
                        }
                    }
                }
                position = index
            }
            if position > segmentStart { rawRecord.append(contentsOf: buffer[segmentStart..<position]) }
            self.line = line
            self.skipLineFeed = skipLineFeed
            if overrun {
                let span = output.count - quoteOutputStart > quotedBytes
                    ? "\(quotedBytes) bytes" : "\(quotedLines) lines"
                return try abandonQuote(
                    startLine: startLine, quoteLine: quoteLine,
                    why: "a quoted value opened on line \(quoteLine) is not closed within \(span)")
            }
            if finished { return .row(line: startLine) }
        }
    }

    /// Gives up on a quoted value that never closed: keeps the row's first line in ``rawRecord`` as the refused
    /// row, puts every byte read after that line back in front of the buffer, and resumes on the next line.
    private func abandonQuote(startLine: Int, quoteLine: Int, why: String) throws -> Record {
        if let end = rawRecord.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
            var restStart = end + 1
            if rawRecord[end] == 0x0D, restStart < rawRecord.count, rawRecord[restStart] == 0x0A { restStart += 1 }
            let rest = rawRecord[restStart...]
            skipLineFeed = rawRecord[end] == 0x0D && restStart == rawRecord.count
            buffer = Array(rest) + buffer[position...]
            position = 0
            rawRecord.removeSubrange(end...)
        } else {
            try discardToLineEnd()
        }
        line = startLine + 1
        return .unclosedQuote(line: startLine, quoteLine: quoteLine, why: why)
    }

    /// Skips the rest of a line longer than the quoted-value limit, keeping up to
    /// `RejectedRow.maximumRawBytes` of it in ``rawRecord``.
    private func discardToLineEnd() throws {
        while true {
            if position >= buffer.count {
                guard try refill() else { return }
            }
            let rest = buffer[position...]
            let end = rest.firstIndex { $0 == 0x0A || $0 == 0x0D }
            let taken = rest[..<(end ?? buffer.count)]
            let room = RejectedRow.maximumRawBytes - rawRecord.count
            if room > 0 { rawRecord.append(contentsOf: taken.prefix(room)) }
            guard let end else {
                position = buffer.count
                continue
            }
            position = end + 1
            skipLineFeed = buffer[end] == 0x0D
            return
        }
    }

    private func makeRow(line: Int, bytes output: [UInt8], ends: [Int]) -> CSVRow {
        var values: [String] = []
        values.reserveCapacity(ends.count)
        var invalid: Int?
        output.withUnsafeBufferPointer { bytes in
            var start = 0
            for (column, end) in ends.enumerated() {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if invalid == nil, !UTF8Validation.isValid(slice) { invalid = column }
                values.append(String(decoding: slice, as: UTF8.self))
                start = end
            }
        }
        invalidColumn = invalid
        return CSVRow(line: line, values: values)
    }
}
