/// Where per-record problems of a file pull go: never dropped.
///
/// A connector's ``Connector/pull(since:)`` stream can only carry batches and one final error, so a file
/// connector takes an `onIssue` handler (the composition root sends issues to the quarantine or the run log). When
/// none is given, issues are collected and the stream ends, after every readable record was delivered, with one
/// `malformedRecord` error that lists them: the run fails loudly instead of skipping rows silently.
final class FileIssueReporter {
    /// How many issues the closing error lists one by one.
    static let listedIssues = 20

    private let source: String
    private let handler: (@Sendable (ConnectorError) -> Void)?
    private var collected: [ConnectorError] = []
    private var count = 0

    init(source: String, handler: (@Sendable (ConnectorError) -> Void)?) {
        self.source = source
        self.handler = handler
    }

    func report(_ issue: ConnectorError) {
        if let handler {
            handler(issue)
            return
        }
        count += 1
        if collected.count < Self.listedIssues { collected.append(issue) }
    }

    /// - Throws: the summary of collected issues, when there were any and no handler took them.
    func finish() throws {
        guard let first = collected.first else { return }
        let listed = collected.map { "\($0.location ?? "?"): \($0.message)" }.joined(separator: "; ")
        let more = count > collected.count ? "; and \(count - collected.count) more" : ""
        throw ConnectorError(
            .malformedRecord, source: source, location: first.location,
            message: "\(count) record(s) could not be read: \(listed)\(more)")
    }
}
