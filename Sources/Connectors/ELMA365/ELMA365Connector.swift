import Foundation
import NIOHTTP1

/// One ELMA365 installation's CRM apps over the public web API (`/pub/v1/app/{namespace}/{code}/…`): offset
/// lists filtered by `__updatedAt` for pulls, deleted items (`__deletedAt`) from lists with `active: false`, and
/// one `update` call per item, a few in flight, for pushes.
///
/// Namespace and app codes come from the mapping's `options`, since they differ per installation. Every answer
/// carries `success`; `success: false` on an update is that item's failure, on a list the source's.
public struct ELMA365Connector: Connector {
    public let source: String
    let mapping: SourceMapping
    let http: SourceHTTPClient
    let overlap: Duration
    /// Items per list page: at most 100, the limit of ELMA365's older help pages (the current API reference
    /// allows 10,000), so the connector pages the same on either.
    let pageSize: Int
    /// Update calls in flight at once: ELMA365 has no batch update.
    let pushConcurrency: Int

    public init(
        source: String, mapping: SourceMapping, http: SourceHTTPClient, overlap: Duration = .seconds(300),
        pageSize: Int = 100, pushConcurrency: Int = 4
    ) {
        self.source = source
        self.mapping = mapping
        self.http = http
        self.overlap = overlap
        self.pageSize = min(max(pageSize, 1), 100)
        self.pushConcurrency = max(pushConcurrency, 1)
    }

    var passes: [Pass] {
        var passes: [Pass] = []
        for (entity, raw) in [(CanonicalField.Entity.organization, RawRecord.Entity.organization), (.person, .person)] {
            guard let entityMapping = mapping.entities[entity] else { continue }
            let query = ELMA365ObjectQuery(entity: raw, mapping: entityMapping)
            passes.append(.init(query: query, deletedOnly: false))
            passes.append(.init(query: query, deletedOnly: true))
        }
        return passes
    }

    public func pull(since watermark: String?) -> AsyncThrowingStream<RawRecordBatch, any Error> {
        return ELMA365Pull(source: self, passes: passes, watermark: watermark).stream()
    }

    /// A POST whose answer is refused when it is not `success: true`; a 403 (ELMA365's answer to a bad token) or
    /// 401 is `unauthorized`.
    func post(_ path: String, body: JSONValue, page: String) async throws -> SourceHTTPResponse {
        // List calls read; update calls set a field's whole value by id: both are safe to repeat.
        let response = try await http.send(.POST, path, body: body, page: page, idempotent: true)
        let location = "\(page) (\(response.request))"
        let message = Self.errorText(response.body)
        if response.status == 403 || response.status == 401 {
            throw ConnectorError(
                .unauthorized, source: source, location: location,
                message: "ELMA365 refused the token (HTTP \(response.status): \(message)); "
                    + "check the source's token credential")
        }
        guard response.isSuccess, response.body["success"] == .bool(true) else {
            throw ConnectorError(
                .unavailable, source: source, location: location,
                message: "ELMA365 refused the request: HTTP \(response.status): \(message)")
        }
        return response
    }

    /// The `error` text of an answer, or the body itself when it is not ELMA365's shape.
    static func errorText(_ body: JSONValue) -> String {
        if let error = body["error"]?.stringText, !error.isEmpty { return error }
        return body.stringText.map { String($0.prefix(300)) } ?? "no error text"
    }

    func makeRecord(_ item: JSONValue, query: ELMA365ObjectQuery, origin: String) throws -> RawRecord {
        guard case .object = item, let id = item[query.idField]?.stringText, !id.isEmpty else {
            throw ConnectorError(
                .malformedRecord, source: source, location: origin,
                message: "a \(query.object) item without '\(query.idField)'")
        }
        guard let stampText = item[query.modifiedField]?.stringText,
            let modifiedAt = ELMA365ObjectQuery.parse(stampText)
        else {
            throw ConnectorError(
                .malformedRecord, source: source, location: "\(query.object) \(id), \(origin)",
                message: "'\(query.modifiedField)' is missing or not a datetime")
        }
        let deleted = item[query.deletedField].map { $0 != .null } ?? false
        return RawRecord(
            source: source, sourceKey: id, entity: query.entity, modifiedAt: modifiedAt, deleted: deleted,
            payload: item, origin: origin)
    }
}
