import ArgumentParser
import GoldenStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations (safe to run concurrently and to rerun).",
        discussion: "Migrations are embedded in the binary and applied under an advisory lock, each in its own transaction."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let store = GoldenDatabase(configuration: try database.configuration(), logger: logging.makeLogger("migrate"))
        let report = try await StoreCommand.run { try await store.withRunning { try await $0.migrate() } }
        if output.wantsJSON {
            try Output.json(report)
        } else {
            let applied = report.applied.isEmpty ? "none (up to date)" : report.applied.map(String.init).joined(separator: ", ")
            print("schema \(report.schema): version \(report.fromVersion) → \(report.toVersion); applied: \(applied)")
        }
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
