import Foundation

/// A Bitrix24 pull: companies before contacts, each paged by `StampKeysetPull`.
///
/// One page is `filter {">=DATE_MODIFY": t}`, `order {DATE_MODIFY: ASC, ID: ASC}` and `start` = how many rows stamped
/// exactly `t` were already delivered. The filter is `>=`, not `>`: stamps are whole seconds, and rows written later
/// in the same second must be read again next run (landing turns the re-read rows into no-ops).
typealias Bitrix24Pull = StampKeysetPull<Bitrix24Connector>

extension Bitrix24Connector: StampKeysetSource {
    func watermarkKey(of query: Bitrix24ObjectQuery) -> String { query.object }

    func parseStamp(_ text: String) -> Date? { Bitrix24Timestamp.parse(text) }

    func stampedPage(_ query: Bitrix24ObjectQuery, page: Int, since: Date?, skip: Int) async throws -> StampedPage {
        let pageName = "\(query.object) page \(page)"
        var filter: [String: JSONValue] = [:]
        if let since { filter[">=DATE_MODIFY"] = .string(Bitrix24Timestamp.literal(since)) }
        let body: JSONValue = .object([
            "select": .array(query.select.map(JSONValue.string)),
            "filter": .object(filter),
            "order": .object(["DATE_MODIFY": .string("ASC"), "ID": .string("ASC")]),
            "start": .number(Double(skip)),
        ])
        let response = try await call(query.listMethod, body, page: pageName)
        let location = "\(pageName) (\(redact(response.request)))"
        guard case .array(var rows)? = response.body["result"] else {
            throw ConnectorError(
                .malformedPage, source: source, location: location, message: "the page has no 'result' array")
        }
        rows = try await attachRequisites(rows, query: query, page: pageName)
        var stamped: [StampedPage.Row] = []
        stamped.reserveCapacity(rows.count)
        for (offset, row) in rows.enumerated() {
            let record = try makeRecord(row, query: query, origin: "\(pageName) #\(offset + 1)")
            stamped.append(.init(record: record, stamp: record.modifiedAt, stampText: row["DATE_MODIFY"]?.stringText))
        }
        // `next` is present while more rows follow; an empty page ends the pass whatever it says.
        let hasNext = response.body["next"].map { $0 != .null } ?? false
        return StampedPage(rows: stamped, endsPass: !hasNext || rows.isEmpty)
    }
}
