import Foundation

/// A Bitrix24 pull: companies before contacts, each paged by `StampKeysetPull`.
///
/// One page is `filter {">=DATE_MODIFY": t}`, `order {DATE_MODIFY: ASC, ID: ASC}` and an offset of how many rows
/// stamped exactly `t` were already delivered (sent as `start` rounded down to a page, the rest dropped here).
/// The filter is `>=`, not `>`: stamps are whole seconds, and rows written later
/// in the same second must be read again next run (landing turns the re-read rows into no-ops).
typealias Bitrix24Pull = StampKeysetPull<Bitrix24Connector>

extension Bitrix24Connector: StampKeysetSource {
    func watermarkKey(of query: Bitrix24ObjectQuery) -> String { query.object }

    func parseStamp(_ text: String) -> Date? { Bitrix24Timestamp.parse(text) }

    func stampedPage(_ query: Bitrix24ObjectQuery, page: Int, since: Date?, skip: Int) async throws -> StampedPage {
        let pageName = "\(query.object) page \(page)"
        var filter: [String: JSONValue] = [:]
        if let since { filter[">=DATE_MODIFY"] = .string(Bitrix24Timestamp.literal(since)) }
        // `start` is sent as a multiple of the page size and the rows before `skip` are dropped here: Bitrix24
        // documents `start` only as the `next` it hands out (0, 50, 100, …), and a portal that reads it as a page
        // number would otherwise answer a page the connector has partly seen.
        let start = skip / Self.pageSize * Self.pageSize
        let body: JSONValue = .object([
            "select": .array(query.select.map(JSONValue.string)),
            "filter": .object(filter),
            "order": .object(["DATE_MODIFY": .string("ASC"), "ID": .string("ASC")]),
            "start": .number(Double(start)),
        ])
        let response = try await call(query.listMethod, body, page: pageName)
        let location = "\(pageName) (\(redact(response.request)))"
        guard case .array(var rows)? = response.body["result"] else {
            throw ConnectorError(
                .malformedPage, source: source, location: location, message: "the page has no 'result' array")
        }
        let listed = rows.count
        rows = Array(rows.dropFirst(skip - start))
        rows = try await attachRequisites(rows, query: query, page: pageName)
        var stamped: [StampedPage.Row] = []
        stamped.reserveCapacity(rows.count)
        for (offset, row) in rows.enumerated() {
            let record = try makeRecord(row, query: query, origin: "\(pageName) #\(offset + 1)")
            stamped.append(.init(record: record, stamp: record.modifiedAt, stampText: row["DATE_MODIFY"]?.stringText))
        }
        // `next` is present while more rows follow; an empty page ends the pass whatever it says.
        let hasNext = response.body["next"].map { $0 != .null } ?? false
        return StampedPage(rows: stamped, endsPass: !hasNext || listed == 0 || rows.isEmpty)
    }
}
