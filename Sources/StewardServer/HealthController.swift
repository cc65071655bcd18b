import Foundation
import GoldenStore
import Hummingbird
import Logging

/// `GET /health`: is the process up, is the store reachable, and at which schema version.
///
/// Load balancers and `compose.yaml` poll it; it answers 503 while the database is unreachable so a broken
/// instance leaves rotation instead of serving errors.
struct HealthController: Sendable {
    let database: GoldenDatabase

    struct Health: ResponseEncodable {
        let status: String
        let schemaVersion: Int?
        let version: String
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("health") { _, _ -> Response in
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let health: Health
            let status: HTTPResponse.Status
            do {
                let version = try await withTimeout(.seconds(2)) { [database] in
                    try await SchemaInventory(database: database).schemaVersion()
                }
                health = Health(status: "ok", schemaVersion: version, version: StewardServerInfo.version)
                status = .ok
            } catch {
                database.logger.warning("health check failed", metadata: ["error": "\(String(reflecting: error))"])
                health = Health(status: "database_unavailable", schemaVersion: nil, version: StewardServerInfo.version)
                status = .serviceUnavailable
            }
            return Response(
                status: status, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(health))))
        }
    }
}

/// A pool that cannot connect keeps a query waiting; a health check must answer anyway.
func withTimeout<T: Sendable>(
    _ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw CancellationError()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw CancellationError() }
        return first
    }
}

public enum StewardServerInfo {
    public static let version = "0.1.0"
}
