import Foundation
import GoldenCore
import Logging
import PostgresNIO

/// Users, their roles and API tokens: who may call the REST API and as what.
///
/// The store never sees a password or a token: it keeps a bcrypt hash of the one and a SHA-256 digest of the
/// other, both made by the caller. Every change is written together with its audit row, in one transaction.
public struct AccessRepository: Sendable {
    /// One user as `golden users list` shows it.
    public struct User: Sendable, Hashable, Codable {
        public let userID: UUID
        public let login: String
        public let displayName: String
        public let roles: [String]
        public let hasPassword: Bool
        public let createdAt: Date
        public let disabledAt: Date?

        enum CodingKeys: String, CodingKey {
            case login, roles
            case userID = "user_id", displayName = "display_name", hasPassword = "has_password"
            case createdAt = "created_at", disabledAt = "disabled_at"
        }
    }

    /// One API token, without its secret.
    public struct Token: Sendable, Hashable, Codable {
        public let tokenID: UUID
        public let name: String
        public let login: String
        public let role: String?
        public let createdAt: Date
        public let expiresAt: Date?
        public let revokedAt: Date?
        public let lastUsedAt: Date?

        enum CodingKeys: String, CodingKey {
            case name, login, role
            case tokenID = "token_id", createdAt = "created_at", expiresAt = "expires_at"
            case revokedAt = "revoked_at", lastUsedAt = "last_used_at"
        }
    }

    /// Who a valid token acts for.
    public struct TokenHolder: Sendable, Hashable {
        public let tokenID: UUID
        public let userID: UUID
        public let login: String
        public let role: String
        public let lastUsedAt: Date?
    }

    /// What a change writes to `audit_log` beside it.
    public struct AuditNote: Sendable, Hashable {
        public var actor: String
        public var action: String
        public var subject: String?
        public var detailsJSON: String

        public init(actor: String, action: String, subject: String?, detailsJSON: String) {
            self.actor = actor
            self.action = action
            self.subject = subject
            self.detailsJSON = detailsJSON
        }
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// The roles the schema knows (`admin`, `steward`, `finance`, `viewer`).
    public func roles() async throws -> [String] {
        let rows = try await database.client.query("SELECT role FROM roles ORDER BY role", logger: database.logger)
        var roles: [String] = []
        for try await role in rows.decode(String.self) { roles.append(role) }
        return roles
    }

    /// One user by login, or `nil`.
    public func user(login: String) async throws -> User? {
        try await users(login: login).first
    }

    /// Every user (or the one named), by login.
    public func users(login: String? = nil) async throws -> [User] {
        let rows = try await database.client.query(
            """
            SELECT u.user_id, u.login, u.display_name,
                   coalesce(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}'),
                   u.password_hash IS NOT NULL, u.created_at, u.disabled_at
            FROM users AS u LEFT JOIN user_roles AS r ON r.user_id = u.user_id
            WHERE \(login)::text IS NULL OR u.login = \(login)
            GROUP BY u.user_id ORDER BY u.login
            """, logger: database.logger)
        var users: [User] = []
        for try await (id, login, display, roles, hasPassword, created, disabled) in rows.decode(
            (UUID, String, String, [String], Bool, Date, Date?).self)
        {
            users.append(
                User(
                    userID: id, login: login, displayName: display, roles: roles, hasPassword: hasPassword,
                    createdAt: created, disabledAt: disabled))
        }
        return users
    }

    /// Creates a user with `roles` and a password hash, or completes one that exists without a password and roles
    /// (a login the CLI recorded as a decision's actor). Returns `nil` when the login is already a full user.
    public func addUser(
        login: String, displayName: String, roles: [String], passwordHash: String?, audit: AuditNote
    ) async throws -> UUID? {
        try await transaction { connection, logger in
            let id = GoldenIdentifiers.timeOrdered()
            let rows = try await connection.query(
                """
                INSERT INTO users AS u (user_id, login, display_name, password_hash) VALUES
                    (\(id), \(login), \(displayName), \(passwordHash))
                ON CONFLICT (login) DO UPDATE SET password_hash = excluded.password_hash,
                    display_name = excluded.display_name, disabled_at = NULL
                WHERE u.password_hash IS NULL AND u.disabled_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM user_roles AS r WHERE r.user_id = u.user_id)
                RETURNING u.user_id
                """, logger: logger)
            var userID: UUID?
            for try await found in rows.decode(UUID.self) { userID = found }
            guard let userID else { return nil }
            try await connection.query(
                """
                INSERT INTO user_roles (user_id, role) SELECT \(userID), unnest(\(roles)::text[])
                ON CONFLICT DO NOTHING
                """, logger: logger)
            try await Self.audit(audit, on: connection, logger: logger)
            return userID
        }
    }

    /// The user a token without a named user acts as (`api:NAME`), created on first use, holding `role`.
    public func serviceUser(login: String, role: String) async throws -> UUID {
        try await transaction { connection, logger in
            let id = GoldenIdentifiers.timeOrdered()
            let rows = try await connection.query(
                """
                INSERT INTO users AS u (user_id, login, display_name) VALUES (\(id), \(login), \(login))
                ON CONFLICT (login) DO UPDATE SET display_name = u.display_name
                RETURNING u.user_id
                """, logger: logger)
            var userID = id
            for try await found in rows.decode(UUID.self) { userID = found }
            try await connection.query(
                "INSERT INTO user_roles (user_id, role) VALUES (\(userID), \(role)) ON CONFLICT DO NOTHING",
                logger: logger)
            return userID
        }
    }

    /// Disables a user: their tokens stop authenticating at once. Returns false when no enabled user has `login`.
    public func disableUser(login: String, audit: AuditNote) async throws -> Bool {
        try await transaction { connection, logger in
            let rows = try await connection.query(
                """
                UPDATE users SET disabled_at = now() WHERE login = \(login) AND disabled_at IS NULL RETURNING user_id
                """, logger: logger)
            var changed = false
            for try await _ in rows.decode(UUID.self) { changed = true }
            if changed { try await Self.audit(audit, on: connection, logger: logger) }
            return changed
        }
    }

    /// The bcrypt hash of an enabled user's password, or `nil`.
    public func passwordHash(login: String) async throws -> String? {
        let rows = try await database.client.query(
            "SELECT password_hash FROM users WHERE login = \(login) AND disabled_at IS NULL", logger: database.logger)
        for try await hash in rows.decode(String?.self) { return hash }
        return nil
    }

    /// What a token is for: a bearer token of the API, or a browser session of the UI (sent as a cookie).
    public enum TokenKind: String, Sendable, Hashable {
        case api, browser
    }

    /// Stores a token's digest for `userID` acting as `role`.
    public func addToken(
        userID: UUID, name: String, role: String, sha256: [UInt8], expiresAt: Date?, kind: TokenKind = .api,
        audit: AuditNote
    ) async throws -> UUID {
        try await transaction { connection, logger in
            let id = GoldenIdentifiers.timeOrdered()
            try await connection.query(
                """
                INSERT INTO api_tokens (token_id, user_id, name, token_sha256, role, expires_at, kind)
                VALUES (\(id), \(userID), \(name), \(ByteBuffer(bytes: sha256)), \(role), \(expiresAt), \(kind.rawValue))
                """, logger: logger)
            var audit = audit
            audit.subject = audit.subject ?? id.lowercasedText
            try await Self.audit(audit, on: connection, logger: logger)
            return id
        }
    }

    /// Revokes a live token named by id or by name. Returns the ids revoked (none when nothing matched).
    public func revokeTokens(id: UUID?, name: String?, kind: TokenKind = .api, audit: AuditNote) async throws -> [UUID] {
        try await transaction { connection, logger in
            let rows = try await connection.query(
                """
                UPDATE api_tokens SET revoked_at = now()
                WHERE revoked_at IS NULL AND kind = \(kind.rawValue) AND (token_id = \(id) OR name = \(name))
                RETURNING token_id
                """, logger: logger)
            var revoked: [UUID] = []
            for try await token in rows.decode(UUID.self) { revoked.append(token) }
            if !revoked.isEmpty { try await Self.audit(audit, on: connection, logger: logger) }
            return revoked
        }
    }

    /// Every API token (revoked ones too), newest first; browser sessions are not listed.
    public func tokens() async throws -> [Token] {
        let rows = try await database.client.query(
            """
            SELECT t.token_id, t.name, u.login, t.role, t.created_at, t.expires_at, t.revoked_at, t.last_used_at
            FROM api_tokens AS t JOIN users AS u ON u.user_id = t.user_id
            WHERE t.kind = 'api'
            ORDER BY t.created_at DESC, t.token_id DESC
            """, logger: database.logger)
        var tokens: [Token] = []
        for try await (id, name, login, role, created, expires, revoked, used) in rows.decode(
            (UUID, String, String, String?, Date, Date?, Date?, Date?).self)
        {
            tokens.append(
                Token(
                    tokenID: id, name: name, login: login, role: role, createdAt: created, expiresAt: expires,
                    revokedAt: revoked, lastUsedAt: used))
        }
        return tokens
    }

    /// Who the token with this digest acts for, when it is live: not revoked, not expired, its user enabled, and
    /// its role one its user still holds. One index lookup on the digest.
    public func holder(sha256: [UInt8], kind: TokenKind = .api) async throws -> TokenHolder? {
        let rows = try await database.client.query(
            """
            SELECT t.token_id, u.user_id, u.login, t.role, t.last_used_at
            FROM api_tokens AS t
            JOIN users AS u ON u.user_id = t.user_id AND u.disabled_at IS NULL
            JOIN user_roles AS r ON r.user_id = t.user_id AND r.role = t.role
            WHERE t.token_sha256 = \(ByteBuffer(bytes: sha256)) AND t.kind = \(kind.rawValue) AND t.revoked_at IS NULL
              AND (t.expires_at IS NULL OR t.expires_at > now())
            """, logger: database.logger)
        for try await (token, user, login, role, used) in rows.decode((UUID, UUID, String, String, Date?).self) {
            return TokenHolder(tokenID: token, userID: user, login: login, role: role, lastUsedAt: used)
        }
        return nil
    }

    /// Notes that a token was used (callers throttle this to about once a minute per token).
    public func touch(tokenID: UUID) async throws {
        try await database.client.query(
            "UPDATE api_tokens SET last_used_at = now() WHERE token_id = \(tokenID)", logger: database.logger)
    }

    // MARK: - Helpers

    private func transaction<T: Sendable>(
        _ body: @Sendable (PostgresConnection, Logger) async throws -> T
    ) async throws -> T {
        let logger = database.logger
        do {
            return try await database.client.withConnection { connection in
                try await connection.withTransaction(logger: logger) { connection in
                    try await body(connection, logger)
                }
            }
        } catch let error as PostgresTransactionError {
            if let mine = error.closureError as? StoreError { throw mine }
            throw error
        }
    }

    static func audit(_ note: AuditNote, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO audit_log (audit_id, actor, action, subject, details)
            VALUES (\(GoldenIdentifiers.timeOrdered()), \(note.actor), \(note.action), \(note.subject),
                    \(note.detailsJSON)::jsonb)
            """, logger: logger)
    }
}
