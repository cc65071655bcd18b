import ArgumentParser
import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Logging
import Survivorship
import SyncEngine

extension MappingsOptions {
    /// `survivorship.yaml` from the mappings folder (the shipped defaults when it has none).
    func survivorship() throws -> SurvivorshipConfiguration {
        do {
            return try SurvivorshipSettingsLoader.configuration(mappingsDirectory: directory)
        } catch let error as ConfigurationFileError {
            throw ValidationError(error.description)
        }
    }
}

/// `golden override GOLDEN_ID --attribute A --value V --reason R`.
struct OverrideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "override",
        abstract: "Set a golden attribute by hand: it wins over every source until unlocked (at once).")

    @Argument(help: "The golden id.") var golden: String
    @Option(help: "The attribute (legal_name, inn, phone, email, name, job_title, status, …).") var attribute: String
    @Option(help: "The value (standardized as landing would; refused when invalid).") var value: String
    @Option(help: "Why (required).") var reason: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let goldenID = try RecordArgument.golden(golden)
        let (attribute, value, reason, who) = (attribute, value, reason, actor.name)
        let (rules, standardizers) = (try mappings.survivorship(), try mappings.standardizers())
        let result = try await StewardStore(options: database, logging: logging).run { store, logger in
            try await GoldenValueActions(
                database: store, survivorship: rules, standardizers: standardizers, logger: logger
            ).override(golden: goldenID, attribute: attribute, value: value, reason: reason, actor: who)
        }
        if output.wantsJSON {
            try Output.json([
                "decision_id": result.decision.lowercasedText,
                "golden_id": result.goldenID.lowercasedText,
            ])
        } else {
            print("\(attribute) of \(result.goldenID.lowercasedText) is now set by \(who) (decision \(result.decision.lowercasedText)); `golden unlock` gives it back to the rules")
        }
    }
}

/// `golden unlock GOLDEN_ID --attribute A --reason R`.
struct UnlockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock", abstract: "Remove a steward override: the rules decide the attribute again (at once).")

    @Argument(help: "The golden id.") var golden: String
    @Option(help: "The attribute to unlock.") var attribute: String
    @Option(help: "Why (required).") var reason: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let goldenID = try RecordArgument.golden(golden)
        let (attribute, reason, who) = (attribute, reason, actor.name)
        let rules = try mappings.survivorship()
        let decision = try await StewardStore(options: database, logging: logging).run { store, logger in
            try await GoldenValueActions(database: store, survivorship: rules, logger: logger).unlock(
                golden: goldenID, attribute: attribute, reason: reason, actor: who)
        }
        if output.wantsJSON {
            try Output.json(["decision_id": decision.lowercasedText])
        } else {
            print("\(attribute) unlocked (decision \(decision.lowercasedText))")
        }
    }
}

/// `golden confirm GOLDEN_ID --reason R`.
struct ConfirmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Finance confirms a company: legal name, INN and KPP are locked; later differences become proposals.",
        discussion: "Needs an accounting match (status matched) or a valid INN. Audited.")

    @Argument(help: "The golden id of the organization.") var golden: String
    @Option(help: "Why (required).") var reason: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let goldenID = try RecordArgument.golden(golden)
        let (reason, who) = (reason, actor.name)
        let decision = try await StewardStore(options: database, logging: logging).run { store, logger in
            try await GoldenValueActions(database: store, logger: logger).confirm(
                golden: goldenID, reason: reason, actor: who)
        }
        if output.wantsJSON {
            try Output.json(["decision_id": decision.lowercasedText, "status": "confirmed"])
        } else {
            print("\(goldenID.lowercasedText) confirmed by \(who) (decision \(decision.lowercasedText))")
        }
    }
}

/// `golden proposals [list|accept|reject] [PROPOSAL_ID] [--reason R]`.
struct ProposalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposals",
        abstract: "Finance's queue: values that differ from a confirmed company's locked legal fields.",
        discussion: "accept makes the proposed value the locked one at once; reject keeps the locked value, and the same value is not proposed again.")

    enum Action: String, ExpressibleByArgument, CaseIterable {
        case list, accept, reject
    }

    @Argument(help: "list (default), accept or reject") var action: Action = .list
    @Argument(help: "The proposal id (accept, reject).") var proposal: String?
    @Option(help: "Why (required for accept and reject).") var reason: String?
    @Option(help: "list: open, accepted, rejected or all.") var status = "open"
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if action != .list {
            guard let proposal, UUID(uuidString: proposal) != nil else {
                throw ValidationError("\(action.rawValue) takes a proposal id")
            }
            guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("\(action.rawValue) needs --reason")
            }
        }
        guard ["open", "accepted", "rejected", "all"].contains(status) else {
            throw ValidationError("--status is one of open, accepted, rejected, all")
        }
    }

    func run() async throws {
        let (action, reason, who) = (action, reason ?? "", actor.name)
        let proposalID = proposal.flatMap(UUID.init(uuidString:))
        let status = status == "all" ? nil : status
        let proposals = try await StewardStore(options: database, logging: logging).run { store, logger in
            switch action {
            case .list:
                return try await GoldenProposalRepository(database: store).list(status: status)
            case .accept, .reject:
                return [
                    try await GoldenValueActions(database: store, logger: logger).decide(
                        proposal: proposalID!, accept: action == .accept, reason: reason, actor: who)
                ]
            }
        }
        if output.wantsJSON {
            try Output.json(proposals)
            return
        }
        Output.table(
            ["proposal", "golden id", "attribute", "locked", "proposed", "status"],
            proposals.map {
                [$0.proposalID.lowercasedText, $0.goldenID.lowercasedText, $0.attribute,
                 $0.current ?? "", $0.proposed, $0.status]
            })
    }
}

/// `golden survive [--dry-run] [--rules FILE]`.
struct SurviveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survive",
        abstract: "Compute every golden record's values again (after a rules change, and nightly for trust decay).",
        discussion: """
            A sync recomputes only the golden records whose inputs changed. Trust decays with time, so run this \
            on a schedule. --dry-run writes nothing and shows what would change, before → after with the rule; \
            --rules previews another rules file.
            """)

    @Flag(help: "Write nothing; show what would change.") var dryRun = false
    @Option(help: "A survivorship rules file to use instead of the mappings folder's.") var rules: String?
    @Option(help: "How many changed golden records to list in full (the counts cover all).") var limit = 20
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    struct Preview: Encodable {
        let golden: GoldenRecordJob.Summary.Golden
        let changedRecords: Int
        let changesByAttribute: [String: Int]
        let records: [GoldenRecordJob.ValueChanges]

        enum CodingKeys: String, CodingKey {
            case golden, records
            case changedRecords = "changed_records", changesByAttribute = "changes_by_attribute"
        }
    }

    func run() async throws {
        let configuration: SurvivorshipConfiguration
        if let rules {
            do {
                configuration = try SurvivorshipSettingsLoader.load(contentsOf: URL(fileURLWithPath: rules))
            } catch let error as ConfigurationFileError {
                throw ValidationError(error.description)
            }
        } else {
            configuration = try mappings.survivorship()
        }
        let standardizer = RecordStandardizer(standardizers: try mappings.standardizers())
        let settings = try mappings.matchConfiguration()
        let (dryRun, limit) = (dryRun, limit)
        let result = try await StewardStore(options: database, logging: logging).run { store, logger in
            let job = GoldenRecordJob(
                database: store, standardizer: standardizer, configuration: settings, survivorship: configuration,
                logger: logger)
            if dryRun { return try await job.preview(resurvive: true) }
            return (try await job.run(resurvive: true), [])
        }
        if !dryRun {
            if output.wantsJSON { try Output.json(result.summary) } else {
                let golden = result.summary.golden
                print("survived \(golden.survived) golden records: \(golden.valuesChanged) changed, \(golden.versions) versions, \(golden.proposals) proposals")
            }
            return
        }
        var byAttribute: [String: Int] = [:]
        for record in result.changes {
            for change in record.changes { byAttribute[change.attribute.rawValue, default: 0] += 1 }
        }
        let preview = Preview(
            golden: result.summary.golden, changedRecords: result.changes.count, changesByAttribute: byAttribute,
            records: Array(result.changes.prefix(limit)))
        if output.wantsJSON {
            try Output.json(preview)
            return
        }
        let golden = result.summary.golden
        print("dry run, nothing written: \(golden.created) created, \(golden.merged) merged, \(golden.split) split, \(golden.retired) retired; values change on \(result.changes.count) golden records")
        Output.table(
            ["attribute", "records"],
            byAttribute.sorted { $0.value > $1.value }.map { [$0.key, String($0.value)] })
        ValueChangesOutput.print(preview.records)
    }
}

/// Previewed attribute changes for a person: one line per golden record, then `attribute: before → after [rule]`.
enum ValueChangesOutput {
    static func print(_ records: [GoldenRecordJob.ValueChanges]) {
        for record in records {
            Swift.print("\(record.goldenID.lowercasedText) (\(record.entity)\(record.isNew ? ", new" : ""))")
            for change in record.changes {
                let before = change.before.isEmpty ? "∅" : change.before.joined(separator: "; ")
                Swift.print(
                    "  \(change.attribute.rawValue): \(before) → \(change.after.joined(separator: "; "))  [\(change.rule)]")
            }
        }
    }
}

/// `golden explain golden:ID`: each attribute's winning value, where it came from, the rule and what it beat.
enum GoldenExplanation {
    static func run(
        _ id: UUID, attribute: String?, database: DatabaseOptions, logging: LoggingOptions, json: Bool
    ) async throws {
        let stored = try await StewardStore(options: database, logging: logging).run { store, _ in
            let repository = GoldenRecordRepository(database: store)
            guard let record = try await repository.resolve(id) else {
                throw SyncError(.invalidStewardAction, source: nil, message: "no golden record \(id)")
            }
            return (record.goldenID, try await repository.values(of: record.goldenID))
        }
        guard let values = stored.1 else { throw ValidationError("no golden record \(id)") }
        let document: [AttributeLineage]
        do {
            document = try values.lineageJSON.map(LineageDocument.decode) ?? []
        } catch {
            throw ValidationError("the lineage of golden record \(stored.0) cannot be read: \(error)")
        }
        let lineage = document.filter { attribute == nil || $0.attribute.rawValue == attribute }
        if let attribute, lineage.isEmpty {
            throw ValidationError("golden record \(stored.0) has no value or candidate for '\(attribute)'")
        }
        if json {
            print(GoldenRecordExport.jsonLine(values, only: attribute))
            return
        }
        let resolved = stored.0 == id ? "" : " (\(id.lowercasedText) was merged into it)"
        print("golden:\(stored.0.lowercasedText)\(resolved)")
        print("\(values.entity) · \(values.status) · \(values.lifecycle) · version \(values.version)")
        for entry in lineage {
            print("")
            print(describe(entry))
        }
    }

    static func describe(_ entry: AttributeLineage) -> String {
        var lines: [String] = []
        let kept = entry.values.map { $0.compactMap(\.value).joined(separator: "; ") } ?? entry.value ?? "∅"
        var head = "\(entry.attribute.rawValue) = \(kept)"
        if let raw = entry.raw, raw != entry.value, entry.values == nil { head += "  (sent as \"\(raw)\")" }
        lines.append(head)
        var why = entry.values == nil ? "  won by \(entry.rule)" : "  all valid values kept; primary by \(entry.rule)"
        if let tie = entry.tieBrokenBy { why += ", tie broken by \(tie)" }
        if let score = entry.score { why += String(format: " (score %.3f)", score) }
        if let source = entry.source { why += " from \(place(source))" }
        if let note = entry.override { why += " — set by \(note.by): \(note.reason)" }
        lines.append(why)
        if !entry.agreed.isEmpty {
            lines.append("  agreed: " + entry.agreed.map { "\($0.source)/\($0.key)" }.joined(separator: ", "))
        }
        for candidate in entry.beaten {
            var line = "  beat \"\(candidate.value ?? candidate.raw)\""
            if let source = candidate.source { line += " from \(place(source))" }
            if let reason = candidate.reason { line += ": \(reason.words)" }
            if let score = candidate.score { line += String(format: " (%.3f)", score) }
            if let issues = candidate.issues, !issues.isEmpty { line += " [\(issues.joined(separator: ", "))]" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    static func place(_ source: LineageSource) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return "\(source.source)/\(source.key) (\(formatter.string(from: source.modifiedAt)))"
    }
}

/// `golden report owners`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports over the golden records.",
        discussion: "owners: customers worked by different managers in different CRMs (who may not know about each other).")

    enum What: String, ExpressibleByArgument, CaseIterable {
        case owners
    }

    @Argument(help: "owners") var what: What
    @Option(help: "At most this many rows.") var limit = 1000
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let limit = limit
        let entries = try await StewardStore(options: database, logging: logging).run { store, _ in
            try await OwnerReport(database: store).entries(limit: limit)
        }
        if output.wantsJSON {
            try Output.json(entries)
            return
        }
        Output.table(
            ["golden id", "entity", "name", "owners"],
            entries.map { entry in
                [entry.goldenID.lowercasedText, entry.entity, entry.name,
                 entry.owners.map { "\($0.source): \($0.name ?? $0.ownerID)" }.joined(separator: ", ")]
            })
        print("\(entries.count) customers with managers in more than one CRM")
    }
}
