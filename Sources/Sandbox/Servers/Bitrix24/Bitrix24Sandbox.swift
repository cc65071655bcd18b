import Hummingbird
import Logging
import ServiceLifecycle

/// A Bitrix24 portal on 127.0.0.1 with an incoming webhook (`/rest/1/<token>/<method>`): company and contact
/// lists with `start` paging by 50, operator filters and `order`, requisites, single and `batch` updates with
/// per-command `result_error`, Bitrix24's error bodies and its 503 `QUERY_LIMIT_EXCEEDED` throttle.
///
/// Seeded with one generated source's records; shares no code with the connector. `golden.yaml`'s location
/// for it is ``restBase(port:)``, the webhook secret its `token` credential.
public struct Bitrix24Sandbox: SandboxCRMServer {
    public let name: String
    public var kind: String { "bitrix24" }
    /// The webhook secret.
    public let token: String
    public let store: SandboxRecordStore
    let server: SandboxHTTPServer

    /// The webhook's user id in URLs.
    public static let webhookUser = "1"

    /// - Parameters:
    ///   - port: 0 binds any free port.
    ///   - startRoundsToPage: read a list's `start` as a page (rounded down to a multiple of 50) instead of an
    ///     offset; the docs leave open which one a portal does, so tests can try a connector against both.
    public init(
        name: String, records: some Sequence<GeneratedRecord> & Sendable, token: String, faults: FaultPlan = .none,
        port: Int = 0, startRoundsToPage: Bool = false, logger: Logger = SandboxLogging.quiet
    ) {
        self.name = name
        self.token = token
        let store = SandboxRecordStore(records: records, dialect: Bitrix24Dialect(), faults: faults)
        self.store = store
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: Bitrix24GuardMiddleware(secret: token, store: store, refusal: Bitrix24Routes.refusal))
        Bitrix24Routes(store: store, startRoundsToPage: startRoundsToPage).register(on: router)
        server = SandboxHTTPServer(responder: router.buildResponder(), requestedPort: port, logger: logger)
    }

    /// `http://127.0.0.1:<port>/rest/1`: the connector adds `/<secret>/<method>`.
    public static func restBase(port: Int) -> String {
        "http://127.0.0.1:\(port)/rest/\(webhookUser)"
    }

    public func run() async throws {
        try await server.run()
    }

    public func port() async throws -> Int {
        try await server.port()
    }
}
