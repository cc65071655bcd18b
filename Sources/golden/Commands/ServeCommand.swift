import ArgumentParser
import GoldenStore
import Hummingbird
import Metrics
import Prometheus
import StewardServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the steward and finance UI (/), the REST API (/api/v1, bearer tokens from `golden tokens create`), /health and /metrics.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var mappings: MappingsOptions
    @Option(help: "Address to bind; keep 127.0.0.1 unless a proxy fronts it.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Apply pending migrations before serving.") var migrate = false
    @Flag(help: "Mark the UI's session cookie Secure (set it when a TLS proxy fronts the server).")
    var secureCookies = false

    func run() async throws {
        let logger = logging.makeLogger("serve")
        let configuration = try database.configuration()
        if migrate {
            let store = GoldenDatabase(configuration: configuration, logger: logger)
            _ = try await StoreCommand.run { try await store.withRunning { try await $0.migrate() } }
        }
        // The server's own HTTP metrics (Hummingbird's MetricsMiddleware) go to the registry /metrics emits.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let settings = StewardServerSettings(
            host: host, port: port, survivorship: try mappings.survivorship(),
            standardizers: try mappings.standardizers(), match: try mappings.matchConfiguration(),
            secureCookies: secureCookies, metrics: registry)
        let app = buildApplication(
            database: GoldenDatabase(configuration: configuration, logger: logger), settings: settings, logger: logger)
        try await app.runService()
    }
}
