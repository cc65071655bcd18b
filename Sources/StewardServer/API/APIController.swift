import Foundation
import GoldenCore
import GoldenStore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SyncEngine

/// The routes of `/api/v1`. Each handler decodes, calls one use case, and encodes; roles are checked by the
/// ``RequireRole`` middleware of its group before any body is read.
///
/// Reads are open to every role; stewards (and admins) decide candidates, split, move, override and unlock, and
/// retry parked outbox deltas; finance (and admins) confirm and decide proposals.
struct APIController: Sendable {
    let access: AccessControl
    let review: CandidateReview
    let lookup: GoldenRecordLookup
    let operations: OperationsReport
    let stewardActions: StewardActions
    let valueActions: GoldenValueActions
    let proposals: GoldenProposalRepository
    let preview: MatchPreview

    // MARK: - Bodies

    struct DecisionBody: Decodable {
        let decision: String
        let reason: String?
    }

    struct ReasonBody: Decodable {
        let reason: String?
    }

    struct SplitBody: Decodable {
        let records: [String]
        let reason: String?
    }

    struct MoveBody: Decodable {
        let record: String
        let reason: String?
    }

    struct OverrideBody: Decodable {
        let attribute: String
        let value: String
        let reason: String?
    }

    struct UnlockBody: Decodable {
        let attribute: String
        let reason: String?
    }

    struct DecisionResult: Encodable {
        let decisionID: String
        let goldenID: String
        let newGoldenID: String?

        enum CodingKeys: String, CodingKey {
            case decisionID = "decision_id", goldenID = "golden_id", newGoldenID = "new_golden_id"
        }
    }

    struct RetryBody: Decodable {
        let source: String?
        let reason: String?
    }

    struct Me: Encodable {
        let login: String
        let role: Role
    }

    struct Proposal: Encodable {
        let proposalID: String
        let goldenID: String
        let attribute: String
        let current: String?
        let proposed: String
        let proposedRaw: String?
        let sourceRecordID: String?
        let rule: String
        let status: String
        let createdAt: Date

        enum CodingKeys: String, CodingKey {
            case attribute, current, proposed, rule, status
            case proposalID = "proposal_id", goldenID = "golden_id", proposedRaw = "proposed_raw"
            case sourceRecordID = "source_record_id", createdAt = "created_at"
        }

        init(_ proposal: GoldenProposalRepository.Proposal) {
            proposalID = proposal.proposalID.lowercasedText
            goldenID = proposal.goldenID.lowercasedText
            attribute = proposal.attribute
            current = proposal.current
            proposed = proposal.proposed
            proposedRaw = proposal.proposedRaw
            sourceRecordID = proposal.sourceRecordID?.lowercasedText
            rule = proposal.rule
            status = proposal.status
            createdAt = proposal.createdAt
        }
    }

    struct Proposals: Encodable {
        let proposals: [Proposal]
    }

    // MARK: - Routes

    func addRoutes(to api: RouterGroup<APIRequestContext>) {
        api.get("openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }

        let reads = api.group().add(middleware: RequireRole.anyone)
        reads.get("me") { _, context in
            let principal = try context.principal
            return try json(Me(login: principal.login, role: principal.role))
        }
        reads.get("candidates") { request, _ in
            let filter = CandidateReview.Filter(
                entity: try entity(request), source: request.query("source"),
                minProbability: try request.queryDouble("min_probability", range: 0...1),
                maxProbability: try request.queryDouble("max_probability", range: 0...1),
                limit: try request.queryInt("limit", default: 50, range: 1...500),
                offset: try request.queryInt("offset", default: 0, range: 0...1_000_000))
            return try json(try await review.queue(filter))
        }
        reads.get("candidates/:id") { _, context in
            try json(try await review.detail(context.parameters.get("id") ?? ""))
        }
        reads.get("golden") { request, _ in
            guard let query = request.query("q") else { throw APIError.invalid("q", "a search needs q=…") }
            // Counted in code points, as JSON Schema's maxLength counts (a grapheme may hold many).
            guard query.unicodeScalars.count <= 200 else { throw APIError.invalid("q", "q has at most 200 characters") }
            return try json(
                try await lookup.search(
                    query, entity: try entity(request), limit: try request.queryInt("limit", default: 20, range: 1...100)))
        }
        reads.get("golden/:id") { _, context in
            try json(try await lookup.detail(try context.uuid("id", "golden record")))
        }
        reads.get("golden/:id/history") { _, context in
            try json(try await lookup.history(try context.uuid("id", "golden record")))
        }
        reads.get("proposals") { request, _ in
            if request.query("status") == nil, request.hasQuery("status") {
                throw APIError.invalid("status", "status is open, accepted, rejected or all")
            }
            let status = request.query("status") ?? "open"
            guard ["open", "accepted", "rejected", "all"].contains(status) else {
                throw APIError.invalid("status", "status is open, accepted, rejected or all")
            }
            return try json(
                Proposals(
                    proposals: try await proposals.list(
                        status: status == "all" ? nil : status,
                        limit: try request.queryInt("limit", default: 100, range: 1...1000)
                    ).map(Proposal.init)))
        }
        // Search-before-create stores nothing, so every role may ask.
        reads.post("match") { request, context in
            try json(try await preview.match(try await request.decodeBody(MatchPreview.Request.self, context: context)))
        }
        reads.get("quality") { _, _ in
            try json(try await operations.quality())
        }
        reads.get("sources") { request, _ in
            try json(
                try await operations.sources(runsPerSource: try request.queryInt("runs", default: 5, range: 1...50)))
        }
        reads.get("outbox/parked") { request, _ in
            let page = try operationsPage(request)
            return try json(try await operations.parked(source: page.source, limit: page.limit))
        }
        reads.get("quarantine") { request, _ in
            let page = try operationsPage(request)
            return try json(try await operations.quarantine(source: page.source, limit: page.limit))
        }
        reads.get("rejected-rows") { request, _ in
            let page = try operationsPage(request)
            return try json(try await operations.rejectedRows(source: page.source, limit: page.limit))
        }
        reads.get("audit") { request, _ in
            var before: Date?
            if let text = request.query("before") {
                guard let date = rfc3339Date(text) else {
                    throw APIError.invalid("before", "before is an ISO 8601 time such as 2026-01-31T12:00:00Z")
                }
                before = date
            } else if request.hasQuery("before") {
                throw APIError.invalid("before", "before is an ISO 8601 time such as 2026-01-31T12:00:00Z")
            }
            return try json(
                try await operations.audit(
                    actor: request.query("actor"), action: request.query("action"), subject: request.query("subject"),
                    before: before, limit: try request.queryInt("limit", default: 100, range: 1...1000)))
        }

        let stewards = api.group().add(middleware: RequireRole.stewards)
        stewards.post("candidates/:id/decision") { request, context in
            let body = try await request.decodeBody(DecisionBody.self, context: context)
            guard let decision = CandidateReview.Decision(rawValue: body.decision) else {
                throw APIError.invalid("decision", "decision is approve, reject or defer")
            }
            let reason = try requireReason(body.reason)
            return try json(
                try await review.decide(
                    context.parameters.get("id") ?? "", decision, reason: reason, actor: try context.principal.login))
        }
        stewards.post("golden/:id/split") { request, context in
            let id = try context.uuid("id", "golden record")
            let body = try await request.decodeBody(SplitBody.self, context: context)
            guard !body.records.isEmpty else { throw APIError.invalid("records", "name the records that leave") }
            let records = try body.records.map { try sourceRecordRef($0, field: "records") }
            let result = try await stewardActions.split(
                golden: id, records: records, reason: try requireReason(body.reason), actor: try context.principal.login)
            return try json(DecisionResult(decisionID: result.decision.lowercasedText, goldenID: id.lowercasedText, newGoldenID: result.newGoldenID.lowercasedText))
        }
        stewards.post("golden/:id/move") { request, context in
            let id = try context.uuid("id", "golden record")
            let body = try await request.decodeBody(MoveBody.self, context: context)
            let record = try sourceRecordRef(body.record, field: "record")
            let result = try await stewardActions.move(
                record, to: id, reason: try requireReason(body.reason), actor: try context.principal.login)
            return try json(DecisionResult(decisionID: result.decision.lowercasedText, goldenID: result.goldenID.lowercasedText, newGoldenID: nil))
        }
        stewards.post("golden/:id/override") { request, context in
            let id = try context.uuid("id", "golden record")
            let body = try await request.decodeBody(OverrideBody.self, context: context)
            let result = try await valueActions.override(
                golden: id, attribute: body.attribute, value: body.value, reason: try requireReason(body.reason),
                actor: try context.principal.login)
            return try json(DecisionResult(decisionID: result.decision.lowercasedText, goldenID: result.goldenID.lowercasedText, newGoldenID: nil))
        }
        stewards.post("golden/:id/unlock") { request, context in
            let id = try context.uuid("id", "golden record")
            let body = try await request.decodeBody(UnlockBody.self, context: context)
            let decision = try await valueActions.unlock(
                golden: id, attribute: body.attribute, reason: try requireReason(body.reason),
                actor: try context.principal.login)
            return try json(DecisionResult(decisionID: decision.lowercasedText, goldenID: id.lowercasedText, newGoldenID: nil))
        }

        // Operations: putting parked deltas back in the queue is a steward's (or an admin's) call.
        stewards.post("outbox/retry") { request, context in
            let body = try await request.decodeBody(
                RetryBody.self, context: context, ifEmpty: RetryBody(source: nil, reason: nil))
            let source = body.source?.trimmingCharacters(in: .whitespaces)
            // A blank source is a mistake, not "every source": that is said by leaving `source` out.
            guard source?.isEmpty != true else { throw APIError.invalid("source", "name a source, or leave it out") }
            return try json(
                try await operations.retryParked(
                    source: source, reason: try optionalReason(body.reason), actor: try context.principal.login))
        }

        let finance = api.group().add(middleware: RequireRole.finance)
        finance.post("golden/:id/confirm") { request, context in
            let id = try context.uuid("id", "golden record")
            let body = try await request.decodeBody(ReasonBody.self, context: context)
            let decision = try await valueActions.confirm(
                golden: id, reason: try requireReason(body.reason), actor: try context.principal.login)
            return try json(DecisionResult(decisionID: decision.lowercasedText, goldenID: id.lowercasedText, newGoldenID: nil))
        }
        finance.post("proposals/:id/decision") { request, context in
            let id = try context.uuid("id", "proposal")
            let body = try await request.decodeBody(DecisionBody.self, context: context)
            guard body.decision == "accept" || body.decision == "reject" else {
                throw APIError.invalid("decision", "decision is accept or reject")
            }
            return try json(
                Proposal(
                    try await valueActions.decide(
                        proposal: id, accept: body.decision == "accept", reason: try requireReason(body.reason),
                        actor: try context.principal.login)))
        }
    }
}

/// An RFC 3339 `date-time` (the OpenAPI format), with or without fractional seconds.
func rfc3339Date(_ text: String) -> Date? {
    let whole = ISO8601DateFormatter()
    let fractional = ISO8601DateFormatter()
    fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return whole.date(from: text) ?? fractional.date(from: text)
}

/// `entity=organization|person`, or absent.
private func entity(_ request: Request) throws -> String? {
    guard let entity = request.query("entity") else {
        if request.hasQuery("entity") { throw APIError.invalid("entity", "entity is organization or person") }
        return nil
    }
    guard entity == "organization" || entity == "person" else {
        throw APIError.invalid("entity", "entity is organization or person")
    }
    return entity
}

/// `source=` (optional) and `limit=` (100 by default, at most 1000) of the operations lists.
private func operationsPage(_ request: Request) throws -> (source: String?, limit: Int) {
    (request.query("source"), try request.queryInt("limit", default: 100, range: 1...1000))
}

/// A JSON response from the API's encoder, HTML-safe (see ``APIJSON/encode(_:)``).
func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    Response(
        status: status, headers: APIJSON.headers, body: .init(byteBuffer: ByteBuffer(bytes: try APIJSON.encode(value))))
}
