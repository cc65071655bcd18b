import Hummingbird

/// What every sandbox CRM does before serving a request: wait the planned latency, check the bearer token, and
/// answer with an injected failure when the fault plan draws one. The vendor decides how a refusal looks.
struct SandboxGuardMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let token: String
    let store: SandboxRecordStore
    let refusal: @Sendable (SandboxRefusal) -> Response

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let latency = store.faults.latency
        if latency > .zero { try await Task.sleep(for: latency) }
        guard request.headers[.authorization] == "Bearer \(token)" else { return refusal(.unauthorized) }
        if let fault = await store.admit() { return refusal(.injected(fault)) }
        return try await next(request, context)
    }
}

/// Why a sandbox refused a request before serving it.
enum SandboxRefusal: Sendable {
    case unauthorized
    case injected(InjectedFault)
}
