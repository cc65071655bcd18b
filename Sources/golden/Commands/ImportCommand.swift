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
            Only the named file is read (a folder is read as a 1C drop folder).

            A row that cannot be read (wrong number of values, bytes that are not text, a quote that never
            closes, a broken XML element) is kept whole in rejected_rows with its file, line and reason, and the
            other rows land. --strict lands nothing when any row would be refused.

            Exit status: 0 every row landed; 3 the good rows landed but some rows were refused (listed per
            reason); 1 the import failed (a file-level error, or --strict refused the file); 2 usage error.
            --check exits the same way without landing anything.
            """)

    /// Exit status when the good rows landed but some rows could not be read and were kept in `rejected_rows`.
    static let someRowsRejected: Int32 = 3

    @Argument(help: "The file to import (a folder of XML files for 1c-xml).") var file: String
    @Option(help: "Source name (lowercase letters, digits, '_', '-').") var source: String
    @Option(help: "Mapping file, e.g. mappings/csv.yaml.") var mapping: String
    @Option(help: "csv, xlsx or 1c-xml (default: from the extension).") var kind: String?
    @Option(help: "Which entities to land from each row (default: all the mapping maps).")
    var entity: [CanonicalField.Entity] = []
    @Flag(help: "Validate only: print a report of rows, refused rows, quarantine reasons, missing fields and duplicates.")
    var check = false
    @Flag(help: "All or nothing: land nothing if any row cannot be read (the file is checked first).")
    var strict = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let sourceConfiguration = try makeSource()
        let standardizer = RecordStandardizer(standardizers: try mappings.standardizers())
        if check || strict {
            let connector = try DefaultConnectorFactory().makeConnector(for: sourceConfiguration)
            let report = await ImportChecker(standardizer: standardizer).check(
                sourceConfiguration, connector: connector, findDuplicates: check)
            let refused = report.rejectedRows > 0 || !report.errors.isEmpty
            if check || refused {
                if output.wantsJSON {
                    try Output.json(report)
                } else {
                    printReport(report)
                }
            }
            if strict, refused {
                if !output.wantsJSON { print("\n--strict: nothing landed") }
                throw ExitCode(1)
            }
            if check {
                if !report.errors.isEmpty { throw ExitCode(1) }
                if report.rejectedRows > 0 { throw ExitCode(Self.someRowsRejected) }
                return
            }
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
        if summary.sources.contains(where: { $0.rejected > 0 }) { throw ExitCode(Self.someRowsRejected) }
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
        // Exactly the named file: the connector factory reads a 1C file alone and a folder as a drop folder.
        let location = url.standardizedFileURL.path
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
            .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            + (report.rejectedRows > 0 ? "; \(report.rejectedRows) rows cannot be read" : ""))
        for notice in report.notices { print("note: \(notice)") }
        if !report.rejected.isEmpty {
            print("\nrows that cannot be read (kept whole in rejected_rows when landing):")
            Output.table(["reason", "rows", "examples"], report.rejected.map { rejection in
                [rejection.code, String(rejection.count),
                 rejection.examples.map { "\($0.location): \($0.message)" }.joined(separator: "; ")]
            })
        }
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
