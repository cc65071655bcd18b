import ArgumentParser
import GoldenStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations (safe to run concurrently and to rerun).",
        discussion: """
            Migrations are embedded in the binary and applied under an advisory lock, each in its own transaction.

            --citus (on a Citus coordinator) migrates, checks the schema against the distribution plan, and makes \
            each table a reference or distributed table, co-located, in dependency order; tables already placed are \
            skipped, so a rerun (after a later migration, say) places only what is new. Without the citus extension \
            it changes nothing and exits 1.

            --app-role NAME grants the role golden runs as what it needs, and on history tables only SELECT and \
            INSERT: that keeps history append-only where triggers cannot (Citus). The role must exist and must not \
            own the tables.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Distribute the store on a Citus coordinator after migrating (needs the citus extension).")
    var citus = false

    @Option(
        name: .customLong("app-role"),
        help: ArgumentHelp("Grant the application role its privileges.", valueName: "role"))
    var appRole: String?

    func run() async throws {
        let store = GoldenDatabase(configuration: try database.configuration(), logger: logging.makeLogger("migrate"))
        if citus {
            let report = try await StoreCommand.run {
                try await store.withRunning { try await $0.migrateAndDistribute(applicationRole: appRole) }
            }
            if output.wantsJSON {
                try Output.json(report)
            } else {
                print(Self.summary(of: report.migration))
                print(
                    "citus \(report.citusVersion): placed \(report.steps.count) step(s), "
                        + "\(report.alreadyPlaced.count) table(s) already placed")
                for step in report.steps { print("  \(step)") }
                for note in report.notes { print("note: \(note)") }
            }
            return
        }
        let (report, notes) = try await StoreCommand.run {
            try await store.withRunning { store in
                let report = try await store.migrate()
                guard let appRole else { return (report, [String]()) }
                return (report, try await store.grantApplicationRole(appRole))
            }
        }
        if output.wantsJSON {
            try Output.json(report)
        } else {
            print(Self.summary(of: report))
            if let appRole { print("granted role \(appRole) its privileges (history: SELECT, INSERT only)") }
            for note in notes { print("note: \(note)") }
        }
    }

    static func summary(of report: MigrationReport) -> String {
        let applied =
            report.applied.isEmpty ? "none (up to date)" : report.applied.map(String.init).joined(separator: ", ")
        return "schema \(report.schema): version \(report.fromVersion) → \(report.toVersion); applied: \(applied)"
    }
}

/// Turns store errors into a one-line message and exit code 1, never a stack of SQL.
enum StoreCommand {
    static func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            Output.error(error.description)
            throw ExitCode.failure
        }
    }
}
