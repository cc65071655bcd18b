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

struct UsersCommand: PendingCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage users and their roles (admin, steward, finance, viewer).")
    static let pendingOn = "the steward UI"
}

struct TokensCommand: PendingCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Create and revoke API tokens (only a digest is stored).")
    static let pendingOn = "the steward UI"
}
