import Hummingbird
import Logging
import ServiceLifecycle

/// A Salesforce org on 127.0.0.1: SOQL `query`/`queryAll` with server-side cursors (`nextRecordsUrl`, "Query
/// More" and "QueryAll More"), sObject Collections update with per-record `SaveResult`s and `allOrNone`
/// rollback, one-record `GET`/`PATCH`, whole-second `SystemModstamp`s that edits in one second share,
/// Salesforce's error arrays (`NOT_FOUND` for anything not served), and the fault plan.
///
/// Seeded with one generated source's records (`sf_a`); run it as a `Service`, then ask ``port()``. It shares
/// no code with the connector: the two meet only on the wire.
public struct SalesforceSandbox: SandboxCRMServer {
    public let name: String
    public var kind: String { "salesforce" }
    public let token: String
    public let store: SandboxRecordStore
    let server: SandboxHTTPServer

    /// - Parameters:
    ///   - pageSize: the most rows a page holds (the client's `batchSize` may ask for fewer, down to 200); small
    ///     values make paging visible in tests.
    ///   - port: 0 binds any free port.
    public init(
        name: String, records: some Sequence<GeneratedRecord> & Sendable, token: String, faults: FaultPlan = .none,
        pageSize: Int = 2000, port: Int = 0, logger: Logger = SandboxLogging.quiet
    ) {
        self.name = name
        self.token = token
        let store = SandboxRecordStore(records: records, dialect: SalesforceDialect(), faults: faults)
        self.store = store
        let routes = SalesforceRoutes(store: store, pageSize: pageSize)
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SandboxGuardMiddleware(token: token, store: store, refusal: SalesforceRoutes.refusal))
        router.add(middleware: SandboxNotFoundMiddleware(answer: SalesforceRoutes.notFound))
        routes.register(on: router)
        server = SandboxHTTPServer(responder: router.buildResponder(), requestedPort: port, logger: logger)
    }

    public func run() async throws {
        try await server.run()
    }

    /// The bound port, once listening.
    public func port() async throws -> Int {
        try await server.port()
    }
}
