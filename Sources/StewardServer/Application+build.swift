import Foundation
import GoldenStore
import Hummingbird
import Logging

/// Settings of the steward server that are not secrets.
public struct StewardServerSettings: Sendable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// The one composition root of the HTTP side: `golden serve` and the tests both build the app here.
///
/// The store (its connection pool) is added to the application's service group, so the pool runs exactly as long
/// as the server does.
public func buildApplication(
    database: GoldenDatabase, settings: StewardServerSettings, logger: Logger
) -> some ApplicationProtocol {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.debug))
    HealthController(database: database).addRoutes(to: router)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "golden"),
        logger: logger)
    app.addServices(database)
    return app
}
