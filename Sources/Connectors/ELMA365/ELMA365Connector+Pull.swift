import Foundation

/// An ELMA365 pull: per app (companies before contacts) two passes, each paged by `StampKeysetPull`.
///
/// Live items (`active: true`) changed since the watermark, then deleted items (`active: false`, filtered on
/// `__deletedAt`, so a deletion is seen whether or not it moved `__updatedAt`). One page asks for
/// `{"tf": {"<stamp>": {"min": t}}}` sorted by the stamp, then `__id`, with `from` = how many items stamped exactly
/// `t` were already delivered: the offset never spans more than one millisecond's items. Each pass has its own
/// watermark entry.
typealias ELMA365Pull = StampKeysetPull<ELMA365Connector>

extension ELMA365Connector: StampKeysetSource {
    struct Pass: Sendable {
        let query: ELMA365ObjectQuery
        let deletedOnly: Bool
        var key: String { deletedOnly ? query.object + "#deleted" : query.object }
        var stampField: String { deletedOnly ? query.deletedField : query.modifiedField }
    }

    /// The lower bound of a first deleted-items pass: every deletion has a later `__deletedAt`.
    static let epoch = "1970-01-01T00:00:00.000Z"

    func watermarkKey(of pass: Pass) -> String { pass.key }

    func parseStamp(_ text: String) -> Date? { ELMA365ObjectQuery.parse(text) }

    func stampedPage(_ pass: Pass, page: Int, since: Date?, skip: Int) async throws -> StampedPage {
        let query = pass.query
        let pageName = "\(query.object)\(pass.deletedOnly ? " deletions" : "") page \(page)"
        let minimum = since.map(ELMA365ObjectQuery.format) ?? (pass.deletedOnly ? Self.epoch : nil)
        var filter: [String: JSONValue] = [:]
        if let minimum { filter["tf"] = .object([pass.stampField: .object(["min": .string(minimum)])]) }
        let body: JSONValue = .object([
            "active": .bool(!pass.deletedOnly),
            "from": .number(Double(skip)),
            "size": .number(Double(pageSize)),
            "filter": .object(filter),
            "sortExpressions": .array([
                .object(["field": .string(pass.stampField), "ascending": .bool(true)]),
                .object(["field": .string(query.idField), "ascending": .bool(true)]),
            ]),
        ])
        let response = try await post(query.appPath + "/list", body: body, page: pageName)
        let location = "\(pageName) (\(response.request))"
        guard case .array(let items)? = response.body["result"]?["result"] else {
            throw ConnectorError(
                .malformedPage, source: source, location: location,
                message: "the answer has no 'result.result' array")
        }
        var stamped: [StampedPage.Row] = []
        stamped.reserveCapacity(items.count)
        for (offset, item) in items.enumerated() {
            let origin = "\(pageName) #\(offset + 1)"
            let record = try makeRecord(item, query: query, origin: origin)
            guard let text = item[pass.stampField]?.stringText, let stamp = ELMA365ObjectQuery.parse(text) else {
                throw ConnectorError(
                    .malformedRecord, source: source, location: "\(query.object) \(record.sourceKey), \(origin)",
                    message: "'\(pass.stampField)' is missing or not a datetime")
            }
            stamped.append(.init(record: record, stamp: stamp, stampText: text))
        }
        return StampedPage(rows: stamped, endsPass: items.count < pageSize)
    }
}
