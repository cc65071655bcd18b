import ArgumentParser

/// A command whose issue has not landed yet: it says so and exits 2, so scripts can tell it from a failure.
protocol PendingCommand: AsyncParsableCommand {
    static var pendingOn: String { get }
}

extension PendingCommand {
    func run() async throws {
        Output.error("\(Self.configuration.commandName ?? "command"): not implemented yet (\(Self.pendingOn))")
        throw ExitCode(2)
    }
}

struct ScheduleCommand: PendingCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule", abstract: "Run sync on the schedules in golden.yaml until stopped (SIGTERM is graceful).")
    static let pendingOn = "the sync job"
    @Option(help: "Path to golden.yaml.") var config = "golden.yaml"
}
