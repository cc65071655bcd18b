import ArgumentParser
import Foundation
import GoldenStore
import Logging
import StewardServer

extension Role: ExpressibleByArgument {}

/// Opens the store for an access command and prints the use case's refusals as `golden: message`, exit 1.
private func withAccess<T: Sendable>(
    _ database: DatabaseOptions, _ logging: LoggingOptions,
    _ body: @escaping @Sendable (AccessControl) async throws -> T
) async throws -> T {
    do {
        return try await StewardStore(options: database, logging: logging).run { store, logger in
            try await body(AccessControl(database: store, logger: logger))
        }
    } catch let refusal as AccessControl.Refusal {
        Output.error(refusal.message)
        throw ExitCode.failure
    }
}

/// `golden users add|list|disable`.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage users and their roles (admin, steward, finance, viewer).",
        subcommands: [Add.self, List.self, Disable.self])

    /// `golden users add NAME --role R` with the password on standard input.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user; the password is read from standard input (one line) and stored as a bcrypt hash.")

        @Argument(help: "The login.") var name: String
        @Option(help: "A role (repeat for several): admin, steward, finance, viewer.") var role: [Role]
        @Option(help: "The name shown in the UI (default: the login).") var displayName: String?
        @OptionGroup var actor: ActorOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            if isatty(STDIN_FILENO) != 0 { FileHandle.standardError.write(Data("password: ".utf8)) }
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                throw ValidationError("no password on standard input")
            }
            let (name, roles, display, who) = (name, role, displayName, actor.name)
            _ = try await withAccess(database, logging) {
                try await $0.addUser(login: name, roles: roles, password: password, displayName: display, actor: who)
            }
            print("added \(name) (\(roles.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users, their roles and whether enabled.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var logging: LoggingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let users = try await withAccess(database, logging) { try await $0.users() }
            if output.wantsJSON { return try Output.json(users) }
            Output.table(
                ["LOGIN", "ROLES", "PASSWORD", "STATE", "CREATED"],
                users.map {
                    [
                        $0.login, $0.roles.joined(separator: ","), $0.hasPassword ? "yes" : "no",
                        $0.disabledAt == nil ? "enabled" : "disabled",
                        $0.createdAt.formatted(Date.ISO8601FormatStyle()),
                    ]
                })
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable a user: their tokens stop working at once. Nothing is deleted.")
        @Argument(help: "The login.") var name: String
        @Option(help: "Why (recorded in the audit log).") var reason: String?
        @OptionGroup var actor: ActorOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let (name, reason, who) = (name, reason, actor.name)
            try await withAccess(database, logging) { try await $0.disableUser(login: name, reason: reason, actor: who) }
            print("disabled \(name)")
        }
    }
}

/// `golden tokens create|list|revoke`.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Create, list and revoke API tokens (only a digest is stored).",
        subcommands: [Create.self, List.self, Revoke.self])

    /// Prints the token alone on its last line, once.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token acting with one role; the token is printed once, alone on the last line.",
            discussion: """
                With --user the token acts for that user, who must hold the role; without, for the service account \
                api:NAME. Use it as `Authorization: Bearer TOKEN`.
                """)
        @Option(help: "The role the token acts with: admin, steward, finance, viewer.") var role: Role
        @Option(help: "A name to recognise and revoke it by (default: ROLE-xxxxxxxx).") var name: String?
        @Option(help: "The user it acts for (default: the service account api:NAME).") var user: String?
        @Option(help: "Days until it expires (default: never).") var expiresInDays: Int?
        @OptionGroup var actor: ActorOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let expires = expiresInDays.map { Date().addingTimeInterval(Double($0) * 86_400) }
            let (role, name, user, who) = (role, name, user, actor.name)
            let token = try await withAccess(database, logging) {
                try await $0.createToken(role: role, name: name, user: user, expiresAt: expires, actor: who)
            }
            FileHandle.standardError.write(
                Data("token \(token.name) (\(token.role.rawValue), acts as \(token.login)); shown once:\n".utf8))
            print(token.secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var logging: LoggingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let tokens = try await withAccess(database, logging) { try await $0.tokens() }
            if output.wantsJSON { return try Output.json(tokens) }
            let format = Date.ISO8601FormatStyle()
            Output.table(
                ["ID", "NAME", "USER", "ROLE", "STATE", "LAST USED"],
                tokens.map {
                    [
                        $0.tokenID.uuidString.lowercased(), $0.name, $0.login, $0.role ?? "-",
                        $0.revokedAt != nil ? "revoked" : ($0.expiresAt.map { $0 < Date() } ?? false) ? "expired" : "live",
                        $0.lastUsedAt?.formatted(format) ?? "-",
                    ]
                })
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id or name, at once.")
        @Argument(help: "The token's id or name.") var token: String
        @OptionGroup var actor: ActorOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let (token, who) = (token, actor.name)
            let revoked = try await withAccess(database, logging) { try await $0.revokeToken(token, actor: who) }
            print("revoked \(revoked.count) token\(revoked.count == 1 ? "" : "s")")
        }
    }
}
