import Foundation
import GoldenCore
import GoldenStore
import Hummingbird
import Logging
import Matching
import Prometheus
import Survivorship
import SyncEngine

/// Settings of the steward server that are not secrets.
public struct StewardServerSettings: Sendable {
    public var host: String
    public var port: Int
    /// The rules a split, move, override or unlock survives the changed golden records by (`survivorship.yaml`).
    public var survivorship: SurvivorshipConfiguration
    /// Standardize an override as landing would; without them it is stored as typed.
    public var standardizers: Standardizers?
    /// bcrypt cost for passwords set through the server (12; tests lower it).
    public var bcryptCost: UInt8
    /// The match configuration of the runs (`match.yaml`): search-before-create scores as a run does.
    public var match: MatchConfiguration
    /// Mark the session cookie `Secure`: set it when a TLS proxy sits in front (`golden serve --secure-cookies`).
    public var secureCookies: Bool
    /// Where `/metrics` is collected; `golden serve` also makes it swift-metrics' backend for the HTTP metrics.
    public var metrics: PrometheusCollectorRegistry

    public init(
        host: String = "127.0.0.1", port: Int = 8080, survivorship: SurvivorshipConfiguration = .standard,
        standardizers: Standardizers? = nil, bcryptCost: UInt8 = 12, match: MatchConfiguration = MatchConfiguration(),
        secureCookies: Bool = false, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
    ) {
        self.metrics = metrics
        self.secureCookies = secureCookies
        self.match = match
        self.host = host
        self.port = port
        self.survivorship = survivorship
        self.standardizers = standardizers
        self.bcryptCost = bcryptCost
    }
}

/// The router of the server: `/health`, the REST API under `/api/v1` and the pages of the UI, for
/// `buildApplication` and for tests that list its routes.
public func buildRouter(database: GoldenDatabase, settings: StewardServerSettings, logger: Logger)
    -> Router<APIRequestContext>
{
    let router = Router(context: APIRequestContext.self)
    // Outermost: every error, including an unknown route, answers as the API's JSON error.
    router.add(middleware: APIErrorMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: MetricsMiddleware())
    HealthController(database: database).addRoutes(to: router)
    MetricsController(repository: MetricsRepository(database: database), registry: settings.metrics).addRoutes(to: router)
    let access = AccessControl(database: database, bcryptCost: settings.bcryptCost, logger: logger)
    let stewardActions = StewardActions(database: database, survivorship: settings.survivorship, logger: logger)
    let api = router.group("api/v1").add(middleware: RejectNULText()).add(middleware: TokenAuthenticator(access: access))
    APIController(
        access: access,
        review: CandidateReview(database: database, actions: stewardActions),
        lookup: GoldenRecordLookup(database: database),
        operations: OperationsReport(database: database),
        stewardActions: stewardActions,
        valueActions: GoldenValueActions(
            database: database, survivorship: settings.survivorship, standardizers: settings.standardizers,
            logger: logger),
        proposals: GoldenProposalRepository(database: database),
        preview: MatchPreview(
            database: database, standardizer: RecordStandardizer(standardizers: settings.standardizers ?? Standardizers()),
            configuration: settings.match, logger: logger)
    ).addRoutes(to: api)
    WebController(
        access: access, throttle: LoginThrottle(), review: CandidateReview(database: database, actions: stewardActions),
        lookup: GoldenRecordLookup(database: database), dashboard: DashboardRepository(database: database),
        stewardActions: stewardActions,
        valueActions: GoldenValueActions(
            database: database, survivorship: settings.survivorship, standardizers: settings.standardizers,
            logger: logger),
        proposals: GoldenProposalRepository(database: database), owners: OwnerReport(database: database),
        sources: SourceRepository(database: database), settings: settings
    ).addRoutes(to: router)
    return router
}

/// The one composition root of the HTTP side: `golden serve` and the tests both build the app here.
///
/// The store (its connection pool) is added to the application's service group, so the pool runs exactly as long
/// as the server does.
public func buildApplication(
    database: GoldenDatabase, settings: StewardServerSettings, logger: Logger
) -> some ApplicationProtocol {
    let router = buildRouter(database: database, settings: settings, logger: logger)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "golden"),
        logger: logger)
    app.addServices(database)
    return app
}
