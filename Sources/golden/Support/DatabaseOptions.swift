import ArgumentParser
import Foundation
import GoldenStore
import Logging

/// `--database-url`, falling back to `DATABASE_URL`: the same rule for every command that touches the store.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp("PostgreSQL URL (postgres://user:password@host:port/db). Default: $DATABASE_URL.",
                           valueName: "url"))
    var databaseURL: String?

    func configuration() throws -> DatabaseConfiguration {
        guard let url = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw ValidationError(
                "no database: set DATABASE_URL or pass --database-url (scripts/pg start prints one for a local cluster)")
        }
        do {
            return try DatabaseConfiguration(url: url)
        } catch let error as StoreError {
            throw ValidationError(error.message)
        }
    }
}

/// `--log-level`, and the one place a command's `Logger` is made.
struct LoggingOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning
    @Option(help: "Log format: auto (text on a terminal, JSON lines otherwise), text or json.")
    var logFormat: LogFormat = .auto

    func makeLogger(_ label: String) -> Logger {
        logFormat.bootstrap()
        var logger = Logger(label: "golden.\(label)")
        logger.logLevel = logLevel
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension LogFormat: ExpressibleByArgument {}
