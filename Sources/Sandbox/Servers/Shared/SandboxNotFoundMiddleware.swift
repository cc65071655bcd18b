import HTTPTypes
import Hummingbird

/// Answers a request no route serves in the vendor's own error shape (Salesforce's `NOT_FOUND` array, HubSpot's
/// error object, Bitrix24's `ERROR_METHOD_NOT_FOUND`) instead of Hummingbird's empty 404, so a client that reads
/// the error body sees what the real API would tell it.
struct SandboxNotFoundMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// The answer for a request whose path (`.notFound`) or method (`.methodNotAllowed`) no route serves.
    let answer: @Sendable (Request, HTTPResponse.Status) -> Response

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            return answer(request, error.status)
        }
    }
}
