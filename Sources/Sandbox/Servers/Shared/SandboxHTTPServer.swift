import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The HTTP listener shared by the sandbox CRMs: a Hummingbird application on 127.0.0.1 (never another
/// interface) that reports the port it bound, so tests and `golden sandbox serve` can ask for port 0.
///
/// It is a ServiceLifecycle `Service`: run it in a `ServiceGroup` (graceful shutdown on SIGTERM/SIGINT) or in a
/// task group that a test cancels.
struct SandboxHTTPServer: Service {
    let responder: RouterResponder<BasicRequestContext>
    let requestedPort: Int
    let portBox = SandboxPortBox()
    let logger: Logger

    func run() async throws {
        let box = portBox
        let application = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: requestedPort)),
            onServerRunning: { channel in await box.set(channel.localAddress?.port ?? 0) },
            logger: logger)
        do {
            try await application.run()
        } catch {
            await box.fail()
            throw error
        }
        await box.fail()
    }

    /// The bound port, once the server listens.
    func port() async throws -> Int {
        try await portBox.wait()
    }
}
