import Hummingbird
import Logging
import ServiceLifecycle

/// An ELMA365 installation on 127.0.0.1 with the CRM solution's company and contact apps (`_clients/_companies`,
/// `_clients/_contacts`): offset lists with `__updatedAt`/`__deletedAt` filters and `active`, item get and update
/// with `success: false` per item, a bearer token (403 when wrong), and the fault plan.
///
/// Seeded with one generated source's records; shares no code with the connector.
public struct ELMA365Sandbox: SandboxCRMServer {
    public let name: String
    public var kind: String { "elma365" }
    public let token: String
    public let store: SandboxRecordStore
    let server: SandboxHTTPServer

    /// - Parameters:
    ///   - namespace: the CRM namespace (`_clients`, as `mappings/elma365.yaml` says).
    ///   - port: 0 binds any free port.
    public init(
        name: String, records: some Sequence<GeneratedRecord> & Sendable, token: String, faults: FaultPlan = .none,
        namespace: String = "_clients", port: Int = 0, logger: Logger = SandboxLogging.quiet
    ) {
        self.name = name
        self.token = token
        let store = SandboxRecordStore(records: records, dialect: ELMA365Dialect(), faults: faults)
        self.store = store
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SandboxGuardMiddleware(token: token, store: store, refusal: ELMA365Routes.refusal))
        ELMA365Routes(store: store, namespace: namespace).register(on: router)
        server = SandboxHTTPServer(responder: router.buildResponder(), requestedPort: port, logger: logger)
    }

    public func run() async throws {
        try await server.run()
    }

    public func port() async throws -> Int {
        try await server.port()
    }
}
