import Connectors
import Foundation
import GoldenCore
import GoldenStore

/// Search: one box, results as you type.
struct SearchPage: Sendable {
    struct Hit: Sendable {
        let goldenID: String
        let name: String
        let entity: String
        let status: String
        let keys: String
    }

    let chrome: Chrome
    let query: String?
    let entities: [Option]
    let hits: [Hit]

    static func hits(_ results: GoldenRecordLookup.SearchResults) -> [Hit] {
        results.results.map { hit in
            let fields = DisplayText.fields(hit.attributes)
            let name = DisplayText.name(of: fields) ?? hit.goldenID
            let keys = ["inn", "email", "phone"].compactMap { DisplayText.of(fields[$0]).nilIfEmpty }
            return Hit(
                goldenID: hit.goldenID, name: name, entity: hit.entity, status: hit.status,
                keys: keys.joined(separator: " · "))
        }
    }
}

/// Finance: organizations awaiting confirmation with the accounting record beside the CRM view, and proposals
/// against confirmed accounts.
struct FinancePage: Sendable {
    struct Account: Sendable {
        let goldenID: String
        let name: String
        let status: String
        let accountingRef: String?
        let accountingRefs: [String]
        let rows: [PairCard.AttributeRow]
        let canConfirm: Bool
        let csrf: String?
    }

    struct Proposal: Sendable {
        let proposalID: String
        let goldenID: String
        let attribute: String
        let current: String
        let proposed: String
        let rule: String
        let canConfirm: Bool
        let csrf: String?
    }

    let chrome: Chrome
    let tabs: [Option]
    let statusLabel: String
    let accounts: [Account]
    let proposals: [Proposal]

    static let compared = ["legal_name", "legal_form", "inn", "kpp", "ogrn", "address", "phone", "email", "website"]

    static func account(
        _ entry: DashboardRepository.FinanceEntry, members: [DashboardRepository.MemberRecord],
        accountingSources: Set<String>, context: APIRequestContext
    ) -> Account {
        let golden = DisplayText.fields(entry.attributesJSON)
        let accounting = members.first { accountingSources.contains($0.source) }
        let books = accounting.map { DisplayText.fields($0.attributesJSON) } ?? [:]
        let rows = compared.compactMap { name -> PairCard.AttributeRow? in
            let left = DisplayText.of(golden[name]), right = DisplayText.of(books[name])
            guard !left.isEmpty || !right.isEmpty else { return nil }
            return PairCard.AttributeRow(
                name: name.replacingOccurrences(of: "_", with: " "), left: left, right: right,
                differs: !left.isEmpty && !right.isEmpty && left.lowercased() != right.lowercased())
        }
        return Account(
            goldenID: entry.goldenID.lowercasedText,
            name: DisplayText.name(of: golden) ?? entry.goldenID.lowercasedText,
            status: entry.status, accountingRef: accounting.map { "\($0.source):\($0.key)" },
            accountingRefs: members.filter { accountingSources.contains($0.source) }.map { "\($0.source):\($0.key)" },
            rows: rows,
            canConfirm: entry.status != "confirmed" && (context.identity?.role.permits([.finance]) ?? false),
            csrf: context.csrfToken)
    }
}

/// The data-quality dashboard.
struct QualityPage: Sendable {
    struct KPI: Sendable {
        let value: String
        let label: String
    }

    struct Source: Sendable {
        let source: String
        let kind: String
        let live: Int
        let cleanPercent: String
        let cleanBar: String
        let inDuplicates: Int
        let freeMail: Int
        let roleMail: Int
        let stale: Int
    }

    struct Quarantine: Sendable {
        let source: String
        let reasonCode: String
        let count: Int
        let examples: [String]
    }

    struct Conflict: Sendable {
        let goldenID: String
        let name: String
        let entity: String
        let owners: String
    }

    struct Run: Sendable {
        let started: String
        let kind: String
        let outcome: String
        let seconds: String
        let pulled: Int
        let newVersions: Int
        let echoes: Int
        let pushed: Int
        let pushFailed: Int
        let reviewQueue: Int
        let phases: String
    }

    struct Parked: Sendable {
        let source: String
        let count: Int
    }

    let chrome: Chrome
    let kpis: [KPI]
    let staleMonths: Int
    let sources: [Source]
    let histogramSVG: String
    let queueSVG: String
    let quarantine: [Quarantine]
    let ownerConflictCount: Int
    let ownerConflicts: [Conflict]
    let runs: [Run]
    let parked: [Parked]

    /// The run's longest phases, `person_write_golden 0.07 s · …`: where its time went.
    static func phases(_ json: String, top: Int = 3) -> String {
        guard case .object(let phases) = JSONValue(parsing: json) else { return "" }
        let timed = phases.compactMap { name, value -> (String, Double)? in
            if case .number(let seconds) = value { return (name, seconds) }
            return nil
        }
        return timed.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(top)
            .map { "\($0.0.replacingOccurrences(of: "_", with: " ")) \(String(format: "%.2f", $0.1)) s" }
            .joined(separator: " · ")
    }
}
