import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Logging

/// What operations and auditors read: data-quality counts, the audit log, sources and their runs, parked outbox
/// deltas (and their retry), the quarantine and rejected file rows.
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
            auditID = entry.auditID.lowercasedText
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

    struct SourceRun: Encodable, Sendable {
        let runID: String
        let kind: String
        let startedAt: Date
        let finishedAt: Date?
        let outcome: String
        let pulled: Int
        let newVersions: Int
        let echoes: Int
        let quarantined: Int
        let deleted: Int
        let pushed: Int
        let pushFailed: Int
        let error: String?
        let runError: String?

        enum CodingKeys: String, CodingKey {
            case kind, outcome, pulled, echoes, quarantined, deleted, pushed, error
            case runID = "run_id", startedAt = "started_at", finishedAt = "finished_at", newVersions = "new_versions"
            case pushFailed = "push_failed", runError = "run_error"
        }

        init(_ run: OperationsReadRepository.SourceRun) {
            runID = run.runID.lowercasedText
            kind = run.kind
            startedAt = run.startedAt
            finishedAt = run.finishedAt
            outcome = run.outcome
            pulled = run.pulled
            newVersions = run.newVersions
            echoes = run.echoes
            quarantined = run.quarantined
            deleted = run.deleted
            pushed = run.pushed
            pushFailed = run.pushFailed
            error = run.error
            runError = run.runError
        }
    }

    struct Source: Encodable, Sendable {
        let name: String
        let kind: String
        let createdAt: Date
        let updatedAt: Date
        /// Newest first.
        let runs: [SourceRun]

        enum CodingKeys: String, CodingKey {
            case name, kind, runs
            case createdAt = "created_at", updatedAt = "updated_at"
        }
    }

    struct Sources: Encodable, Sendable {
        let sources: [Source]
    }

    struct ParkedDelta: Encodable, Sendable {
        let source: String
        let sourceKey: String
        let goldenID: String
        let goldenVersion: Int
        let error: String

        enum CodingKeys: String, CodingKey {
            case source, error
            case sourceKey = "source_key", goldenID = "golden_id", goldenVersion = "golden_version"
        }
    }

    struct Parked: Encodable, Sendable {
        let parked: [ParkedDelta]
    }

    struct Retried: Encodable, Sendable {
        let retried: Int
        let source: String?
    }

    struct QuarantinedValue: Encodable, Sendable {
        let sourceRecordID: String
        let source: String
        let sourceKey: String
        let version: Int
        let field: String
        let rawValue: String?
        let reasonCode: String
        let reason: String
        let runID: String?
        let createdAt: Date

        enum CodingKeys: String, CodingKey {
            case source, version, field, reason
            case sourceRecordID = "source_record_id", sourceKey = "source_key", rawValue = "raw_value"
            case reasonCode = "reason_code", runID = "run_id", createdAt = "created_at"
        }

        init(_ value: OperationsReadRepository.QuarantinedValue) {
            sourceRecordID = value.sourceRecordID.lowercasedText
            source = value.source
            sourceKey = value.sourceKey
            version = value.version
            field = value.field
            rawValue = value.rawValue
            reasonCode = value.reasonCode
            reason = value.reason
            runID = value.runID?.lowercasedText
            createdAt = value.createdAt
        }
    }

    struct Quarantine: Encodable, Sendable {
        let quarantine: [QuarantinedValue]
    }

    struct RejectedRow: Encodable, Sendable {
        let rejectedRowID: String
        let source: String
        let file: String
        let line: Int
        let reasonCode: String
        let reason: String
        /// The row as text, when it is text.
        let rawText: String?
        /// The row's bytes exactly as the file held them, only when they are not text.
        let rawBase64: String?
        let runID: String?
        let createdAt: Date

        enum CodingKeys: String, CodingKey {
            case source, file, line, reason
            case rejectedRowID = "rejected_row_id", reasonCode = "reason_code", rawText = "raw_text"
            case rawBase64 = "raw_base64", runID = "run_id", createdAt = "created_at"
        }

        init(_ row: OperationsReadRepository.RejectedRowEntry) {
            rejectedRowID = row.rejectedRowID.lowercasedText
            source = row.source
            file = row.file
            line = row.line
            reasonCode = row.reasonCode
            reason = row.reason
            rawText = row.rawText
            rawBase64 = row.rawText == nil ? Data(row.rawBytes).base64EncodedString() : nil
            runID = row.runID?.lowercasedText
            createdAt = row.createdAt
        }
    }

    struct RejectedRows: Encodable, Sendable {
        let rejectedRows: [RejectedRow]

        enum CodingKeys: String, CodingKey { case rejectedRows = "rejected_rows" }
    }

    let reads: StewardReadRepository
    let operations: OperationsReadRepository
    let outbox: OutboxRepository

    public init(database: GoldenDatabase) {
        self.reads = StewardReadRepository(database: database)
        self.operations = OperationsReadRepository(database: database)
        self.outbox = OutboxRepository(database: database)
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

    func sources(runsPerSource: Int) async throws -> Sources {
        Sources(
            sources: try await operations.sources(runsPerSource: runsPerSource).map {
                Source(
                    name: $0.name, kind: $0.kind, createdAt: $0.createdAt, updatedAt: $0.updatedAt,
                    runs: $0.runs.map(SourceRun.init))
            })
    }

    func parked(source: String?, limit: Int) async throws -> Parked {
        Parked(
            parked: try await outbox.parked(source: source, limit: limit).map {
                ParkedDelta(
                    source: $0.source, sourceKey: $0.sourceKey, goldenID: $0.goldenID.lowercasedText,
                    goldenVersion: $0.goldenVersion, error: $0.error)
            })
    }

    /// Puts parked deltas back in the queue, audited as `outbox.retry` with the source, the count and the reason.
    func retryParked(source: String?, reason: String?, actor: String) async throws -> Retried {
        let retried = try await outbox.retryParked(source: source) { count in
            var details = "{\"retried\":\(count),\"source\":\(source.map(JSONText.quoted) ?? "null")"
            if let reason { details += ",\"reason\":\(JSONText.quoted(reason))" }
            return AccessRepository.AuditNote(
                actor: actor, action: "outbox.retry", subject: source, detailsJSON: details + "}")
        }
        return Retried(retried: retried, source: source)
    }

    func quarantine(source: String?, limit: Int) async throws -> Quarantine {
        Quarantine(
            quarantine: try await operations.openQuarantine(source: source, limit: limit).map(QuarantinedValue.init))
    }

    func rejectedRows(source: String?, limit: Int) async throws -> RejectedRows {
        RejectedRows(
            rejectedRows: try await operations.openRejectedRows(source: source, limit: limit).map(RejectedRow.init))
    }
}
