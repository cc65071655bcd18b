import ArgumentParser
import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Matching
import Sandbox
import SyncEngine

/// The main job end to end on the embedded default. Grows with each issue until it runs the whole flow:
/// today it generates multi-source data, lands it (twice, to show that a rerun is a no-op) and reports the store.
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
        let matches: [MatchSummary]

        enum CodingKeys: String, CodingKey {
            case migration, generated, firstRun = "first_run", rerun, tables, matches
            case quarantineReasons = "quarantine_reasons"
        }
    }

    /// What matching the landed records found, scored against the generator's ground truth.
    struct MatchSummary: Encodable {
        let entity: String
        let records: Int
        let clusters: Int
        let largestCluster: Int
        let review: Int
        let pairwiseF1: Double

        enum CodingKeys: String, CodingKey {
            case entity, records, clusters, review
            case largestCluster = "largest_cluster", pairwiseF1 = "pairwise_f1"
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
                let outcomes = try await MatchJob(
                    database: store, standardizer: standardizer, configuration: settings, logger: logger
                ).run()
                let matches = outcomes.map { Self.summarize($0, truth: truth) }
                let tables = try await SchemaInventory(database: store).tables()
                let reasons = try await QuarantineRepository(database: store).countsByReason()
                return Summary(
                    migration: migration, generated: dataset.recordCount, firstRun: first, rerun: rerun,
                    tables: tables.map { TableSummary(table: $0.name, rows: $0.rows) }, quarantineReasons: reasons,
                    matches: matches)
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
        print("\nmatching (clusters scored against the generator's ground truth):")
        Output.table(["entity", "records", "clusters", "largest", "review", "pairwise F1"], summary.matches.map {
            [$0.entity, String($0.records), String($0.clusters), String($0.largestCluster), String($0.review),
             String(format: "%.4f", $0.pairwiseF1)]
        })
        print("\nthe store:")
        Output.table(["table", "rows"], summary.tables.map { [$0.table, String($0.rows)] })
        print("\nNext steps land with their issues: golden records and survivorship, push-back, the steward UI.")
    }
}

extension DemoCommand {
    static func summarize(_ outcome: MatchJob.EntityOutcome, truth: [String: String]) -> MatchSummary {
        let result = outcome.result
        var labels: [String: Int32] = [:]
        let truthLabels: [Int32] = result.table.ids.map { id in
            let entity = truth[id] ?? "unknown:\(id)"
            if let label = labels[entity] { return label }
            let label = Int32(labels.count)
            labels[entity] = label
            return label
        }
        let evaluation = ClusterEvaluation.evaluate(predicted: result.clustering.clusterOf, truth: truthLabels)
        return MatchSummary(
            entity: outcome.entity.rawValue, records: result.table.count, clusters: result.clustering.sizes.count,
            largestCluster: result.clustering.largestClusterSize, review: result.reviewPairs.count,
            pairwiseF1: evaluation.pairwiseF1)
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
