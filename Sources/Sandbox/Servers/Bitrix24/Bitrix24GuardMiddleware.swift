import Hummingbird

/// The Bitrix24 counterpart of ``SandboxGuardMiddleware``: the credential is the webhook secret in the path
/// (`/rest/<user>/<secret>/<method>`), not a header, so the check reads the path; latency and faults as usual.
struct Bitrix24GuardMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let secret: String
    let store: SandboxRecordStore
    let refusal: @Sendable (SandboxRefusal) -> Response

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let latency = store.faults.latency
        if latency > .zero { try await Task.sleep(for: latency) }
        let segments = request.uri.path.split(separator: "/")
        guard segments.count >= 4, segments[0] == "rest", segments[2] == secret else { return refusal(.unauthorized) }
        if let fault = await store.admit() { return refusal(.injected(fault)) }
        return try await next(request, context)
    }
}
