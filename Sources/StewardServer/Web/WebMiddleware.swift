import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The browser session cookie. `HttpOnly` keeps it from scripts, `SameSite=Strict` from other sites' requests;
/// `Secure` is set when the server is told it sits behind TLS (`--secure-cookies`).
enum SessionCookie {
    static let name = "golden_session"

    static func set(_ secret: String, expires: Date, secure: Bool) -> Cookie {
        Cookie(
            name: name, value: secret, expires: expires, path: "/", secure: secure, httpOnly: true,
            sameSite: .strict)
    }

    static func clear(secure: Bool) -> Cookie {
        Cookie(
            name: name, value: "", expires: Date(timeIntervalSince1970: 0), path: "/", secure: secure,
            httpOnly: true, sameSite: .strict)
    }
}

/// The login form's token cookie (see `WebController.loginPage`): scoped to `/login`, gone after an hour or a
/// sign-in.
enum LoginCookie {
    static let name = "golden_login"

    static func set(_ token: String, secure: Bool) -> Cookie {
        Cookie(
            name: name, value: token, expires: Date().addingTimeInterval(3600), path: "/login", secure: secure,
            httpOnly: true, sameSite: .strict)
    }

    static func clear(secure: Bool) -> Cookie {
        Cookie(
            name: name, value: "", expires: Date(timeIntervalSince1970: 0), path: "/login", secure: secure,
            httpOnly: true, sameSite: .strict)
    }
}

/// Headers every page and asset carries: a Content-Security-Policy that allows only this server's own script,
/// styles and images (no inline script, no framing), and no MIME sniffing.
struct WebSecurityHeaders: RouterMiddleware {
    typealias Context = APIRequestContext

    static let policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}

/// Reads the session cookie: a live browser session sets the principal and the CSRF token. An unknown or
/// expired cookie leaves the request anonymous.
struct SessionAuthenticator: RouterMiddleware {
    typealias Context = APIRequestContext
    let access: AccessControl

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let secret = request.cookies[SessionCookie.name]?.value, !secret.isEmpty,
            let principal = try await access.authenticate(session: secret)
        {
            context.identity = principal
            context.sessionSecret = secret
            context.csrfToken = AccessControl.csrfToken(forSession: secret)
        }
        return try await next(request, context)
    }
}

/// Pages need a session: without one, a GET is sent to the login page (and back afterwards), anything else is 401.
struct RequireSession: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard context.identity != nil else {
            guard request.method == .get else { throw APIError.unauthorized }
            let target = request.uri.string
            let query = URLComponents.formQuery(["next": target])
            return Response(status: .seeOther, headers: [.location: "/login?\(query)"])
        }
        return try await next(request, context)
    }
}

/// Every write from a page carries the session's CSRF token, in the form (`_csrf`) or, from the page's script,
/// in `X-CSRF-Token`. A write without it, or with another session's, is refused with 403 before its handler runs.
struct VerifyCSRF: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard request.method == .post else { return try await next(request, context) }
        var request = request
        guard let expected = context.csrfToken else { throw APIError.unauthorized }
        var presented = request.headers[HTTPField.Name("X-CSRF-Token")!]
        if presented == nil {
            let body = try await request.collectBody(upTo: 64 * 1024)
            presented = WebForm(body).first("_csrf")
        }
        guard let presented, constantTimeEqual(presented, expected) else {
            throw APIError(.forbidden, code: "csrf", "the form is stale or did not come from golden; reload the page")
        }
        return try await next(request, context)
    }
}

/// Compares two secrets in time that depends on their length only, not on where they first differ.
func constantTimeEqual(_ left: String, _ right: String) -> Bool {
    let a = Array(left.utf8), b = Array(right.utf8)
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
}

/// Errors on pages answer as a page (or as JSON to the page's own script), never as a stack or SQL.
struct WebErrorMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let mapped = APIError.answering(error, path: request.uri.path, logger: context.logger)
            if request.headers[.accept]?.contains("application/json") == true {
                return try mapped.response(from: request, context: context)
            }
            return WebPages.error(mapped, context: context)
        }
    }
}

/// Failed logins, per login name and per client address: five for one login, or twenty from one address, within
/// 15 minutes lock it out for the rest of the window, so passwords cannot be guessed at bcrypt speed, neither
/// against one user nor across many from one machine. Kept in memory: a restart forgets it, which costs an attacker
/// a restart they cannot cause.
actor LoginThrottle {
    static let window: TimeInterval = 15 * 60
    static let limit = 5
    static let addressLimit = 20
    private var failures: [String: [Date]] = [:]

    /// Seconds until `login` from `address` may try again, or `nil` when it may now.
    func retryAfter(_ login: String, address: String? = nil, now: Date = Date()) -> Int? {
        var wait: Int?
        for (key, limit) in keys(login, address) {
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            failures[key] = recent.isEmpty ? nil : recent
            guard recent.count >= limit, let oldest = recent.first else { continue }
            wait = max(wait ?? 0, max(Int((Self.window - now.timeIntervalSince(oldest)).rounded(.up)), 1))
        }
        return wait
    }

    func failed(_ login: String, address: String? = nil, at now: Date = Date()) {
        for (key, _) in keys(login, address) { failures[key, default: []].append(now) }
        if failures.count > 10_000 { failures.removeAll() }
    }

    /// A success clears the login's count, not the address's: one right password does not excuse many wrong ones.
    func succeeded(_ login: String) {
        failures["login:" + login.lowercased()] = nil
    }

    private func keys(_ login: String, _ address: String?) -> [(String, Int)] {
        [("login:" + login.lowercased(), Self.limit)] + (address.map { [("address:" + $0, Self.addressLimit)] } ?? [])
    }
}

/// An `application/x-www-form-urlencoded` body: repeated names (checkboxes) keep every value.
struct WebForm: Sendable {
    let fields: [(name: String, value: String)]

    init(_ buffer: ByteBuffer) {
        self.init(text: String(buffer: buffer))
    }

    init(text: String) {
        var fields: [(String, String)] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields.append((decode(parts[0]), parts.count > 1 ? decode(parts[1]) : ""))
        }
        self.fields = fields
    }

    func first(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    func all(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// A field trimmed, empty as absent.
    func text(_ name: String) -> String? {
        guard let value = first(name)?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }
}

extension URLComponents {
    /// `name=value&…`, percent-encoded for a query string.
    static func formQuery(_ items: KeyValuePairs<String, String>) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return items.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}
