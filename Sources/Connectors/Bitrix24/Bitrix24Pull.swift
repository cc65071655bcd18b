import Foundation

/// One run of a Bitrix24 pull, page by page, driven by the stream's consumer (no background task).
///
/// Per object (companies before contacts): `filter {">=DATE_MODIFY": t}`, `order {DATE_MODIFY: ASC, ID: ASC}`,
/// and `start` = how many rows stamped exactly `t` were already delivered, where `t` is the last `DATE_MODIFY`
/// seen. Plain offsets (`start` = 50, 100, …) would skip a row whenever a row before the offset is edited during
/// the pull (it moves to the end and everything shifts); keyed on the stamp, the offset only spans rows of one
/// second. The filter is `>=`, not `>`: stamps are whole seconds, and rows written later in the same second must
/// be read again next run (landing turns the re-read rows into no-ops). The watermark moves every page.
actor Bitrix24Pull: PagedPull {
    private let connector: Bitrix24Connector
    let passes: [Bitrix24ObjectQuery]
    /// Per object, the `DATE_MODIFY` text of the last row committed.
    private var watermarks: [String: String]
    private(set) var passIndex = 0
    private var page = 0
    /// The keyset position: the last stamp seen in this pass and how many rows carrying it were delivered.
    private var lastStamp: Date?
    private var delivered = 0
    var finished = false

    init(connector: Bitrix24Connector, queries: [Bitrix24ObjectQuery], watermark: String?) {
        self.connector = connector
        self.passes = queries
        self.watermarks = PassWatermarks.decode(watermark)
    }


    func fetchPage(_ query: Bitrix24ObjectQuery) async throws -> RawRecordBatch? {
        page += 1
        if page == 1 {
            lastStamp = watermarks[query.object].flatMap(Bitrix24Timestamp.parse).map {
                $0.addingTimeInterval(-connector.overlap.seconds)
            }
            delivered = 0
        }
        let pageName = "\(query.object) page \(page)"
        var filter: [String: JSONValue] = [:]
        if let lastStamp { filter[">=DATE_MODIFY"] = .string(Bitrix24Timestamp.literal(lastStamp)) }
        let body: JSONValue = .object([
            "select": .array(query.select.map(JSONValue.string)),
            "filter": .object(filter),
            "order": .object(["DATE_MODIFY": .string("ASC"), "ID": .string("ASC")]),
            "start": .number(Double(delivered)),
        ])
        let response = try await connector.call(query.listMethod, body, page: pageName)
        let location = "\(pageName) (\(connector.redact(response.request)))"
        guard case .array(var rows)? = response.body["result"] else {
            throw ConnectorError(
                .malformedPage, source: connector.source, location: location,
                message: "the page has no 'result' array")
        }
        rows = try await connector.attachRequisites(rows, query: query, page: pageName)
        var records: [RawRecord] = []
        records.reserveCapacity(rows.count)
        var lastText: String?
        for (offset, row) in rows.enumerated() {
            let record = try connector.makeRecord(row, query: query, origin: "\(pageName) #\(offset + 1)")
            if let stamp = record.modifiedAt, stamp == lastStamp {
                delivered += 1
            } else {
                lastStamp = record.modifiedAt
                delivered = 1
            }
            lastText = row["DATE_MODIFY"]?.stringText
            records.append(record)
        }
        // `next` is present while more rows follow; an empty page ends the pass whatever it says.
        let hasNext = response.body["next"].map { $0 != .null } ?? false
        if !hasNext || rows.isEmpty {
            passIndex += 1
            page = 0
            lastStamp = nil
            delivered = 0
        }
        guard let lastText else { return nil }
        watermarks[query.object] = lastText
        return RawRecordBatch(records: records, watermark: PassWatermarks.encode(watermarks))
    }
}
