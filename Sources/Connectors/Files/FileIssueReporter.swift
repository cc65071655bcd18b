import GoldenCore

/// Where per-row problems of a file pull go: never dropped.
///
/// By default a row that cannot become a record is kept whole as a ``RejectedRow`` and sent with the batch being
/// filled, so it is stored in the same transaction as the good rows around it. A connector may instead take an
/// `onIssue` handler (tests, tools that only want the messages); the rows then go to the handler alone.
final class FileIssueReporter {
    private let source: String
    private let handler: (@Sendable (ConnectorError) -> Void)?
    private let writer: FileBatchWriter
    /// `false` for the second and later entity passes over one file: a row that cannot be read is the same row in
    /// every pass and is kept once; only what differs per entity (a missing key) is kept by every pass.
    private let keepsUnreadableRows: Bool

    init(
        source: String, handler: (@Sendable (ConnectorError) -> Void)?, writer: FileBatchWriter,
        keepsUnreadableRows: Bool = true
    ) {
        self.source = source
        self.handler = handler
        self.writer = writer
        self.keepsUnreadableRows = keepsUnreadableRows
    }

    /// Keeps one refused row.
    ///
    /// - Parameters:
    ///   - issue: why (its ``ConnectorError/rowReason`` becomes the stored reason code).
    ///   - raw: the row's bytes as the file held them; cut at ``RejectedRow/maximumRawBytes``.
    ///   - text: the row as text, when it is text; `nil` makes it the bytes decoded, if they are valid UTF-8.
    func report(_ issue: ConnectorError, file: String, line: Int, raw: [UInt8], text: String? = nil) throws {
        if let handler {
            handler(issue)
            return
        }
        let reason = issue.rowReason ?? .badCell
        guard keepsUnreadableRows || reason == .missingKey else { return }
        var raw = raw
        var message = issue.message
        if raw.count > RejectedRow.maximumRawBytes {
            message += " (the first \(RejectedRow.maximumRawBytes) of its \(raw.count) bytes are kept)"
            raw.removeSubrange(RejectedRow.maximumRawBytes...)
        }
        let rawText = text.map { String($0.utf8.prefix(RejectedRow.maximumRawBytes)) ?? $0 }
            ?? String(validating: raw, as: UTF8.self)
        try writer.reject(
            RejectedRow(
                source: source, file: file, line: line, reason: reason, message: message, rawBytes: raw,
                rawText: rawText))
    }
}
