import Foundation
import NIOHTTP1

/// One Bitrix24 portal over its REST API with an incoming webhook: `crm.company.list` / `crm.contact.list` for
/// pulls (INN, KPP and OGRN merged in from `crm.requisite.list`), `batch` of `*.update` commands for pushes.
///
/// The webhook secret is the source's `token` credential and goes into the URL path
/// (`<location>/<secret>/<method>`, where `location` is `https://<portal>/rest/<user id>`); it is replaced by
/// `***` in every error message. Throttling (503 `QUERY_LIMIT_EXCEEDED`, 429 `OPERATION_TIME_LIMIT`) is retried by
/// the HTTP client. Bitrix24 lists no deletions, so none are reported (see `docs/decisions-crm2.md`).
public struct Bitrix24Connector: Connector {
    public let source: String
    let mapping: SourceMapping
    let http: SourceHTTPClient
    /// How far before the stored `DATE_MODIFY` an incremental pull starts reading again.
    let overlap: Duration

    /// Rows per list page: fixed by Bitrix24.
    static let pageSize = 50
    /// Commands per `batch` call: the API's limit.
    static let pushChunk = 50
    /// `ENTITY_TYPE_ID` of a company in `crm.requisite.list`.
    static let companyEntityType = 4

    /// - Parameter http: its `baseURL` is the webhook's REST base (`https://acme.bitrix24.ru/rest/1`) and its token
    ///   the webhook secret.
    public init(source: String, mapping: SourceMapping, http: SourceHTTPClient, overlap: Duration = .seconds(300)) {
        self.source = source
        self.mapping = mapping
        self.http = http
        self.overlap = overlap
    }

    var queries: [Bitrix24ObjectQuery] {
        [(CanonicalField.Entity.organization, RawRecord.Entity.organization), (.person, .person)].compactMap {
            entity, raw in mapping.entities[entity].map { Bitrix24ObjectQuery(entity: raw, mapping: $0) }
        }
    }

    public func pull(since watermark: String?) -> AsyncThrowingStream<RawRecordBatch, any Error> {
        return Bitrix24Pull(source: self, passes: queries, watermark: watermark).stream()
    }

    /// Calls one REST method; Bitrix24's refusals become ``ConnectorError``s and the secret never reaches a message.
    ///
    /// - Throws: ``ConnectorError`` `unauthorized` (401: wrong or expired webhook), `unavailable` (a method error,
    ///   or retries exhausted), `rateLimited`, `malformedPage`.
    ///
    /// - Parameter idempotent: `false` for a call that appends (multi-field entries): it is never sent twice.
    func call(_ method: String, _ body: JSONValue, page: String, idempotent: Bool = true) async throws
        -> SourceHTTPResponse
    {
        let response: SourceHTTPResponse
        do {
            response = try await http.send(
                .POST, "/\(http.token)/\(method)", body: body, page: page, idempotent: idempotent)
        } catch let error as ConnectorError {
            let message =
                error.code == .unauthorized
                ? "Bitrix24 refused the webhook (wrong, expired or revoked secret, or no 'crm' scope); "
                    + "check the source's token credential"
                : redact(error.message)
            throw ConnectorError(error.code, source: source, location: error.location.map(redact), message: message)
        }
        guard response.isSuccess else {
            let (code, message) = Self.errorSummary(response.body)
            throw ConnectorError(
                .unavailable, source: source, location: "\(page) (\(redact(response.request)))",
                message: "Bitrix24 refused \(method): HTTP \(response.status) \(code): \(message)")
        }
        return response
    }

    /// Bitrix24's error body: `{"error": "<CODE or empty>", "error_description": "<text>"}`.
    static func errorSummary(_ body: JSONValue) -> (code: String, message: String) {
        let code = body["error"]?.stringText ?? ""
        let message = body["error_description"]?.stringText ?? body.stringText.map { String($0.prefix(300)) } ?? ""
        return (code.isEmpty ? "ERROR" : code, message)
    }

    func redact(_ text: String) -> String {
        http.token.isEmpty ? text : text.replacingOccurrences(of: "/\(http.token)/", with: "/***/")
    }

    func makeRecord(_ row: JSONValue, query: Bitrix24ObjectQuery, origin: String) throws -> RawRecord {
        guard case .object = row, let id = row["ID"]?.scalarText, !id.isEmpty else {
            throw ConnectorError(
                .malformedRecord, source: source, location: origin, message: "a \(query.object) row without 'ID'")
        }
        guard let stampText = row["DATE_MODIFY"]?.stringText, let modifiedAt = Bitrix24Timestamp.parse(stampText)
        else {
            throw ConnectorError(
                .malformedRecord, source: source, location: "\(query.object) \(id), \(origin)",
                message: "'DATE_MODIFY' is missing or not a datetime")
        }
        return RawRecord(
            source: source, sourceKey: id, entity: query.entity, modifiedAt: modifiedAt, payload: row, origin: origin)
    }

    /// Puts each company's first requisite (lowest requisite `ID`) into its payload as `RQ_INN`, `RQ_KPP`,
    /// `RQ_OGRN`, where `mappings/bitrix24.yaml` reads them; one `crm.requisite.list` call per page of companies.
    func attachRequisites(_ rows: [JSONValue], query: Bitrix24ObjectQuery, page: String) async throws -> [JSONValue] {
        guard !query.requisiteFields.isEmpty, !rows.isEmpty else { return rows }
        let ids = rows.compactMap { $0["ID"]?.scalarText }
        var first: [String: JSONValue] = [:]
        var start = 0
        var call = 0
        while true {
            call += 1
            let body: JSONValue = .object([
                "filter": .object([
                    "ENTITY_TYPE_ID": .number(Double(Self.companyEntityType)),
                    "@ENTITY_ID": .array(ids.map(JSONValue.string)),
                ]),
                "select": .array((["ID", "ENTITY_ID"] + query.requisiteFields).map(JSONValue.string)),
                "order": .object(["ID": .string("ASC")]),
                "start": .number(Double(start)),
            ])
            let name = "\(page) requisites\(call > 1 ? " \(call)" : "")"
            let response = try await self.call("crm.requisite.list", body, page: name)
            guard case .array(let requisites)? = response.body["result"] else {
                throw ConnectorError(
                    .malformedPage, source: source, location: "\(name) (\(redact(response.request)))",
                    message: "the answer has no 'result' array")
            }
            for requisite in requisites {
                guard let owner = requisite["ENTITY_ID"]?.scalarText, first[owner] == nil else { continue }
                first[owner] = requisite
            }
            guard let next = response.body["next"]?.scalarText.flatMap({ Int($0) }), !requisites.isEmpty else {
                break
            }
            start = next
        }
        return rows.map { row in
            guard case .object(var members) = row, let id = row["ID"]?.scalarText, let requisite = first[id] else {
                return row
            }
            for field in query.requisiteFields {
                if let value = requisite[field], value != .null { members[field] = value }
            }
            return .object(members)
        }
    }
}
