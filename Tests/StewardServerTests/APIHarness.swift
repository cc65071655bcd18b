import Connectors
import Foundation
import GoldenCore
import GoldenStore
import GoldenTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import StewardServer
import SyncEngine
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A valid 10-digit company INN built from a 9-digit body.
func companyINN(_ body: Int) -> String {
    let digits = String(format: "%09d", body % 1_000_000_000).compactMap { $0.wholeNumberValue }
    let weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    let check = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11 % 10
    return digits.map(String.init).joined() + String(check)
}

/// One response as a test reads it: status, headers, raw body and the parsed JSON.
struct APIResponse {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String
    let json: [String: Any]

    var error: [String: Any]? { json["error"] as? [String: Any] }
    var errorCode: String? { error?["code"] as? String }
}

/// A store with three organizations landed from a Salesforce-shaped CSV and survived by the golden job, a token
/// per role, and the API's router over it.
struct APIHarness {
    let db: TestDatabase
    let tokens: [Role: String]
    let access: AccessControl

    static let rows: [(id: String, name: String, inn: String, phone: String)] = [
        ("a1", "ООО Ромашка", companyINN(770_000_001), "+7 (495) 123-45-67"),
        ("a2", "Romashka LLC", companyINN(770_000_001), ""),
        ("b1", "<script>alert(1)</script>", companyINN(770_000_002), ""),
        ("c1", "ООО Гамма", companyINN(770_000_003), "8 812 555-12-34"),
    ]

    static func make(seed: Bool = true) async throws -> APIHarness {
        let db = try TestDatabase.require
        if seed { try await Self.seed(db) }
        let access = AccessControl(database: db.database, bcryptCost: 4, logger: db.logger)
        var tokens: [Role: String] = [:]
        for role in Role.allCases {
            tokens[role] = try await access.createToken(role: role, name: role.rawValue, user: nil, actor: "test").secret
        }
        return APIHarness(db: db, tokens: tokens, access: access)
    }

    static func seed(
        _ db: TestDatabase, rows: [(id: String, name: String, inn: String, phone: String)] = APIHarness.rows
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("golden-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("sf_a_Account.csv")
        var text = "Id,Name,INN__c,KPP__c,Phone,SystemModstamp\n"
        for (index, row) in rows.enumerated() {
            let modified = String(format: "2026-01-01T10:00:%02d.000Z", index)
            text += [row.id, "\"\(row.name)\"", row.inn, "770101001", row.phone, modified].joined(separator: ",") + "\n"
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
        let standardizers = try ReferenceData.standardizers(
            mappingsDirectory: repositoryRoot.appendingPathComponent("mappings"))
        let source = SourceConfiguration(
            name: "sf_a", kind: .csv, location: file.path,
            mapping: try MappingLoader.load(contentsOf: repositoryRoot.appendingPathComponent("mappings/salesforce.yaml")),
            entities: [.organization])
        let landing = try await LandingJob(
            database: db.database, connectors: DefaultConnectorFactory(environment: [:]),
            standardizer: RecordStandardizer(standardizers: standardizers), logger: db.logger
        ).run([source])
        #expect(landing.outcome == .succeeded)
        _ = try await GoldenRecordJob(
            database: db.database, standardizer: RecordStandardizer(standardizers: standardizers), logger: db.logger
        ).run()
    }

    func id(_ key: String) -> UUID { GoldenIdentifiers.sourceRecordID(source: "sf_a", key: key) }

    func golden(_ key: String) async throws -> UUID {
        try #require(try await GoldenRecordRepository(database: db.database).xref(sourceRecordID: id(key))?.goldenID)
    }

    /// Puts a pair in the review queue, as a run that scored it between the thresholds would.
    func queue(_ left: String, _ right: String, probability: Double) async throws -> String {
        let (l, r) = [id(left), id(right)].sorted { $0.isOlder(than: $1) }.pair
        try await db.client.query(
            """
            INSERT INTO match_candidates (left_id, right_id, entity, match_weight, probability, explanation, status)
            VALUES (\(l), \(r), 'organization', 1.5, \(probability),
                    '{"comparisons":[{"name":"legal_name","level":"fuzzy","bayes_factor":3.2}]}'::jsonb, 'review')
            """)
        return l.uuidString.lowercased() + ":" + r.uuidString.lowercased()
    }

    func count(_ query: PostgresQuery) async throws -> Int {
        var result = 0
        for try await value in try await db.client.query(query).decode(Int.self) { result = value }
        return result
    }

    func router() -> Router<APIRequestContext> {
        buildRouter(
            database: db.database,
            settings: StewardServerSettings(
                port: 0,
                standardizers: try? ReferenceData.standardizers(
                    mappingsDirectory: repositoryRoot.appendingPathComponent("mappings")), bcryptCost: 4),
            logger: db.logger)
    }

    /// Runs `body` with a client of the app (in-process; the store is the test's, already running).
    @discardableResult
    func test<T: Sendable>(_ body: @Sendable (APIClient) async throws -> T) async throws -> T {
        let app = Application(router: router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.router) { client in
            try await body(APIClient(client: client, tokens: tokens))
        }
    }
}

/// Sends API requests as a role (or anonymously) and parses the answer.
struct APIClient: Sendable {
    let client: any TestClientProtocol
    let tokens: [Role: String]

    func send(
        _ method: HTTPRequest.Method, _ uri: String, as role: Role? = nil, token: String? = nil, body: String? = nil
    ) async throws -> APIResponse {
        var headers: HTTPFields = [:]
        if let bearer = token ?? role.flatMap({ tokens[$0] }) { headers[.authorization] = "Bearer \(bearer)" }
        if body != nil { headers[.contentType] = "application/json" }
        return try await client.execute(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
        ) { response in
            let text = String(buffer: response.body)
            let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
            return APIResponse(status: response.status, headers: response.headers, text: text, json: json)
        }
    }

    func get(_ uri: String, as role: Role? = .viewer) async throws -> APIResponse {
        try await send(.get, uri, as: role)
    }

    func post(_ uri: String, as role: Role?, _ body: [String: Any]) async throws -> APIResponse {
        let data = try JSONSerialization.data(withJSONObject: body)
        return try await send(.post, uri, as: role, body: String(decoding: data, as: UTF8.self))
    }
}

extension Array {
    var pair: (Element, Element) { (self[0], self[1]) }
}

/// Every string anywhere in a parsed JSON value.
func strings(in value: Any) -> [String] {
    switch value {
    case let string as String: [string]
    case let array as [Any]: array.flatMap(strings(in:))
    case let object as [String: Any]: object.values.flatMap(strings(in:))
    default: []
    }
}
