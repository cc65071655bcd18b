import ArgumentParser
import Connectors
import Foundation
import GoldenCore
import GoldenStore
import SyncEngine

/// `golden import FILE --source NAME --mapping FILE`: land one file as a source (or only check it).
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Land a CSV, XLSX or 1C XML file as a source, or --check it without landing.",
        discussion: """
            Rerunning the same file is a no-op; a changed row becomes a new version of that record.
            The kind comes from the extension (.csv, .xlsx, .xml) unless --kind says otherwise.
            """)

    @Argument(help: "The file to import (a folder of XML files for 1c-xml).") var file: String
    @Option(help: "Source name (lowercase letters, digits, '_', '-').") var source: String
    @Option(help: "Mapping file, e.g. mappings/csv.yaml.") var mapping: String
    @Option(help: "csv, xlsx or 1c-xml (default: from the extension).") var kind: String?
    @Option(help: "Which entities to land from each row (default: all the mapping maps).")
    var entity: [CanonicalField.Entity] = []
    @Flag(help: "Validate only: print a report of rows, quarantine reasons, missing fields and duplicates.")
    var check = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let sourceConfiguration = try makeSource()
        let standardizer = RecordStandardizer(standardizers: try mappings.standardizers())
        if check {
            let connector = try DefaultConnectorFactory().makeConnector(for: sourceConfiguration)
            let report = await ImportChecker(standardizer: standardizer).check(sourceConfiguration, connector: connector)
            if output.wantsJSON {
                try Output.json(report)
            } else {
                printReport(report)
            }
            return
        }
        let logger = logging.makeLogger("import")
        let store = GoldenDatabase(configuration: try database.configuration(), logger: logger)
        let summary = try await StoreCommand.run {
            try await store.withRunning { store in
                try await store.migrate()
                return try await LandingJob(
                    database: store, connectors: DefaultConnectorFactory(), standardizer: standardizer, logger: logger
                ).run([sourceConfiguration], kind: .import)
            }
        }
        LandingOutput.print(summary, json: output.wantsJSON)
        if summary.outcome != .succeeded { throw ExitCode(1) }
    }

    func makeSource() throws -> SourceConfiguration {
        let url = URL(fileURLWithPath: file)
        let kindName = kind ?? {
            switch url.pathExtension.lowercased() {
            case "xlsx": return "xlsx"
            case "xml": return "1c-xml"
            default: return "csv"
            }
        }()
        guard let sourceKind = SourceConfiguration.Kind(rawValue: kindName), sourceKind.isReadOnly else {
            throw ValidationError("--kind must be csv, xlsx or 1c-xml")
        }
        let loaded: SourceMapping
        do {
            loaded = try MappingLoader.load(contentsOf: URL(fileURLWithPath: mapping))
        } catch let error as ConfigurationFileError {
            throw ValidationError(error.description)
        }
        var location = url.standardizedFileURL.path
        if sourceKind == .oneCXML {
            // The 1C connector reads a drop folder; a single file is imported from its own folder.
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: location, isDirectory: &isDirectory), !isDirectory.boolValue {
                location = url.deletingLastPathComponent().standardizedFileURL.path
            }
        }
        let entities = entity.isEmpty
            ? CanonicalField.Entity.allCases.filter { loaded.entities[$0] != nil } : entity
        for requested in entities where loaded.entities[requested] == nil {
            throw ValidationError("\(mapping) does not map \(requested.rawValue)")
        }
        return SourceConfiguration(
            name: source, kind: sourceKind, location: location, mapping: loaded, credentials: [:], schedule: nil,
            entities: entities)
    }

    func printReport(_ report: ImportCheckReport) {
        print("\(report.file): \(report.rows) rows → " + report.records.sorted { $0.key < $1.key }
            .map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        if !report.errors.isEmpty {
            print("\nerrors:")
            for error in report.errors.prefix(20) { print("  \(error)") }
        }
        if !report.missingRequired.isEmpty {
            print("\nmissing required fields:")
            Output.table(["field", "records", "examples"], report.missingRequired.map {
                [$0.field, String($0.count), $0.examples.map(\.record).joined(separator: ", ")]
            })
        }
        if !report.quarantine.isEmpty {
            print("\nvalues that would be quarantined:")
            Output.table(["reason", "field", "count", "examples"], report.quarantine.map { reason in
                [reason.code, reason.field, String(reason.count),
                 reason.examples.map { "\($0.record): \($0.value ?? "")" }.joined(separator: "; ")]
            })
        }
        if !report.duplicates.isEmpty {
            print("\nduplicates inside the file:")
            Output.table(["kind", "value", "records"], report.duplicates.map {
                [$0.kind, $0.value, $0.records.prefix(5).joined(separator: ", ")]
            })
        }
    }
}

extension CanonicalField.Entity: ExpressibleByArgument {}
