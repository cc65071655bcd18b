import Connectors
import Foundation
import GoldenCore
import GoldenStore
import HTTPTypes
import Logging
import Matching
import SyncEngine

/// The steward's review queue as the API (and the web UI after it) shows it: list, detail, decide.
///
/// A candidate is named by its pair of source record ids, `LEFT:RIGHT`, smaller first (the store's key); either
/// order is accepted. Approve and reject are ``StewardActions/decide(_:_:_:reason:actor:)`` (must-link or
/// cannot-link, applied by the next run); defer puts the pair aside until a run scores it again.
public struct CandidateReview: Sendable {
    public enum Decision: String, Sendable, Codable, CaseIterable {
        case approve, reject, `defer`
    }

    /// The filters of the queue.
    public struct Filter: Sendable, Hashable {
        public var entity: String?
        public var source: String?
        public var minProbability: Double?
        public var maxProbability: Double?
        public var limit: Int
        public var offset: Int

        public init(
            entity: String? = nil, source: String? = nil, minProbability: Double? = nil,
            maxProbability: Double? = nil, limit: Int = 50, offset: Int = 0
        ) {
            self.entity = entity
            self.source = source
            self.minProbability = minProbability
            self.maxProbability = maxProbability
            self.limit = limit
            self.offset = offset
        }
    }

    struct Entry: Encodable, Sendable {
        let id: String
        let entity: String
        let probability: Double
        let matchWeight: Double
        let status: String
        let leftID: String
        let rightID: String
        let sources: [String]
        let updatedAt: Date

        enum CodingKeys: String, CodingKey {
            case id, entity, probability, status, sources
            case matchWeight = "match_weight", leftID = "left_id", rightID = "right_id", updatedAt = "updated_at"
        }

        init(_ entry: StewardReadRepository.QueueEntry) {
            id = CandidateReview.id(entry.leftID, entry.rightID)
            entity = entry.entity
            probability = entry.probability
            matchWeight = entry.matchWeight
            status = entry.status
            leftID = entry.leftID.lowercasedText
            rightID = entry.rightID.lowercasedText
            sources = [entry.leftSource, entry.rightSource]
            updatedAt = entry.updatedAt
        }
    }

    struct Queue: Encodable, Sendable {
        let candidates: [Entry]
        let limit: Int
        let offset: Int
    }

    struct Side: Encodable, Sendable {
        let sourceRecordID: String
        let source: String
        let key: String
        let ref: String
        let deleted: Bool
        let goldenID: String?
        let attributes: JSONValue

        enum CodingKeys: String, CodingKey {
            case source, key, ref, deleted, attributes
            case sourceRecordID = "source_record_id", goldenID = "golden_id"
        }
    }

    struct Detail: Encodable, Sendable {
        let candidate: Entry
        let modelVersion: Int?
        let decisionID: String?
        let explanation: JSONValue
        /// The same explanation as the engine's type, for the page's waterfall (not encoded: the API sends
        /// `explanation`).
        let explained: PairExplanation?
        let left: Side?
        let right: Side?

        enum CodingKeys: String, CodingKey {
            case candidate, explanation, left, right
            case modelVersion = "model_version", decisionID = "decision_id"
        }
    }

    struct Outcome: Encodable, Sendable {
        let id: String
        let decision: String
        let status: String
        let decisionID: String?

        enum CodingKeys: String, CodingKey {
            case id, decision, status
            case decisionID = "decision_id"
        }
    }

    let database: GoldenDatabase
    let actions: StewardActions
    let reads: StewardReadRepository

    public init(database: GoldenDatabase, actions: StewardActions) {
        self.database = database
        self.actions = actions
        self.reads = StewardReadRepository(database: database)
    }

    static func id(_ left: UUID, _ right: UUID) -> String {
        left.lowercasedText + ":" + right.lowercasedText
    }

    /// `LEFT:RIGHT` → the two ids, or 404.
    static func pair(_ id: String) throws -> (UUID, UUID) {
        let parts = id.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let left = UUID(uuidString: String(parts[0])),
            let right = UUID(uuidString: String(parts[1]))
        else {
            throw APIError.notFound("a candidate id is LEFT_ID:RIGHT_ID, two source record ids (got '\(id)')")
        }
        return (left, right)
    }

    func queue(_ filter: Filter) async throws -> Queue {
        let entries = try await reads.reviewQueue(
            entity: filter.entity, source: filter.source, minProbability: filter.minProbability,
            maxProbability: filter.maxProbability, limit: filter.limit, offset: filter.offset)
        return Queue(candidates: entries.map(Entry.init), limit: filter.limit, offset: filter.offset)
    }

    func detail(_ id: String) async throws -> Detail {
        let (left, right) = try Self.pair(id)
        guard let found = try await reads.candidate(leftID: left, rightID: right) else {
            throw APIError.notFound("no candidate \(id)")
        }
        func side(_ record: StewardReadRepository.PairRecord?) -> Side? {
            record.map {
                Side(
                    sourceRecordID: $0.sourceRecordID.lowercasedText, source: $0.source, key: $0.sourceKey,
                    ref: "\($0.source):\($0.sourceKey)", deleted: $0.deleted, goldenID: $0.goldenID?.lowercasedText,
                    attributes: JSONValue(parsing: $0.attributesJSON))
            }
        }
        return Detail(
            candidate: Entry(found.entry), modelVersion: found.modelVersion, decisionID: found.decisionID?.lowercasedText,
            explanation: JSONValue(parsing: found.explanationJSON),
            explained: try? JSONDecoder().decode(PairExplanation.self, from: Data(found.explanationJSON.utf8)),
            left: side(found.left), right: side(found.right))
    }

    func decide(_ id: String, _ decision: Decision, reason: String, actor: String) async throws -> Outcome {
        let (left, right) = try Self.pair(id)
        guard let found = try await reads.candidate(leftID: left, rightID: right) else {
            throw APIError.notFound("no candidate \(id)")
        }
        let canonical = Self.id(found.entry.leftID, found.entry.rightID)
        switch decision {
        case .defer:
            let audit = AccessRepository.AuditNote(
                actor: actor, action: "candidate.defer", subject: canonical,
                detailsJSON: "{\"reason\":\(JSONText.quoted(reason))}")
            guard try await reads.deferCandidate(leftID: left, rightID: right, audit: audit) else {
                throw APIError(
                    .conflict, code: "not_open", "candidate \(canonical) is \(found.entry.status), not open for review")
            }
            return Outcome(id: canonical, decision: decision.rawValue, status: "deferred", decisionID: nil)
        case .approve, .reject:
            guard let l = found.left, let r = found.right else { throw APIError.notFound("no candidate \(id)") }
            let verdict: StewardActions.Verdict = decision == .approve ? .approve : .reject
            let decisionID = try await actions.decide(
                verdict, SourceRecordRef(source: l.source, id: l.sourceKey),
                SourceRecordRef(source: r.source, id: r.sourceKey), reason: reason, actor: actor)
            return Outcome(
                id: canonical, decision: decision.rawValue, status: decision == .approve ? "approved" : "rejected",
                decisionID: decisionID.lowercasedText)
        }
    }
}
