import Foundation
import NIOHTTP1

/// One run of a HubSpot pull, page by page, driven by the stream's consumer (no background task).
///
/// Per object (companies before contacts): a first run lists everything (`after` cursor), later runs search by
/// the modification property from the watermark minus an overlap (search is eventually consistent). Search pages
/// past 10,000 results are refused by HubSpot, so the search restarts its window from the last timestamp seen,
/// skipping the ids already delivered at that timestamp. Archived records are listed each run and reported as
/// deletions. Search results carry no associations, so a contact's companies are read in one batch per page.
actor HubSpotPull: PagedPull {
    enum Kind: Sendable {
        case list, search, archived
    }

    struct Pass: Sendable {
        let query: HubSpotObjectQuery
        let kind: Kind
        var key: String { kind == .archived ? query.object + "#archived" : query.object }
    }

    private let connector: HubSpotConnector
    private(set) var passes: [Pass] = []
    private var watermarks: [String: String]
    private(set) var passIndex = 0
    private var page = 0
    private var after: String?
    /// Newest modification (list, archived) or last timestamp (search) seen in the current pass, epoch ms.
    private var newest: Int64?
    private var windowStart: Int64?
    private var idsAtNewest: Set<String> = []
    var finished = false

    init(connector: HubSpotConnector, queries: [HubSpotObjectQuery], watermark: String?) {
        self.connector = connector
        let watermarks = PassWatermarks.decode(watermark)
        self.watermarks = watermarks
        for query in queries {
            passes.append(Pass(query: query, kind: watermarks[query.object] == nil ? .list : .search))
            passes.append(Pass(query: query, kind: .archived))
        }
    }


    private func since(_ pass: Pass) -> Int64? {
        watermarks[pass.key].flatMap { Int64($0) }.map { $0 - Int64(connector.overlap.seconds * 1000) }
    }

    func fetchPage(_ pass: Pass) async throws -> RawRecordBatch? {
        page += 1
        let query = pass.query
        let pageName =
            "\(query.object)\(pass.kind == .archived ? " archived" : pass.kind == .search ? " search" : "")"
            + " page \(page)"
        let response: SourceHTTPResponse
        switch pass.kind {
        case .list, .archived:
            var items: [(String, String)] = [
                ("limit", String(connector.pageSize)), ("properties", query.properties.joined(separator: ",")),
                ("archived", pass.kind == .archived ? "true" : "false"),
            ]
            if !query.associations.isEmpty { items.append(("associations", query.associations.joined(separator: ","))) }
            if let after { items.append(("after", after)) }
            response = try await connector.send(.GET, "/crm/v3/objects/\(query.object)", query: items, page: pageName)
        case .search:
            if windowStart == nil { windowStart = since(pass) ?? 0 }
            let body: JSONValue = .object([
                "filterGroups": .array([
                    .object([
                        "filters": .array([
                            .object([
                                "propertyName": .string(query.modifiedProperty), "operator": .string("GTE"),
                                "value": .string(String(windowStart!)),
                            ])
                        ])
                    ])
                ]),
                "sorts": .array([
                    .object(["propertyName": .string(query.modifiedProperty), "direction": .string("ASCENDING")])
                ]),
                "properties": .array(query.properties.map(JSONValue.string)),
                "limit": .number(Double(connector.searchPageSize)),
                "after": .string(after ?? "0"),
            ])
            response = try await connector.send(
                .POST, "/crm/v3/objects/\(query.object)/search", body: body, page: pageName)
        }
        let location = "\(pageName) (\(response.request))"
        guard case .array(let rows)? = response.body["results"] else {
            throw ConnectorError(
                .malformedPage, source: connector.source, location: location, message: "the page has no 'results' array"
            )
        }
        let nextAfter = response.body["paging"]?["next"]?["after"]?.stringText
        var objects: [JSONValue] = rows
        if pass.kind == .search, !query.associations.isEmpty, !rows.isEmpty {
            objects = try await connector.attachAssociations(rows, query: query, page: pageName)
        }
        let cutoff = pass.kind == .archived ? since(pass) : nil
        var records: [RawRecord] = []
        let previousNewest = newest
        let skip = pass.kind == .search ? idsAtNewest : []
        for (index, object) in objects.enumerated() {
            let record = try connector.makeRecord(object, query: query, origin: "\(pageName) #\(index + 1)")
            let stamp = record.modifiedAt.map(HubSpotObjectQuery.millis) ?? 0
            if pass.kind == .archived {
                let archivedAt =
                    object["archivedAt"]?.stringText.flatMap(HubSpotObjectQuery.parse)
                    .map(HubSpotObjectQuery.millis) ?? stamp
                newest = max(newest ?? archivedAt, archivedAt)
                if let cutoff, archivedAt < cutoff { continue }
            } else if pass.kind == .search {
                if stamp == previousNewest, skip.contains(record.sourceKey) { continue }
                if stamp != newest { idsAtNewest = [] }
                newest = max(newest ?? stamp, stamp)
                idsAtNewest.insert(record.sourceKey)
            } else {
                newest = max(newest ?? stamp, stamp)
            }
            records.append(record)
        }
        var passDone = false
        if let nextAfter {
            if pass.kind == .search, let offset = Int(nextAfter), offset >= connector.searchWindow {
                // HubSpot refuses to page past its search window: start a new window at the last timestamp.
                guard let newest, newest != windowStart else {
                    throw ConnectorError(
                        .malformedPage, source: connector.source, location: location,
                        message: "more than \(connector.searchWindow) records share one modification time; "
                            + "the search cannot page past them")
                }
                windowStart = newest
                after = nil
            } else {
                after = nextAfter
            }
        } else {
            passDone = true
        }
        // A list is ordered by id, so its watermark is known only at its end; a search moves it every page.
        var moved = false
        if let newest, passDone || pass.kind == .search {
            watermarks[pass.key] = String(newest)
            moved = true
        }
        if passDone {
            passIndex += 1
            page = 0
            after = nil
            newest = nil
            windowStart = nil
            idsAtNewest = []
        }
        if records.isEmpty && !moved { return nil }
        return RawRecordBatch(records: records, watermark: moved ? PassWatermarks.encode(watermarks) : nil)
    }
}
