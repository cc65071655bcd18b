import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Logging
import Survivorship

/// Golden records as the API shows them: search, detail with lineage ("why this value won") and members, and
/// the version and decision history.
///
/// Search reads the `golden_search_keys` index (migration 8). A query with `@` is an e-mail; one of digits (and
/// phone punctuation) is an INN, OGRN or phone, tried both as typed and as the phone standardizer reads it
/// (`8 (495) 123-45-67` → `+74951234567`); anything else is name words, every one of which must match, in either
/// script (Иванов finds Ivanov).
public struct GoldenRecordLookup: Sendable {
    struct Hit: Encodable, Sendable {
        let goldenID: String
        let entity: String
        let status: String
        let attributes: JSONValue

        enum CodingKeys: String, CodingKey {
            case entity, status, attributes
            case goldenID = "golden_id"
        }
    }

    struct SearchResults: Encodable, Sendable {
        let query: String
        let results: [Hit]
    }

    struct Member: Encodable, Sendable {
        let sourceRecordID: String
        let ref: String
        let source: String
        let key: String
        let since: Date
        let reason: String

        enum CodingKeys: String, CodingKey {
            case ref, source, key, since, reason
            case sourceRecordID = "source_record_id"
        }
    }

    struct Detail: Encodable, Sendable {
        let goldenID: String
        let requestedID: String
        let entity: String
        let state: String
        let status: String
        let lifecycle: String
        let deadReason: String?
        let version: Int
        let confirmedAt: Date?
        let attributes: JSONValue
        let lineage: [String: JSONValue]
        /// The same lineage as Survivorship's typed entries, for the page (not encoded: the API sends `lineage`).
        let entries: [AttributeLineage]
        let members: [Member]

        enum CodingKeys: String, CodingKey {
            case entity, state, status, lifecycle, version, attributes, lineage, members
            case goldenID = "golden_id", requestedID = "requested_id", deadReason = "dead_reason"
            case confirmedAt = "confirmed_at"
        }
    }

    struct Version: Encodable, Sendable {
        let version: Int
        let change: String
        let status: String
        let at: Date
        let actor: String?
        let runID: String?
        let decisionID: String?
        let memberCount: Int?
        let related: [String]

        enum CodingKeys: String, CodingKey {
            case version, change, status, at, actor, related
            case runID = "run_id", decisionID = "decision_id", memberCount = "member_count"
        }
    }

    struct History: Encodable, Sendable {
        let goldenID: String
        let versions: [Version]
        let decisions: [OperationsReport.AuditEntry]

        enum CodingKeys: String, CodingKey {
            case versions, decisions
            case goldenID = "golden_id"
        }
    }

    let golden: GoldenRecordRepository
    let reads: StewardReadRepository

    public init(database: GoldenDatabase) {
        self.golden = GoldenRecordRepository(database: database)
        self.reads = StewardReadRepository(database: database)
    }

    /// The key sets a query stands for; a record matches when it has every key of one set.
    static func keySets(for query: String) -> [(names: [String], exact: [String])] {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.contains("@") { return [([], ["e:" + trimmed.lowercased()])] }
        let phoneMarks = CharacterSet(charactersIn: "+()-. ")
        if trimmed.unicodeScalars.allSatisfy({ CharacterSet.decimalDigits.contains($0) || phoneMarks.contains($0) }),
            trimmed.unicodeScalars.contains(where: { CharacterSet.decimalDigits.contains($0) })
        {
            let digits = String(trimmed.unicodeScalars.filter { CharacterSet.decimalDigits.contains($0) })
            var sets: [(names: [String], exact: [String])] = [([], ["d:" + digits])]
            if let phone = PhoneStandardizer().standardize(trimmed).value {
                let e164 = String(phone.e164.unicodeScalars.filter { CharacterSet.decimalDigits.contains($0) })
                if e164 != digits { sets.append(([], ["d:" + e164])) }
            }
            return sets
        }
        return [([trimmed], [])]
    }

    func search(_ query: String, entity: String?, limit: Int) async throws -> SearchResults {
        var hits: [StewardReadRepository.SearchHit] = []
        var seen: Set<UUID> = []
        for keys in Self.keySets(for: query) where hits.count < limit {
            for hit in try await reads.search(
                nameWords: keys.names, exactKeys: keys.exact, entity: entity, limit: limit - hits.count)
            where seen.insert(hit.goldenID).inserted {
                hits.append(hit)
            }
        }
        return SearchResults(
            query: query,
            results: hits.map {
                Hit(goldenID: $0.goldenID.lowercasedText, entity: $0.entity, status: $0.status, attributes: JSONValue(parsing: $0.attributesJSON))
            })
    }

    /// The record `id` names today (merged ids resolve to their survivor), with values, lineage and members.
    func detail(_ id: UUID) async throws -> Detail {
        guard let record = try await golden.resolve(id), let values = try await golden.values(of: record.goldenID)
        else { throw APIError.notFound("no golden record \(id.lowercasedText)") }
        let members = try await reads.members(of: record.goldenID)
        let entries = LineageDocument.entries(values.lineageJSON)
        var lineage: [String: JSONValue] = [:]
        for entry in entries { lineage[entry.attribute.rawValue] = JSONValue(parsing: entry.jsonText) }
        return Detail(
            goldenID: values.goldenID.lowercasedText, requestedID: id.lowercasedText, entity: values.entity, state: values.state,
            status: values.status, lifecycle: values.lifecycle, deadReason: values.deadReason, version: values.version,
            confirmedAt: values.confirmedAt, attributes: JSONValue(parsing: values.attributesJSON), lineage: lineage,
            entries: entries,
            members: members.map {
                Member(
                    sourceRecordID: $0.sourceRecordID.lowercasedText, ref: "\($0.source):\($0.sourceKey)", source: $0.source,
                    key: $0.sourceKey, since: $0.since, reason: $0.reason)
            })
    }

    /// Every version of the record `id` (not followed through merges: a merged id has its own history up to the
    /// merge) and the audited decisions about it.
    func history(_ id: UUID) async throws -> History {
        guard try await golden.find(id) != nil else {
            throw APIError.notFound("no golden record \(id.lowercasedText)")
        }
        let versions = try await reads.versions(of: id)
        let audit = try await reads.auditLog(
            actor: nil, actionPrefix: nil, subject: id.lowercasedText, before: nil, limit: 500)
        let decisions = try await decisionAudit(id, versions: versions)
        return History(
            goldenID: id.lowercasedText,
            versions: versions.map {
                Version(
                    version: $0.version, change: $0.change, status: $0.status, at: $0.createdAt, actor: $0.actor,
                    runID: $0.runID?.lowercasedText, decisionID: $0.decisionID?.lowercasedText, memberCount: $0.memberCount,
                    related: $0.related.map(\.lowercasedText))
            },
            decisions: (audit + decisions).sorted { $0.at < $1.at }.map(OperationsReport.AuditEntry.init))
    }

    /// The audit rows of the decisions that caused this record's versions (a decision is audited under its own id).
    private func decisionAudit(_ id: UUID, versions: [StewardReadRepository.Version]) async throws
        -> [StewardReadRepository.AuditEntry]
    {
        var entries: [StewardReadRepository.AuditEntry] = []
        for decision in Set(versions.compactMap(\.decisionID)) {
            entries += try await reads.auditLog(
                actor: nil, actionPrefix: nil, subject: decision.lowercasedText, before: nil, limit: 10)
        }
        return entries
    }
}
