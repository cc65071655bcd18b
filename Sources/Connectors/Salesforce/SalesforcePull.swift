import Foundation

/// One run of a Salesforce pull, page by page, driven by the consumer of the stream (no background task).
///
/// Passes run in order: per object (accounts before contacts, so employers land first) the live rows through
/// `query`, then the deleted rows through `queryAll … WHERE IsDeleted = true`. Each pass has its own entry in the
/// watermark (the last `SystemModstamp` committed), and an incremental pass starts an overlap window before it,
/// because `SystemModstamp` can be written a moment after a later-stamped transaction commits; landing turns
/// the re-read rows into no-ops.
actor SalesforcePull: PagedPull {
    struct Pass: Sendable {
        let query: SalesforceObjectQuery
        let deletedOnly: Bool
        var key: String { deletedOnly ? query.object + "#deleted" : query.object }
    }

    private let connector: SalesforceConnector
    let passes: [Pass]
    private var watermarks: [String: String]
    private(set) var passIndex = 0
    private var nextURL: String?
    private var page = 0
    var finished = false

    init(connector: SalesforceConnector, passes: [Pass], watermark: String?) {
        self.connector = connector
        self.passes = passes
        self.watermarks = PassWatermarks.decode(watermark)
    }


    /// Fetches one page of the current pass; `nil` when the pass had nothing more and the next one begins.
    func fetchPage(_ pass: Pass) async throws -> RawRecordBatch? {
        let response: SourceHTTPResponse
        page += 1
        let pageName = "\(pass.query.object)\(pass.deletedOnly ? " deletions" : "") page \(page)"
        if let nextURL {
            response = try await connector.get(nextURL, query: [], page: pageName)
        } else {
            let since = watermarks[pass.key].flatMap(SalesforceTimestamp.parse).map {
                $0.addingTimeInterval(-connector.overlap.seconds)
            }
            let soql = pass.query.soql(deletedOnly: pass.deletedOnly, since: since)
            response = try await connector.get(
                connector.dataPath + (pass.deletedOnly ? "/queryAll" : "/query"), query: [("q", soql)], page: pageName)
        }
        let location = "\(pageName) (\(response.request))"
        guard case .array(let rows)? = response.body["records"], case .bool(let done)? = response.body["done"] else {
            throw ConnectorError(
                .malformedPage, source: connector.source, location: location,
                message: "the page has no 'records' array or 'done' flag")
        }
        if done {
            nextURL = nil
        } else {
            guard let next = response.body["nextRecordsUrl"]?.stringText else {
                throw ConnectorError(
                    .malformedPage, source: connector.source, location: location,
                    message: "done is false but there is no nextRecordsUrl")
            }
            nextURL = next
        }
        var records: [RawRecord] = []
        records.reserveCapacity(rows.count)
        var lastStamp: String?
        for (index, row) in rows.enumerated() {
            let record = try pass.query.record(
                from: row, source: connector.source, origin: "\(pageName) #\(index + 1)", location: location)
            records.append(record)
            lastStamp = row[pass.query.modifiedField]?.stringText ?? lastStamp
        }
        if done {
            passIndex += 1
            page = 0
        }
        if let lastStamp { watermarks[pass.key] = lastStamp }
        // An empty page moves nothing; the caller goes on with the next page or pass.
        if records.isEmpty { return nil }
        return RawRecordBatch(records: records, watermark: PassWatermarks.encode(watermarks))
    }
}
