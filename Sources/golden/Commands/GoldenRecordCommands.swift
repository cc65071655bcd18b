import ArgumentParser
import Foundation
import GoldenCore
import GoldenStore
import Logging
import SyncEngine

/// `--actor`: who a steward decision is recorded for (the OS user unless named).
struct ActorOptions: ParsableArguments {
    @Option(help: "Who decides (recorded with the decision and in the audit log). Default: the OS user.")
    var actor: String?

    var name: String {
        if let actor, !actor.isEmpty { return actor }
        let environment = ProcessInfo.processInfo.environment
        return environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
    }
}

/// Opens the store for one steward or lookup command and maps the use cases' errors to exit 1 with the message.
struct StewardStore {
    let options: DatabaseOptions
    let logging: LoggingOptions

    func run<T: Sendable>(_ body: @escaping @Sendable (GoldenDatabase, Logger) async throws -> T) async throws -> T {
        let logger = logging.makeLogger("steward")
        let store = GoldenDatabase(configuration: try options.configuration(), logger: logger)
        do {
            return try await StoreCommand.run {
                try await store.withRunning { store in
                    try await store.migrate()
                    return try await body(store, logger)
                }
            }
        } catch let error as SyncError {
            Output.error(error.description)
            throw ExitCode.failure
        }
    }
}

/// `SOURCE:ID` as typed on the command line.
enum RecordArgument {
    static func parse(_ text: String) throws -> SourceRecordRef {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex,
            colon != text.index(before: text.endIndex)
        else { throw ValidationError("records are written SOURCE:ID, e.g. sf_a:001Yv0000004C9AIAU (got '\(text)')") }
        return SourceRecordRef(source: String(text[..<colon]), id: String(text[text.index(after: colon)...]))
    }

    static func golden(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw ValidationError("'\(text)' is not a golden id (a UUID)") }
        return id
    }
}

/// `golden decide approve|reject SOURCE:ID SOURCE:ID --reason R` and `golden decide undo DECISION_ID --reason R`.
struct DecideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record a steward decision: approve or reject a pair, or undo an earlier decision.",
        discussion: """
            approve = must-link, reject = cannot-link: every later match run obeys them, whatever the scores. \
            They take effect at the next run (golden sync --no-push). undo reverses an earlier decision; nothing \
            is deleted.
            """)

    enum Action: String, ExpressibleByArgument, CaseIterable {
        case approve, reject, undo
    }

    @Argument(help: "approve, reject or undo") var action: Action
    @Argument(help: "SOURCE:ID SOURCE:ID for approve/reject; DECISION_ID for undo") var subjects: [String]
    @Option(help: "Why (required; kept with the decision).") var reason: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        switch action {
        case .approve, .reject:
            guard subjects.count == 2 else { throw ValidationError("\(action.rawValue) takes two records: SOURCE:ID SOURCE:ID") }
        case .undo:
            guard subjects.count == 1, UUID(uuidString: subjects[0]) != nil else {
                throw ValidationError("undo takes one decision id")
            }
        }
    }

    func run() async throws {
        let action = action
        let subjects = subjects
        let reason = reason
        let who = actor.name
        let decision = try await StewardStore(options: database, logging: logging).run { store, logger in
            let actions = StewardActions(database: store, logger: logger)
            switch action {
            case .approve, .reject:
                return try await actions.decide(
                    action == .approve ? .approve : .reject, try RecordArgument.parse(subjects[0]),
                    try RecordArgument.parse(subjects[1]), reason: reason, actor: who)
            case .undo:
                return try await actions.undo(try RecordArgument.golden(subjects[0]), reason: reason, actor: who)
            }
        }
        if output.wantsJSON {
            try Output.json(["decision_id": decision.lowercasedText, "action": action.rawValue])
        } else {
            print("decision \(decision.lowercasedText) (\(action.rawValue)) recorded for \(who); it applies from the next match run")
        }
    }
}

/// `golden split GOLDEN_ID --records SOURCE:ID,... --reason R`.
struct SplitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split source records off a golden record into a new one (at once, and pinned for later runs).")

    @Argument(help: "The golden id to split.") var golden: String
    @Option(help: "The records that leave, SOURCE:ID,SOURCE:ID,…") var records: String
    @Option(help: "Why (required).") var reason: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let goldenID = try RecordArgument.golden(golden)
        let refs = try records.split(separator: ",").map { try RecordArgument.parse(String($0)) }
        let rules = try mappings.survivorship()
        let reason = reason
        let who = actor.name
        let result = try await StewardStore(options: database, logging: logging).run { store, logger in
            try await StewardActions(database: store, survivorship: rules, logger: logger).split(
                golden: goldenID, records: refs, reason: reason, actor: who)
        }
        if output.wantsJSON {
            try Output.json([
                "decision_id": result.decision.lowercasedText,
                "golden_id": result.newGoldenID.lowercasedText,
            ])
        } else {
            print("split \(refs.count) record(s) into golden record \(result.newGoldenID.lowercasedText) (decision \(result.decision.lowercasedText))")
        }
    }
}

/// `golden move SOURCE:ID --to GOLDEN_ID --reason R`.
struct MoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move", abstract: "Move a source record into another golden record (at once, and pinned).")

    @Argument(help: "SOURCE:ID") var record: String
    @Option(help: "The golden id it joins.") var to: String
    @Option(help: "Why (required).") var reason: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let ref = try RecordArgument.parse(record)
        let target = try RecordArgument.golden(to)
        let reason = reason
        let who = actor.name
        let rules = try mappings.survivorship()
        let result = try await StewardStore(options: database, logging: logging).run { store, logger in
            try await StewardActions(database: store, survivorship: rules, logger: logger).move(
                ref, to: target, reason: reason, actor: who)
        }
        if output.wantsJSON {
            try Output.json([
                "decision_id": result.decision.lowercasedText,
                "golden_id": result.goldenID.lowercasedText,
            ])
        } else {
            print("moved \(record) into golden record \(result.goldenID.lowercasedText) (decision \(result.decision.lowercasedText))")
        }
    }
}

/// `golden xref SOURCE:ID [--at DATE]`: which golden record a source record belonged to, now or then.
struct XrefCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xref",
        abstract: "The golden record a source record belongs to (now, or at --at), followed through merges.")

    @Argument(help: "SOURCE:ID") var record: String
    @Option(help: "A past instant: 2026-03-01, 2026-03-01T12:00:00Z.") var at: String?
    @Flag(help: "Print every xref row of the record instead.") var history = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    struct Answer: Encodable {
        let record: String
        let at: String?
        let goldenID: String?
        let resolvedGoldenID: String?
        let validFrom: Date?
        let validTo: Date?
        let reason: String?

        enum CodingKeys: String, CodingKey {
            case record, at, reason
            case goldenID = "golden_id", resolvedGoldenID = "resolved_golden_id", validFrom = "valid_from"
            case validTo = "valid_to"
        }
    }

    static func instant(_ text: String) throws -> Date {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = day.date(from: text) { return date }
        throw ValidationError("--at takes an ISO 8601 date or instant (2026-03-01 or 2026-03-01T12:00:00Z), got '\(text)'")
    }

    func run() async throws {
        let ref = try RecordArgument.parse(record)
        let instant = try at.map(Self.instant)
        let id = GoldenIdentifiers.sourceRecordID(source: ref.source, key: ref.id)
        let history = history
        let rows = try await StewardStore(options: database, logging: logging).run { store, _ in
            let repository = GoldenRecordRepository(database: store)
            if history { return try await repository.xrefHistory(sourceRecordID: id).map { ($0, UUID?.none) } }
            guard let row = try await repository.xref(sourceRecordID: id, at: instant) else {
                return [(GoldenRecordRepository.XrefRow, UUID?)]()
            }
            return [(row, try await repository.resolve(row.goldenID)?.goldenID)]
        }
        let answers = rows.map { row, resolved in
            Answer(
                record: record, at: at, goldenID: row.goldenID.lowercasedText,
                resolvedGoldenID: resolved?.lowercasedText, validFrom: row.validFrom, validTo: row.validTo,
                reason: row.reason)
        }
        if output.wantsJSON {
            if history { try Output.json(answers) } else {
                try Output.json(answers.first ?? Answer(
                    record: record, at: at, goldenID: nil, resolvedGoldenID: nil, validFrom: nil, validTo: nil,
                    reason: nil))
            }
            return
        }
        guard !answers.isEmpty else {
            print("\(record) belonged to no golden record\(at.map { " at \($0)" } ?? "")")
            throw ExitCode(3)
        }
        let format = ISO8601DateFormatter()
        Output.table(
            ["golden id", "today", "valid from", "valid to", "reason"],
            answers.map {
                [$0.goldenID ?? "", $0.resolvedGoldenID ?? "",
                 $0.validFrom.map(format.string(from:)) ?? "", $0.validTo.map(format.string(from:)) ?? "open",
                 $0.reason ?? ""]
            })
    }
}

/// `golden export clusters [--format csv] [--out F]`: every live source record with its golden id.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export golden membership (clusters) or golden records with their values (golden).",
        discussion: """
            clusters: source,source_id,golden_id per live source record (csv). golden: every active golden record \
            with status and values; csv has one column per attribute, jsonl adds the lineage.
            """)

    enum What: String, ExpressibleByArgument, CaseIterable {
        case clusters, golden
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, jsonl
    }

    @Argument(help: "What to export: clusters or golden.") var what: What
    @Option(help: "csv, or jsonl (golden only)") var format: Format = .csv
    @Option(help: "golden only: organization or person (default both).") var entity: String?

    func validate() throws {
        if what == .clusters, format != .csv { throw ValidationError("clusters export as csv") }
        if let entity, !["organization", "person"].contains(entity) {
            throw ValidationError("--entity is organization or person")
        }
    }
    @Option(help: "File to write (default: standard output).") var out: String?
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let (out, what, format, entity) = (out, what, format, entity)
        let written = try await StewardStore(options: database, logging: logging).run { store, _ in
            let handle: FileHandle
            if let out {
                guard FileManager.default.createFile(atPath: out, contents: nil) else {
                    throw ValidationError("cannot write \(out)")
                }
                handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
            } else {
                handle = FileHandle.standardOutput
            }
            if what == .golden {
                var closed = false
                let rows = try await GoldenRecordExport(database: store).write(
                    format: format == .jsonl ? .jsonl : .csv, entity: entity
                ) { chunk in
                    do { try handle.write(contentsOf: Data(chunk.utf8)) } catch { closed = true }
                    return !closed
                }
                if out != nil { try handle.close() }
                return rows
            }
            var buffer = "source,source_id,golden_id\n"
            var rows = 0
            // A reader that stops early (`| head`) closes the pipe: the export ends there, without an error.
            var closed = false
            func flush() {
                guard !closed else { return }
                do { try handle.write(contentsOf: Data(buffer.utf8)) } catch { closed = true }
                buffer = ""
            }
            try await GoldenRecordRepository(database: store).forEachMembership { row in
                guard !closed else { return }
                buffer += CSV.row([row.source, row.sourceKey, row.goldenID.lowercasedText])
                rows += 1
                if buffer.utf8.count >= 1 << 16 { flush() }
            }
            flush()
            if out != nil { try handle.close() }
            return rows
        }
        if let out { Output.error("exported \(written) records to \(out)") }
    }
}
