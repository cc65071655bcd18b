import Foundation
import GoldenStore
import GoldenTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import StewardServer
import Testing

@Suite("Health endpoint", .database)
struct HealthTests {
    @Test("reports ok and the schema version when the store is up")
    func healthy() async throws {
        let db = try TestDatabase.require
        // The app adds its own client to its service group: give it a separate pool on the same schema.
        let database = GoldenDatabase(configuration: db.database.configuration, logger: db.logger)
        let app = buildApplication(database: database, settings: .init(port: 0), logger: db.logger)
        try await app.test(.router) { client in
            // The check gives the store 2 s; a test machine under full load may need longer for the pool's first
            // connection, and a load balancer would simply ask again: so does this test, for up to 20 tries.
            var body: [String: Any]?
            var status: HTTPResponse.Status = .serviceUnavailable
            for _ in 0..<20 where status != .ok {
                try await client.execute(uri: "/health", method: .get) { response in
                    status = response.status
                    body = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                }
            }
            #expect(status == .ok)
            #expect(body?["status"] as? String == "ok")
            #expect(body?["schema_version"] as? Int == Migration.all.last?.version)
        }
    }

    @Test("answers 503 when the database is unreachable")
    func databaseDown() async throws {
        let db = try TestDatabase.require
        var configuration = db.database.configuration
        configuration.port = 1  // nothing listens there
        let database = GoldenDatabase(configuration: configuration, logger: db.logger)
        let app = buildApplication(database: database, settings: .init(port: 0), logger: db.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }
}
