import Foundation

/// One run of an ELMA365 pull, page by page, driven by the stream's consumer (no background task).
///
/// Per app (companies before contacts) two passes: live items (`active: true`) changed since the watermark, then
/// deleted items (`active: false`, filtered on `__deletedAt`, so a deletion is seen whether or not it moved
/// `__updatedAt`). Each pass asks for `{"tf": {"<stamp>": {"min": t}}}` sorted by the stamp, then `__id`, with
/// `from` = how many items stamped exactly `t` were already delivered, `t` being the last stamp seen: the offset
/// never spans more than one millisecond's items, so an item edited during the pull cannot shift a page and hide
/// another one. Each pass has its own watermark entry, moved every page.
actor ELMA365Pull: PagedPull {
    struct Pass: Sendable {
        let query: ELMA365ObjectQuery
        let deletedOnly: Bool
        var key: String { deletedOnly ? query.object + "#deleted" : query.object }
        var stampField: String { deletedOnly ? query.deletedField : query.modifiedField }
    }

    /// The lower bound of a first deleted-items pass: every deletion has a later `__deletedAt`.
    static let epoch = "1970-01-01T00:00:00.000Z"

    private let connector: ELMA365Connector
    let passes: [Pass]
    private var watermarks: [String: String]
    private(set) var passIndex = 0
    private var page = 0
    private var lastStamp: Date?
    private var delivered = 0
    var finished = false

    init(connector: ELMA365Connector, passes: [Pass], watermark: String?) {
        self.connector = connector
        self.passes = passes
        self.watermarks = PassWatermarks.decode(watermark)
    }


    func fetchPage(_ pass: Pass) async throws -> RawRecordBatch? {
        page += 1
        let query = pass.query
        if page == 1 {
            lastStamp = watermarks[pass.key].flatMap(ELMA365ObjectQuery.parse).map {
                $0.addingTimeInterval(-connector.overlap.seconds)
            }
            delivered = 0
        }
        let pageName = "\(query.object)\(pass.deletedOnly ? " deletions" : "") page \(page)"
        let minimum = lastStamp.map(ELMA365ObjectQuery.format) ?? (pass.deletedOnly ? Self.epoch : nil)
        var filter: [String: JSONValue] = [:]
        if let minimum { filter["tf"] = .object([pass.stampField: .object(["min": .string(minimum)])]) }
        let body: JSONValue = .object([
            "active": .bool(!pass.deletedOnly),
            "from": .number(Double(delivered)),
            "size": .number(Double(connector.pageSize)),
            "filter": .object(filter),
            "sortExpressions": .array([
                .object(["field": .string(pass.stampField), "ascending": .bool(true)]),
                .object(["field": .string(query.idField), "ascending": .bool(true)]),
            ]),
        ])
        let response = try await connector.post(query.appPath + "/list", body: body, page: pageName)
        let location = "\(pageName) (\(response.request))"
        guard case .array(let items)? = response.body["result"]?["result"] else {
            throw ConnectorError(
                .malformedPage, source: connector.source, location: location,
                message: "the answer has no 'result.result' array")
        }
        var records: [RawRecord] = []
        records.reserveCapacity(items.count)
        var lastText: String?
        for (offset, item) in items.enumerated() {
            let origin = "\(pageName) #\(offset + 1)"
            let record = try connector.makeRecord(item, query: query, origin: origin)
            guard let text = item[pass.stampField]?.stringText, let stamp = ELMA365ObjectQuery.parse(text) else {
                throw ConnectorError(
                    .malformedRecord, source: connector.source,
                    location: "\(query.object) \(record.sourceKey), \(origin)",
                    message: "'\(pass.stampField)' is missing or not a datetime")
            }
            if stamp == lastStamp {
                delivered += 1
            } else {
                lastStamp = stamp
                delivered = 1
            }
            lastText = text
            records.append(record)
        }
        if items.count < connector.pageSize {
            passIndex += 1
            page = 0
            lastStamp = nil
            delivered = 0
        }
        guard let lastText else { return nil }
        watermarks[pass.key] = lastText
        return RawRecordBatch(records: records, watermark: PassWatermarks.encode(watermarks))
    }
}
