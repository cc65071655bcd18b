import ArgumentParser
import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Matching
import Logging
import Sandbox
import ServiceLifecycle
import Survivorship
import SyncEngine

/// The main job end to end on the embedded default: the sandbox CRMs and a 1C drop as real sources, one `golden
/// sync` (pull → land → match → survive → publish → push), then what it did, how good the golden records are against
/// the generator's truth, three golden records with "why this value won", and the deltas that arrived in the CRMs.
///
/// The sandbox runs inside this process on loopback ports, regenerated from the seed each time. The store persists,
/// so a second `golden demo` has the sandbox edit a few records first and shows an incremental sync that pushes
/// only what changed.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job end to end against the sandbox CRMs (scripts/demo starts the database for you).")

    @Option(help: "Generated records across all sources.") var records = 3_000
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Option(help: "Folder for the 1C drop.") var out = ".data/demo"
    @Option(help: "Share of sandbox records edited before a repeated demo's sync.") var editRate = 0.02
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    struct Summary: Encodable {
        let migration: MigrationReport
        let generated: Int
        let repeated: Bool
        let sandboxEdits: Int
        let landing: LandingSummary
        let golden: GoldenRecordJob.Summary
        let deltas: PushJob.Summary
        let membership: MembershipSummary
        let examples: [String]
        let arrived: [Arrival]

        enum CodingKeys: String, CodingKey {
            case migration, generated, repeated, landing, golden, deltas, membership, examples, arrived
            case sandboxEdits = "sandbox_edits"
        }
    }

    /// One pushed value as the CRM had it before and shows it now.
    struct Arrival: Encodable {
        let source: String
        let record: String
        let field: String
        let before: String
        let after: String
    }

    /// The golden membership scored against the generator's ground truth.
    struct MembershipSummary: Encodable {
        let records: Int
        let goldenRecords: Int
        let largest: Int
        let pairwiseF1: Double
        let bCubedF1: Double

        enum CodingKeys: String, CodingKey {
            case records, largest
            case goldenRecords = "golden_records", pairwiseF1 = "pairwise_f1", bCubedF1 = "bcubed_f1"
        }
    }

    func run() async throws {
        guard let mappingsDirectory = mappings.directory else {
            throw ValidationError("no mappings folder at \(mappings.mappings) (run from the repository root)")
        }
        let logger = logging.makeLogger("demo")
        let dataset = DatasetGenerator(GeneratorConfiguration(records: records, seed: seed)).generate()
        let folder = URL(fileURLWithPath: out).standardizedFileURL.appendingPathComponent("sandbox-1c")
        _ = try SandboxDropFolder.writeAccounting(dataset, to: folder)
        let sandbox = DemoSandbox(dataset: dataset, seed: seed)
        let standardizer = RecordStandardizer(standardizers: try mappings.standardizers())
        let settings = try mappings.matchConfiguration()
        let rules = try mappings.survivorship()
        var truthByRecord: [String: String] = [:]
        for row in dataset.truth {
            truthByRecord[MatchJob.recordID(source: row.source, key: row.sourceId)] = row.entityId
        }
        let truth = truthByRecord
        let (seed, editRate) = (seed, editRate)

        let store = GoldenDatabase(configuration: try database.configuration(), logger: logger)
        let summary = try await StoreCommand.run {
            try await store.withRunning { store in
                let migration = try await store.migrate()
                return try await sandbox.run(logger: logger) { urls in
                    let sources = try sandbox.sources(urls, folder: folder, mappings: mappingsDirectory)
                    let repeated = try await GoldenRecordRepository(database: store).counts().active > 0
                    var edits = 0
                    if repeated {
                        // The CRMs' users were busy since the last demo.
                        for server in sandbox.servers {
                            edits += await server.store.applyEdits(rate: editRate, seed: seed &+ UInt64(Date().timeIntervalSince1970)).count
                        }
                    }
                    // The same use case as `golden sync`: run bookkeeping, sync locks, push counts per source.
                    let sync = try await SyncJob(
                        database: store, connectors: sandbox.connectors, standardizer: standardizer, match: settings,
                        survivorship: rules, logger: logger
                    ).run(sources, configured: sources, push: true)
                    let (landing, golden) = (sync.landing, sync.golden)
                    // A sync asked to push always reports its deltas.
                    guard let deltas = sync.deltas else { throw ValidationError("the demo's sync did not push") }
                    return Summary(
                        migration: migration, generated: dataset.recordCount, repeated: repeated, sandboxEdits: edits,
                        landing: landing, golden: golden, deltas: deltas,
                        membership: try await Self.membership(store, truth: truth),
                        examples: try await Self.examples(store),
                        arrived: try await sandbox.arrivals(store, runID: landing.runID, sources: sources))
                }
            }
        }
        if output.wantsJSON {
            try Output.json(summary)
            return
        }
        Self.print(summary)
    }

    static func print(_ summary: Summary) {
        Swift.print("golden demo: \(summary.generated) generated customers' records in 5 sandbox CRMs and a 1C drop")
        if summary.repeated {
            Swift.print("(a repeated demo: the sandbox edited \(summary.sandboxEdits) records first; this sync is incremental)")
        }
        Swift.print("")
        LandingOutput.print(summary.landing, json: false)
        let match = summary.golden.match
        let golden = summary.golden.golden
        Swift.print(
            "match: \(match.pairsScored) pairs scored, \(match.autoLinked) linked, \(match.reviewQueued) for review")
        Swift.print(
            "golden: \(golden.created) created, \(golden.updated) updated, \(golden.merged) merged, \(golden.split) split; "
                + "values of \(golden.valuesChanged) written with lineage")
        let pushed = summary.deltas.pushedBySource.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        Swift.print(
            "push: \(summary.deltas.pushed) deltas delivered in \(String(format: "%.1f", summary.deltas.seconds)) s "
                + "(\(pushed.joined(separator: ", "))), "
                + "\(summary.deltas.failed) to retry, \(summary.deltas.parked) parked")
        let m = summary.membership
        Swift.print(
            String(
                format: "quality against the generator's truth: pairwise F1 %.4f, B-cubed F1 %.4f (%d records, %d golden)",
                m.pairwiseF1, m.bCubedF1, m.records, m.goldenRecords))
        if !summary.arrived.isEmpty {
            Swift.print("\narrived in the CRMs (before → after):")
            for arrival in summary.arrived {
                Swift.print("  \(arrival.source)/\(arrival.record) \(arrival.field): \(arrival.before.isEmpty ? "∅" : arrival.before) → \(arrival.after)")
            }
        }
        for example in summary.examples {
            Swift.print("\n" + example)
        }
        Swift.print("\nNext: golden explain golden:ID · golden export golden · golden survive --dry-run · scripts/demo again")
    }

    /// Three golden organizations with several members and a real contest, each with its contested attributes.
    static func examples(_ store: GoldenDatabase) async throws -> [String] {
        var texts: [String] = []
        try await GoldenRecordRepository(database: store).forEachGolden(entity: "organization", withLineage: true) {
            record in
            guard texts.count < 3 else { return }
            let entries = LineageDocument.entries(record.lineageJSON)
            let contested = entries.filter { !$0.beaten.isEmpty && $0.beaten.contains { $0.reason != .tieBroken } }
            guard contested.count >= 2 else { return }
            let name = entries.first { $0.attribute == .legalName }?.value ?? "?"
            var lines = ["golden:\(record.goldenID.lowercasedText)  \(name) · \(record.status)"]
            for entry in contested.prefix(2) {
                lines.append(GoldenExplanation.describe(entry).split(separator: "\n").prefix(3).map { "  " + $0 }.joined(separator: "\n"))
            }
            texts.append(lines.joined(separator: "\n"))
        }
        return texts
    }
}

/// The sandbox CRMs the demo syncs with, in this process.
struct DemoSandbox: Sendable {
    let servers: [any SandboxCRMServer]
    let tokens: [String: String]

    init(dataset: GeneratedDataset, seed: UInt64) {
        func token(_ name: String) -> String { "sandbox-\(name)-\(seed)" }
        var logger = SandboxLogging.quiet
        logger.logLevel = .critical
        servers = [
            SalesforceSandbox(
                name: "sf_a", records: dataset.records(for: "sf_a"), token: token("sf_a"), logger: logger),
            SalesforceSandbox(
                name: "sf_b", records: dataset.records(for: "sf_b"), token: token("sf_b"), logger: logger),
            HubSpotSandbox(
                name: "hubspot", records: dataset.records(for: "hubspot"), token: token("hubspot"), logger: logger),
            Bitrix24Sandbox(
                name: "bitrix24", records: dataset.records(for: "bitrix24"), token: token("bitrix24"), logger: logger),
            ELMA365Sandbox(
                name: "elma365", records: dataset.records(for: "elma365"), token: token("elma365"), logger: logger),
        ]
        var tokens: [String: String] = [:]
        for server in servers { tokens["SANDBOX_\(server.name.uppercased())_TOKEN"] = server.token }
        self.tokens = tokens
    }

    var connectors: DefaultConnectorFactory { DefaultConnectorFactory(environment: tokens) }

    /// Runs the servers for the length of `body`, which gets each server's base URL by name.
    func run<Result: Sendable>(
        logger: Logger, _ body: @Sendable ([String: String]) async throws -> Result
    ) async throws -> Result {
        let group = ServiceGroup(services: servers.map { $0 as any Service }, logger: SandboxLogging.quiet)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var urls: [String: String] = [:]
            for server in servers {
                let port = try await server.port()
                urls[server.name] = server is Bitrix24Sandbox ? Bitrix24Sandbox.restBase(port: port) : "http://127.0.0.1:\(port)"
            }
            // Shut the servers down and wait for them: leaving the task group would cancel them mid-shutdown.
            do {
                let result = try await body(urls)
                await group.triggerGracefulShutdown()
                try await tasks.next()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                _ = try? await tasks.next()
                throw error
            }
        }
    }

    func sources(_ urls: [String: String], folder: URL, mappings: URL) throws -> [SourceConfiguration] {
        var sources = try servers.map { server in
            SourceConfiguration(
                name: server.name, kind: SourceConfiguration.Kind(rawValue: server.kind)!, location: urls[server.name]!,
                mapping: try MappingLoader.load(contentsOf: mappings.appendingPathComponent(server.kind + ".yaml")),
                credentials: ["token": "SANDBOX_\(server.name.uppercased())_TOKEN"], entities: [.organization, .person])
        }
        sources.append(
            SourceConfiguration(
                name: "acc_1c", kind: .oneCXML, location: folder.path,
                mapping: try MappingLoader.load(contentsOf: mappings.appendingPathComponent("1c.yaml")),
                entities: [.organization]))
        return sources
    }

    /// One delivered value per CRM: what the record held when it landed, and what the CRM shows now.
    func arrivals(_ store: GoldenDatabase, runID: UUID, sources: [SourceConfiguration]) async throws
        -> [DemoCommand.Arrival]
    {
        var arrivals: [DemoCommand.Arrival] = []
        let outbox = OutboxRepository(database: store)
        let landed = LandedRecordRepository(database: store)
        for server in servers {
            // Prefer a corrected value to the golden id the record now carries: it shows more.
            let idPaths = Set(
                sources.first { $0.name == server.name }?.mapping.entities.values.compactMap { $0.options["golden_id_field"] }
                    ?? [])
            var chosen: (row: (sourceKey: String, sourceRecordID: UUID, deltaJSON: String), path: String, value: JSONValue)?
            for row in try await outbox.acknowledged(runID: runID, source: server.name, limit: 50) {
                guard let delta = try? JSONDecoder().decode(JSONValue.self, from: Data(row.deltaJSON.utf8)),
                    case .object(let top) = delta, case .object(let fields)? = top["fields"]
                else { continue }
                let ordered = fields.sorted { $0.key < $1.key }
                if let field = ordered.first(where: { !idPaths.contains($0.key) }) {
                    chosen = (row, field.key, field.value)
                    break
                }
                if chosen == nil, let field = ordered.first { chosen = (row, field.key, field.value) }
            }
            guard let (row, path, value) = chosen else { continue }
            var before = ""
            if let text = try await landed.currentPayload(of: row.sourceRecordID),
                let payload = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            {
                before = Self.text(at: path, in: payload)
            }
            let after = await server.store.record(id: row.sourceKey).map { Self.text(at: path, in: $0.payload) } ?? ""
            arrivals.append(
                .init(source: server.name, record: row.sourceKey, field: path, before: before,
                      after: after.isEmpty ? value.scalarText ?? "" : after))
        }
        return arrivals
    }

    /// A mapping path's text in a landed payload (`Phone`, `properties.phone`, `PHONE[].VALUE`).
    static func text(at path: String, in payload: JSONValue) -> String {
        var values = [payload]
        for segment in path.split(separator: ".") {
            let key = segment.hasSuffix("[]") ? String(segment.dropLast(2)) : String(segment)
            values = values.flatMap { value -> [JSONValue] in
                guard case .object(let members) = value, let next = members[key] else { return [] }
                if case .array(let items) = next { return items }
                return [next]
            }
        }
        return values.compactMap(\.scalarText).joined(separator: "; ")
    }

    /// The same in a sandbox record's payload.
    static func text(at path: String, in payload: [String: GeneratedValue]) -> String {
        var values = [GeneratedValue.object(payload)]
        for segment in path.split(separator: ".") {
            let key = segment.hasSuffix("[]") ? String(segment.dropLast(2)) : String(segment)
            values = values.flatMap { value -> [GeneratedValue] in
                guard let next = value[key] else { return [] }
                if case .array(let items) = next { return items }
                return [next]
            }
        }
        return values.map(\.flatText).filter { !$0.isEmpty }.joined(separator: "; ")
    }
}

extension DemoCommand {
    /// Every live record's golden id beside its true entity, as cluster labels for the evaluation.
    static func membership(_ store: GoldenDatabase, truth: [String: String]) async throws -> MembershipSummary {
        var predicted: [Int32] = []
        var actual: [Int32] = []
        var goldenLabels: [UUID: Int32] = [:]
        var truthLabels: [String: Int32] = [:]
        try await GoldenRecordRepository(database: store).forEachMembership { row in
            let entity = truth[MatchJob.recordID(source: row.source, key: row.sourceKey)] ?? "unknown:\(row.sourceRecordID)"
            predicted.append(goldenLabels[row.goldenID] ?? {
                let label = Int32(goldenLabels.count)
                goldenLabels[row.goldenID] = label
                return label
            }())
            actual.append(truthLabels[entity] ?? {
                let label = Int32(truthLabels.count)
                truthLabels[entity] = label
                return label
            }())
        }
        let evaluation = ClusterEvaluation.evaluate(predicted: predicted, truth: actual)
        return MembershipSummary(
            records: predicted.count, goldenRecords: goldenLabels.count, largest: evaluation.largestCluster,
            pairwiseF1: evaluation.pairwiseF1, bCubedF1: evaluation.bCubedF1)
    }
}
