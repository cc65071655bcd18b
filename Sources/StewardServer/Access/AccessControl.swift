import Crypto
import Foundation
import GoldenCore
import GoldenStore
import HummingbirdBcrypt
import Logging

/// Users, roles and API tokens, as use cases `golden users`, `golden tokens` and the server's authentication share.
///
/// Passwords are kept as bcrypt hashes (cost 12); tokens are 256 random bits shown once, of which only the SHA-256
/// digest is stored: a random token needs no slow hash, and a digest lookup keeps authentication one index probe.
/// Every change is audited with who did it.
public struct AccessControl: Sendable {
    /// A refusal a user can act on; the API maps it to 4xx, the CLI prints it.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public enum Code: String, Sendable {
            case invalidLogin = "invalid_login"
            case invalidRole = "invalid_role"
            case weakPassword = "weak_password"
            case userExists = "user_exists"
            case unknownUser = "unknown_user"
            case unknownToken = "unknown_token"
        }

        public let code: Code
        public let message: String
        public let field: String?

        public var description: String { message }
    }

    /// A token as created: the secret (shown once) and its id.
    public struct CreatedToken: Sendable, Hashable {
        public let tokenID: UUID
        public let name: String
        public let login: String
        public let role: Role
        public let secret: String
    }

    /// The prefix of every token, so a leaked one is recognisable (secret scanners, logs).
    public static let tokenPrefix = "golden_"
    /// The shortest password `users add` accepts.
    public static let minimumPasswordLength = 10

    let repository: AccessRepository
    let bcryptCost: UInt8
    let logger: Logger

    /// - Parameter bcryptCost: 12 in production; tests may lower it.
    public init(database: GoldenDatabase, bcryptCost: UInt8 = 12, logger: Logger) {
        self.repository = AccessRepository(database: database)
        self.bcryptCost = bcryptCost
        self.logger = logger
    }

    // MARK: - Users

    /// Adds a user with `roles` and a password (bcrypt-hashed here).
    /// - Throws: ``Refusal`` for an invalid login or role, a short password, or a login that is already a user.
    @discardableResult
    public func addUser(login: String, roles: [Role], password: String, displayName: String? = nil, actor: String)
        async throws -> UUID
    {
        let login = try Self.validLogin(login)
        guard !roles.isEmpty else { throw Refusal(code: .invalidRole, message: "a user needs a role", field: "role") }
        guard password.count >= Self.minimumPasswordLength else {
            throw Refusal(
                code: .weakPassword,
                message: "the password must have at least \(Self.minimumPasswordLength) characters", field: "password")
        }
        let hash = Bcrypt.hash(password, cost: bcryptCost)
        let names = Array(Set(roles.map(\.rawValue))).sorted()
        let details = "{\"login\":\(JSONText.quoted(login)),\"roles\":[\(names.map(JSONText.quoted).joined(separator: ","))]}"
        guard
            let id = try await repository.addUser(
                login: login, displayName: displayName ?? login, roles: names, passwordHash: hash,
                audit: .init(actor: actor, action: "user.add", subject: login, detailsJSON: details))
        else {
            throw Refusal(code: .userExists, message: "user '\(login)' already exists", field: "login")
        }
        return id
    }

    public func users() async throws -> [AccessRepository.User] {
        try await repository.users()
    }

    /// Disables a user; their tokens stop working at once.
    public func disableUser(login: String, reason: String?, actor: String) async throws {
        let details = "{\"reason\":\(JSONText.quoted(reason ?? ""))}"
        guard
            try await repository.disableUser(
                login: login, audit: .init(actor: actor, action: "user.disable", subject: login, detailsJSON: details))
        else {
            throw Refusal(code: .unknownUser, message: "no enabled user '\(login)'", field: "login")
        }
    }

    /// Whether `password` is `login`'s (an enabled user with a password). bcrypt takes about 0.25 s at cost 12:
    /// a server calls this off its event loop.
    public func verifyPassword(login: String, password: String) async throws -> Bool {
        guard let hash = try await repository.passwordHash(login: login) else { return false }
        return Bcrypt.verify(password, hash: hash)
    }

    // MARK: - Tokens

    /// Creates a token acting as `role`: for `user` (who must hold the role), or else for the service account
    /// `api:NAME`, created with that role.
    public func createToken(role: Role, name: String?, user: String?, expiresAt: Date? = nil, actor: String)
        async throws -> CreatedToken
    {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let secret = Self.tokenPrefix + bytes.map { String(format: "%02x", $0) }.joined()
        // The default name is random on its own: no part of the secret is ever stored.
        let tokenName = name.flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(role.rawValue)-\(String(UInt32.random(in: .min ... .max, using: &generator), radix: 16))"
        let userID: UUID
        let login: String
        if let user {
            guard let found = try await repository.user(login: user), found.disabledAt == nil else {
                throw Refusal(code: .unknownUser, message: "no enabled user '\(user)'", field: "user")
            }
            guard found.roles.contains(role.rawValue) else {
                throw Refusal(
                    code: .invalidRole, message: "user '\(user)' does not hold the role \(role.rawValue)", field: "role")
            }
            (userID, login) = (found.userID, found.login)
        } else {
            login = "api:" + tokenName
            userID = try await repository.serviceUser(login: login, role: role.rawValue)
        }
        let details =
            "{\"name\":\(JSONText.quoted(tokenName)),\"role\":\(JSONText.quoted(role.rawValue)),\"user\":\(JSONText.quoted(login))}"
        let id = try await repository.addToken(
            userID: userID, name: tokenName, role: role.rawValue, sha256: Self.digest(secret), expiresAt: expiresAt,
            audit: .init(actor: actor, action: "token.create", subject: nil, detailsJSON: details))
        return CreatedToken(tokenID: id, name: tokenName, login: login, role: role, secret: secret)
    }

    /// Revokes the live token with this id or name (every live token of that name).
    /// - Returns: the revoked token ids.
    @discardableResult
    public func revokeToken(_ idOrName: String, actor: String) async throws -> [UUID] {
        let id = UUID(uuidString: idOrName)
        let revoked = try await repository.revokeTokens(
            id: id, name: id == nil ? idOrName : nil,
            audit: .init(
                actor: actor, action: "token.revoke", subject: idOrName.lowercased(),
                detailsJSON: "{\"token\":\(JSONText.quoted(idOrName))}"))
        guard !revoked.isEmpty else {
            throw Refusal(code: .unknownToken, message: "no live token '\(idOrName)'", field: "token")
        }
        return revoked
    }

    public func tokens() async throws -> [AccessRepository.Token] {
        try await repository.tokens()
    }

    /// Who a bearer token acts for, or `nil` when it is unknown, revoked, expired, its user disabled or its role
    /// no longer held.
    public func authenticate(token: String) async throws -> Principal? {
        guard token.hasPrefix(Self.tokenPrefix), token.utf8.count < 200 else { return nil }
        guard let holder = try await repository.holder(sha256: Self.digest(token)),
            let role = Role(rawValue: holder.role)
        else { return nil }
        if holder.lastUsedAt.map({ $0.timeIntervalSinceNow < -60 }) ?? true {
            try await repository.touch(tokenID: holder.tokenID)
        }
        return Principal(userID: holder.userID, login: holder.login, role: role)
    }

    // MARK: - Browser sessions

    /// A browser session as started: the cookie's secret (never stored), who it acts for, and until when.
    public struct StartedSession: Sendable, Hashable {
        public let secret: String
        public let principal: Principal
        public let expiresAt: Date
    }

    /// How long a browser session lasts: one working day, after which the steward logs in again.
    public static let sessionLifetime: TimeInterval = 12 * 3600

    /// Logs a user in for the browser with their password, acting as `role`, or as the most capable role they
    /// hold (admin, steward, finance, viewer) when none is asked for.
    ///
    /// An unknown login costs the same bcrypt work as a wrong password, so the answer's timing does not tell
    /// which logins exist.
    /// - Throws: ``Refusal`` `invalidLogin` for an unknown login or a wrong password (the same message for both),
    ///   `invalidRole` for a role the user does not hold.
    public func startSession(login: String, password: String, role: Role?) async throws -> StartedSession {
        let refused = Refusal(code: .invalidLogin, message: "wrong login or password", field: "password")
        guard let user = try await repository.user(login: login), user.disabledAt == nil,
            let hash = try await repository.passwordHash(login: login)
        else {
            _ = Bcrypt.verify(password, hash: Bcrypt.hash("not a password", cost: bcryptCost))
            throw refused
        }
        guard Bcrypt.verify(password, hash: hash) else { throw refused }
        let held = Set(user.roles.compactMap(Role.init(rawValue:)))
        let chosen: Role
        if let role {
            guard held.contains(role) else {
                throw Refusal(code: .invalidRole, message: "you do not hold the role \(role.rawValue)", field: "role")
            }
            chosen = role
        } else {
            guard let best = [Role.admin, .steward, .finance, .viewer].first(where: held.contains) else {
                throw Refusal(code: .invalidRole, message: "user '\(login)' holds no role", field: "role")
            }
            chosen = best
        }
        let secret = Self.newSecret()
        let expires = Date().addingTimeInterval(Self.sessionLifetime)
        _ = try await repository.addToken(
            userID: user.userID, name: "browser:\(user.login)", role: chosen.rawValue, sha256: Self.digest(secret),
            expiresAt: expires, kind: .browser,
            audit: .init(
                actor: user.login, action: "session.start", subject: nil,
                detailsJSON: "{\"role\":\(JSONText.quoted(chosen.rawValue))}"))
        return StartedSession(
            secret: secret, principal: Principal(userID: user.userID, login: user.login, role: chosen),
            expiresAt: expires)
    }

    /// Who a session cookie acts for, or `nil` when it is unknown, ended, expired, or its user disabled.
    public func authenticate(session secret: String) async throws -> Principal? {
        guard secret.hasPrefix(Self.tokenPrefix), secret.utf8.count < 200 else { return nil }
        guard let holder = try await repository.holder(sha256: Self.digest(secret), kind: .browser),
            let role = Role(rawValue: holder.role)
        else { return nil }
        return Principal(userID: holder.userID, login: holder.login, role: role)
    }

    /// Ends a browser session at once (logout).
    public func endSession(_ secret: String, actor: String) async throws {
        guard let holder = try await repository.holder(sha256: Self.digest(secret), kind: .browser) else { return }
        _ = try await repository.revokeTokens(
            id: holder.tokenID, name: nil, kind: .browser,
            audit: .init(actor: actor, action: "session.end", subject: nil, detailsJSON: "{}"))
    }

    /// The CSRF token of a session: an HMAC of its secret. Every form and every script write carries it; a page
    /// on another site cannot read the cookie, so it cannot compute the token, and nothing extra is stored.
    public static func csrfToken(forSession secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("golden-csrf".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Array(mac).map { String(format: "%02x", $0) }.joined()
    }

    /// 256 random bits with the token prefix.
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return tokenPrefix + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    // MARK: - Helpers

    static func digest(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(token.utf8)))
    }

    static func validLogin(_ login: String) throws -> String {
        let trimmed = login.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 200, !trimmed.hasPrefix("api:"),
            trimmed.unicodeScalars.allSatisfy({ !CharacterSet.whitespacesAndNewlines.contains($0) && $0.value >= 0x20 })
        else {
            throw Refusal(
                code: .invalidLogin,
                message: "a login is 1 to 200 characters without spaces, and 'api:' is kept for token accounts",
                field: "login")
        }
        return trimmed
    }
}
