import Foundation
import PostgresNIO

/// Where the store lives, read from a `postgres://` URL as `DATABASE_URL` gives it.
///
/// PostgresNIO takes host, port and credentials separately; this is the one place that turns the URL every
/// PostgreSQL tool understands into its configuration. Supported query items: `sslmode` (`disable`, `prefer`,
/// `require`) and `search_path` (used by tests to give each test its own schema).
public struct DatabaseConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tlsMode: TLSMode
    public var searchPath: String?
    public var maximumConnections: Int = 20

    public enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    public init(
        host: String, port: Int = 5432, username: String, password: String?, database: String,
        tlsMode: TLSMode = .prefer, searchPath: String? = nil
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tlsMode = tlsMode
        self.searchPath = searchPath
    }

    /// Reads `postgres://user:password@host:port/database?sslmode=disable`.
    ///
    /// - Throws: `StoreError.invalidDatabaseURL` naming the part that is wrong (never echoing the password).
    public init(url: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            ["postgres", "postgresql"].contains(scheme.lowercased())
        else {
            throw StoreError(.invalidDatabaseURL, "DATABASE_URL must look like postgres://user:password@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError(.invalidDatabaseURL, "DATABASE_URL has no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError(.invalidDatabaseURL, "DATABASE_URL has no user name")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw StoreError(.invalidDatabaseURL, "DATABASE_URL has no database name (the path after the port)")
        }
        self.init(
            host: host, port: components.port ?? 5432,
            username: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database.removingPercentEncoding ?? database)
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                switch item.value ?? "" {
                case "disable", "allow": tlsMode = .disable
                case "prefer": tlsMode = .prefer
                case "require", "verify-ca", "verify-full": tlsMode = .require
                default:
                    throw StoreError(.invalidDatabaseURL, "DATABASE_URL sslmode '\(item.value ?? "")' is not supported")
                }
            case "search_path":
                searchPath = item.value
            default:
                continue
            }
        }
    }

    /// The same configuration with another `search_path`: how tests get a schema of their own.
    public func with(searchPath: String?) -> DatabaseConfiguration {
        var copy = self
        copy.searchPath = searchPath
        return copy
    }

    /// The PostgresNIO configuration this describes: what the store's pool uses, and what a test opens its own
    /// inspection pool with.
    public var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch tlsMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = maximumConnections
        if let searchPath {
            configuration.options.additionalStartupParameters.append(("search_path", searchPath))
        }
        return configuration
    }
}
