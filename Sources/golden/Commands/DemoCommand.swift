import ArgumentParser
import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Matching
import Sandbox
import SyncEngine

/// The main job end to end on the embedded default. Grows with each issue until it runs the whole flow:
/// today it generates multi-source data, lands it, matches it into golden records (each twice, to show that a
/// rerun is a no-op), scores the golden membership against the generator's truth and reports the store.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job end to end on the local cluster (scripts/demo starts it for you).")

    @Option(help: "Generated records across all sources.") var records = 3_000
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Option(help: "Folder for the generated source files.") var out = ".data/demo"
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    struct Summary: Encodable {
        let migration: MigrationReport
        let generated: Int
        let firstRun: LandingSummary
        let rerun: LandingSummary
        let tables: [TableSummary]
        let quarantineReasons: [String: Int]
        let golden: GoldenRecordJob.Summary
        let goldenRerun: GoldenRecordJob.Summary
        let membership: MembershipSummary

        enum CodingKeys: String, CodingKey {
            case migration, generated, firstRun = "first_run", rerun, tables, golden, membership
            case quarantineReasons = "quarantine_reasons", goldenRerun = "golden_rerun"
        }
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

    struct TableSummary: Encodable {
        let table: String
        let rows: Int
    }

    func run() async throws {
        guard let mappingsDirectory = mappings.directory else {
            throw ValidationError("no mappings folder at \(mappings.mappings) (run from the repository root)")
        }
        let logger = logging.makeLogger("demo")
        let files = URL(fileURLWithPath: out).appendingPathComponent("files")
        try? FileManager.default.removeItem(at: files)
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        let dataset = DatasetGenerator(GeneratorConfiguration(records: records, seed: seed)).generate()
        _ = try dataset.writeFiles(to: files)
        let sources = try DemoSources(files: files, mappings: mappingsDirectory)
        let standardizer = RecordStandardizer(standardizers: try mappings.standardizers())
        let settings = try mappings.matchConfiguration()
        var truthByRecord: [String: String] = [:]
        for row in dataset.truth {
            truthByRecord[MatchJob.recordID(source: row.source, key: row.sourceId)] = row.entityId
        }
        let truth = truthByRecord

        let store = GoldenDatabase(configuration: try database.configuration(), logger: logger)
        let summary = try await StoreCommand.run {
            try await store.withRunning { store in
                let migration = try await store.migrate()
                let job = LandingJob(database: store, connectors: sources, standardizer: standardizer, logger: logger)
                let first = try await job.run(sources.configurations)
                let rerun = try await job.run(sources.configurations)
                let golden = GoldenRecordJob(
                    database: store, standardizer: standardizer, configuration: settings, logger: logger)
                let firstGolden = try await golden.run(runID: first.runID)
                let goldenRerun = try await golden.run(runID: rerun.runID)
                let membership = try await Self.membership(store, truth: truth)
                let tables = try await SchemaInventory(database: store).tables()
                let reasons = try await QuarantineRepository(database: store).countsByReason()
                return Summary(
                    migration: migration, generated: dataset.recordCount, firstRun: first, rerun: rerun,
                    tables: tables.map { TableSummary(table: $0.name, rows: $0.rows) }, quarantineReasons: reasons,
                    golden: firstGolden, goldenRerun: goldenRerun, membership: membership)
            }
        }
        if output.wantsJSON {
            try Output.json(summary)
            return
        }
        print("golden demo — schema '\(summary.migration.schema)' at version \(summary.migration.toVersion)")
        print("generated \(summary.generated) records into \(files.path)\n")
        print("landing (Salesforce org A and B exports, 1C CommerceML feed):")
        LandingOutput.print(summary.firstRun, json: false)
        print("\nthe same files again (a rerun is a no-op):")
        LandingOutput.print(summary.rerun, json: false)
        print("\nquarantined values by reason:")
        Output.table(["reason", "values"], summary.quarantineReasons.sorted { $0.value > $1.value }.map { [$0.key, String($0.value)] })
        print("\nmatch → golden records (and the same again: nothing changed, nothing written):")
        for (label, run) in [("first", summary.golden), ("rerun", summary.goldenRerun)] {
            print(
                "\(label): \(run.match.pairsScored) pairs scored, \(run.match.autoLinked) linked, "
                    + "\(run.match.reviewQueued) for review; golden \(run.golden.created) created, "
                    + "\(run.golden.updated) updated, \(run.golden.merged) merged, \(run.golden.versions) versions")
        }
        let m = summary.membership
        print("\ngolden membership against the generator's ground truth:")
        Output.table(["records", "golden records", "largest", "pairwise F1", "B-cubed F1"], [[
            String(m.records), String(m.goldenRecords), String(m.largest), String(format: "%.4f", m.pairwiseF1),
            String(format: "%.4f", m.bCubedF1),
        ]])
        print("\nthe store:")
        Output.table(["table", "rows"], summary.tables.map { [$0.table, String($0.rows)] })
        print("\nTry: golden export clusters | head; golden xref SOURCE:ID; golden decide reject A B --reason …")
        print("Next steps land with their issues: survivorship, push-back, the steward UI.")
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

/// The demo's sources: each Salesforce org as its two exports (Account, Contact) and the 1C feed folder.
struct DemoSources: ConnectorFactory {
    let files: URL
    let configurations: [SourceConfiguration]

    init(files: URL, mappings: URL) throws {
        self.files = files
        let salesforce = try MappingLoader.load(contentsOf: mappings.appendingPathComponent("salesforce.yaml"))
        let accounting = try MappingLoader.load(contentsOf: mappings.appendingPathComponent("1c.yaml"))
        configurations = [
            SourceConfiguration(name: "sf_a", kind: .csv, location: files.path, mapping: salesforce,
                                entities: [.organization, .person]),
            SourceConfiguration(name: "sf_b", kind: .csv, location: files.path, mapping: salesforce,
                                entities: [.organization, .person]),
            SourceConfiguration(name: "acc_1c", kind: .oneCXML, location: files.path, mapping: accounting,
                                entities: [.organization]),
        ]
    }

    func makeConnector(for source: SourceConfiguration) throws -> any Connector {
        if source.kind == .oneCXML {
            return OneCFolderConnector(source: source.name, folder: files)
        }
        let account = source.mapping.entities[.organization]!
        let contact = source.mapping.entities[.person]!
        return MultiPartConnector(source: source.name, parts: [
            CSVFileConnector(
                source: source.name, url: files.appendingPathComponent("\(source.name)_Account.csv"),
                entity: .organization, keyColumn: account.idPath.description,
                modifiedAtColumn: account.modifiedAtPath?.description),
            CSVFileConnector(
                source: source.name, url: files.appendingPathComponent("\(source.name)_Contact.csv"),
                entity: .person, keyColumn: contact.idPath.description,
                modifiedAtColumn: contact.modifiedAtPath?.description),
        ])
    }
}
