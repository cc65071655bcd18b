import Hummingbird
import Logging
import ServiceLifecycle

/// A HubSpot portal on 127.0.0.1: CRM v3 object lists (`after` cursor, `properties`, `associations`,
/// `archived`), search with filters and its 10,000-result window, v4 association batch reads, batch update with
/// 207 partial failures, HubSpot's error bodies and `Retry-After` on 429.
///
/// Seeded with one generated source's records; shares no code with the connector.
public struct HubSpotSandbox: SandboxCRMServer {
    public let name: String
    public var kind: String { "hubspot" }
    public let token: String
    public let store: SandboxRecordStore
    let server: SandboxHTTPServer

    /// - Parameters:
    ///   - searchWindow: how far a search may page before answering 400 (10,000 in HubSpot; small in tests).
    ///   - port: 0 binds any free port.
    public init(
        name: String, records: some Sequence<GeneratedRecord> & Sendable, token: String, faults: FaultPlan = .none,
        searchWindow: Int = 10_000, port: Int = 0, logger: Logger = SandboxLogging.quiet
    ) {
        self.name = name
        self.token = token
        let store = SandboxRecordStore(records: records, dialect: HubSpotDialect(), faults: faults)
        self.store = store
        let routes = HubSpotRoutes(store: store, searchWindow: searchWindow)
        let router = Router(context: BasicRequestContext.self)
        let retryAfter = faults.retryAfterSeconds
        router.add(
            middleware: SandboxGuardMiddleware(token: token, store: store) { refusal in
                HubSpotRoutes.refusal(refusal, retryAfter: retryAfter)
            })
        routes.register(on: router)
        server = SandboxHTTPServer(responder: router.buildResponder(), requestedPort: port, logger: logger)
    }

    public func run() async throws {
        try await server.run()
    }

    public func port() async throws -> Int {
        try await server.port()
    }
}
