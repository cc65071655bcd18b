/// A row of a file that could not be read as a record, kept whole so that nothing a source sent is lost.
///
/// A value that fails validation belongs to a record and goes to the quarantine beside that record's version. A
/// row that never became a record (the wrong number of values, bytes that are not text in the file's encoding, a
/// quote that never closes, an XML element that breaks) has no record to hang on: it is kept here with where it
/// was, why it was refused, and its bytes exactly as the file held them.
public struct RejectedRow: Sendable, Hashable, Codable {
    /// The stable reasons a reader refuses a row; ``RejectedRow/reasonCode`` holds their raw values.
    public enum Reason: String, Sendable, Hashable, CaseIterable, Codable {
        /// A delimited row with more or fewer values than the header has columns.
        case columnCount = "row.column_count"
        /// Bytes that are not text in the encoding the file was read in.
        case invalidText = "row.invalid_text"
        /// A quoted value still open after the configured span: the row it opened on is refused.
        case unclosedQuote = "row.unclosed_quote"
        /// No value in the key column, so the row cannot be told apart from any other.
        case missingKey = "row.missing_key"
        /// A spreadsheet row with a bad cell, or a value in a column without a header.
        case badCell = "row.bad_cell"
        /// An XML record element that cannot be read as a record (no id, no content).
        case malformedElement = "xml.malformed_element"
        /// The XML breaks (not well-formed, or truncated): everything from this position on is refused.
        case brokenXML = "xml.broken"
    }

    public let source: String
    /// The file's name (no folder): what a user sees in the source's drop folder or upload.
    public let file: String
    /// The 1-based line the row starts on.
    public let line: Int
    public let reasonCode: String
    /// A message that names the row and what is wrong with it.
    public let reason: String
    /// The row's bytes as the file held them (without the line break that ends it), possibly cut at
    /// ``maximumRawBytes``.
    public let rawBytes: [UInt8]
    /// The row as text when its bytes decode in the file's encoding; `nil` when they do not.
    public let rawText: String?

    /// Longest raw row kept; a longer one keeps its first bytes and says so in ``reason``.
    public static let maximumRawBytes = 1 << 20

    public init(
        source: String, file: String, line: Int, reasonCode: String, reason: String, rawBytes: [UInt8],
        rawText: String?
    ) {
        self.source = source
        self.file = file
        self.line = line
        self.reasonCode = reasonCode
        self.reason = reason
        self.rawBytes = rawBytes
        self.rawText = rawText
    }

    public init(
        source: String, file: String, line: Int, reason code: Reason, message: String, rawBytes: [UInt8],
        rawText: String?
    ) {
        self.init(
            source: source, file: file, line: line, reasonCode: code.rawValue, reason: message, rawBytes: rawBytes,
            rawText: rawText)
    }
}
