import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging

/// Turns every error under `/api/v1` into the API's JSON error; an unexpected one is logged with its details and
/// answered as a bare `internal` 500, so a client never sees SQL or a stack.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            throw APIError.answering(error, path: request.uri.path, logger: context.logger)
        }
    }
}

/// PostgreSQL text cannot hold a NUL character, so a query parameter or JSON body carrying one is refused here with
/// 400, naming the field where it can, instead of failing in the store as a 500.
struct RejectNULText: RouterMiddleware {
    typealias Context = APIRequestContext
    /// How a NUL is written in the body: `\u0000` in JSON (the API), `%00` in a form (the pages).
    var bodyMarker = "\\u0000"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        for (name, value) in request.uri.queryParameters where value.utf8.contains(0) || name.utf8.contains(0) {
            throw APIError.invalid(String(name), "'\(name)' contains a NUL character, which text cannot hold")
        }
        guard request.method == .post else { return try await next(request, context) }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        if String(buffer: body).contains(bodyMarker) {
            throw APIError.invalid("body", "the body contains a NUL character (\(bodyMarker)), which text cannot hold")
        }
        return try await next(request, context)
    }
}

/// `Authorization: Bearer golden_…` → the token's principal. A missing or unknown token leaves the request
/// anonymous; ``RequireRole`` then answers 401.
struct TokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = APIRequestContext
    let access: AccessControl

    func authenticate(request: Request, context: Context) async throws -> Principal? {
        guard let bearer = request.headers.bearer else { return nil }
        return try await access.authenticate(token: bearer.token)
    }
}

/// Lets a request through only with a principal (401 otherwise) whose role is one of `allowed` (403 otherwise);
/// `admin` may do everything.
struct RequireRole: RouterMiddleware {
    typealias Context = APIRequestContext
    let allowed: Set<Role>

    /// Every authenticated role.
    static let anyone = RequireRole(allowed: Set(Role.allCases))
    static let stewards = RequireRole(allowed: [.steward, .admin])
    static let finance = RequireRole(allowed: [.finance, .admin])

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let principal = context.identity else { throw APIError.unauthorized }
        guard principal.role.permits(allowed) else { throw APIError.forbidden(principal.role, needs: allowed) }
        return try await next(request, context)
    }
}
