import Foundation
import GoldenStore
import Logging

/// What operations and auditors read: data-quality counts and the audit log.
public struct OperationsReport: Sendable {
    struct AuditEntry: Encodable, Sendable {
        let auditID: String
        let at: Date
        let actor: String
        let action: String
        let subject: String?
        let details: JSONValue

        enum CodingKeys: String, CodingKey {
            case at, actor, action, subject, details
            case auditID = "audit_id"
        }

        init(_ entry: StewardReadRepository.AuditEntry) {
            auditID = entry.auditID.text
            at = entry.at
            actor = entry.actor
            action = entry.action
            subject = entry.subject
            details = JSONValue(parsing: entry.detailsJSON)
        }
    }

    struct AuditPage: Encodable, Sendable {
        let entries: [AuditEntry]
        /// Pass as `before` to read the next (older) page; absent on the last page.
        let next: Date?
    }

    struct Quality: Encodable, Sendable {
        struct Golden: Encodable, Sendable {
            let entity: String
            let state: String
            let status: String
            let count: Int
        }

        struct Candidates: Encodable, Sendable {
            let entity: String
            let status: String
            let count: Int
        }

        struct Source: Encodable, Sendable {
            let source: String
            let entity: String
            let live: Int
            let deleted: Int
        }

        let golden: [Golden]
        let candidates: [Candidates]
        let sources: [Source]
        let quarantine: [String: Int]
        let openProposals: Int
        let outbox: [String: Int]
        /// Source records per active golden record, by entity: how much matching folded together.
        let recordsPerGolden: [String: Double]

        enum CodingKeys: String, CodingKey {
            case golden, candidates, sources, quarantine, outbox
            case openProposals = "open_proposals", recordsPerGolden = "records_per_golden"
        }
    }

    let reads: StewardReadRepository

    public init(database: GoldenDatabase) {
        self.reads = StewardReadRepository(database: database)
    }

    func quality() async throws -> Quality {
        let counts = try await reads.qualityCounts()
        var live: [String: Int] = [:]
        for row in counts.sourceRecords { live[row.entity, default: 0] += row.live }
        var active: [String: Int] = [:]
        for row in counts.golden where row.state == "active" { active[row.entity, default: 0] += row.count }
        var ratio: [String: Double] = [:]
        for (entity, records) in live {
            if let golden = active[entity], golden > 0 {
                ratio[entity] = (Double(records) / Double(golden) * 100).rounded() / 100
            }
        }
        return Quality(
            golden: counts.golden.map { Quality.Golden(entity: $0.entity, state: $0.state, status: $0.status, count: $0.count) },
            candidates: counts.candidates.map { Quality.Candidates(entity: $0.entity, status: $0.status, count: $0.count) },
            sources: counts.sourceRecords.map {
                Quality.Source(source: $0.source, entity: $0.entity, live: $0.live, deleted: $0.deleted)
            },
            quarantine: Dictionary(counts.quarantine.map { ($0.reason, $0.open) }, uniquingKeysWith: +),
            openProposals: counts.openProposals,
            outbox: Dictionary(counts.outbox.map { ($0.state, $0.count) }, uniquingKeysWith: +),
            recordsPerGolden: ratio)
    }

    func audit(actor: String?, action: String?, subject: String?, before: Date?, limit: Int) async throws -> AuditPage {
        let entries = try await reads.auditLog(
            actor: actor, actionPrefix: action, subject: subject, before: before, limit: limit)
        return AuditPage(entries: entries.map(AuditEntry.init), next: entries.count == limit ? entries.last?.at : nil)
    }
}
