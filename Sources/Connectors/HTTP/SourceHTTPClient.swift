import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The HTTP side of every API connector: bearer auth, JSON bodies, and the retry policy for throttling, 5xx and
/// timeouts, so each connector only speaks its vendor's paging and error vocabulary.
///
/// It wraps an injected `HTTPClient` (usually `HTTPClient.shared`; it owns no event loops of its own). Transient
/// failures are retried per ``RetryPolicy``; when the tries run out they surface as ``ConnectorError`` with the
/// `rateLimited` or `unavailable` code. A 401 is always `unauthorized`. A 2xx whose body is not JSON (a truncated
/// or garbled page) is `malformedPage`, naming the page: a page is never skipped silently. Other 4xx answers are
/// returned for the connector to interpret.
public struct SourceHTTPClient: Sendable {
    public let source: String
    /// Scheme, host and port (and any fixed path prefix), without a trailing slash.
    public let baseURL: String
    public let policy: RetryPolicy
    let token: String
    /// Bitrix24 webhooks carry their secret in the URL path and take no `Authorization` header.
    let sendsBearerToken: Bool
    let client: HTTPClient
    let logger: Logger

    public init(
        source: String, baseURL: String, token: String, sendsBearerToken: Bool = true, client: HTTPClient = .shared,
        policy: RetryPolicy = .default, logger: Logger = Logger(label: "golden.connectors.http")
    ) {
        self.source = source
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.sendsBearerToken = sendsBearerToken
        self.client = client
        self.policy = policy
        var logger = logger
        logger[metadataKey: "source"] = .string(source)
        self.logger = logger
    }

    /// Sends one request, retrying transient failures.
    ///
    /// - Parameters:
    ///   - path: a path under ``baseURL`` (`/services/data/v60.0/query`), or an absolute URL.
    ///   - query: query items, percent-encoded here.
    ///   - page: how error messages name this request (`Account page 3`); the URL is added.
    ///   - idempotent: whether sending the request twice has the effect of sending it once. Defaults to the
    ///     method's meaning (GET, HEAD, PUT, DELETE and OPTIONS are; POST and PATCH are not); a connector says so for
    ///     a POST that only reads or a PATCH that sets values by id. A request that is not idempotent is retried
    ///     only after a 429 or 503 (refused before any work, Bitrix24's QUERY_LIMIT_EXCEEDED among them); after a
    ///     timeout, a dropped connection or another 5xx it may have been applied, so it fails with
    ///     `uncertainWrite` instead of being sent again.
    /// - Throws: ``ConnectorError`` (`unauthorized`, `rateLimited`, `unavailable`, `malformedPage`,
    ///   `uncertainWrite`); `CancellationError` when the task is cancelled while waiting.
    public func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        headers: [(String, String)] = [], page: String? = nil, idempotent: Bool? = nil
    ) async throws -> SourceHTTPResponse {
        let repeatable = idempotent ?? [.GET, .HEAD, .PUT, .DELETE, .OPTIONS].contains(method)
        let url = makeURL(path, query: query)
        // Never let a secret that travels in the URL reach a log line or an error message.
        let requestName = "\(method.rawValue) \(token.isEmpty ? url : url.replacingOccurrences(of: token, with: "***"))"
        let location = page.map { "\($0), \(requestName)" } ?? requestName
        var request = HTTPClientRequest(url: url)
        request.method = method
        if sendsBearerToken { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body.canonicalJSON))
        }
        var attempt = 0
        while true {
            attempt += 1
            let outcome: Outcome
            do {
                let response = try await client.execute(
                    request, timeout: .milliseconds(Int64(policy.requestTimeout / .milliseconds(1))), logger: logger)
                let bytes = try await response.body.collect(upTo: 256 * 1024 * 1024)
                outcome = try classify(response, bytes: bytes, request: requestName, location: location)
            } catch let error as ConnectorError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if Task.isCancelled { throw CancellationError() }
                outcome = .transient(
                    code: .unavailable, message: "no answer: \(error)", retryAfter: nil)
            }
            switch outcome {
            case .answer(let response):
                return response
            case .transient(let code, let message, let retryAfter, let refused):
                guard repeatable || refused else {
                    throw ConnectorError(
                        .uncertainWrite, source: source, location: location,
                        message: "\(message); not sent again: the write may already have been applied")
                }
                guard attempt < policy.maxAttempts else {
                    throw ConnectorError(
                        code, source: source, location: location,
                        message: "\(message) (gave up after \(attempt) tries)")
                }
                let delay = policy.delay(afterAttempt: attempt, retryAfter: retryAfter)
                logger.debug(
                    "retrying", metadata: ["request": "\(requestName)", "attempt": "\(attempt)", "why": "\(message)"])
                try await Task.sleep(for: delay)
            }
        }
    }

    private enum Outcome {
        case answer(SourceHTTPResponse)
        /// `refused`: the server said it did no work (429, 503), so even a write that is not idempotent may go again.
        case transient(code: ConnectorError.Code, message: String, retryAfter: Duration?, refused: Bool = false)
    }

    private func classify(
        _ response: HTTPClientResponse, bytes: ByteBuffer, request: String, location: String
    ) throws -> Outcome {
        let status = Int(response.status.code)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        let data = Data(bytes.readableBytesView)
        if (200..<300).contains(status) {
            let body: JSONValue
            if data.isEmpty {
                body = .null
            } else {
                do {
                    body = try JSONDecoder().decode(JSONValue.self, from: data)
                } catch {
                    throw ConnectorError(
                        .malformedPage, source: source, location: location,
                        message: "the answer is not valid JSON (\(data.count) bytes); the page is not skipped")
                }
            }
            return .answer(SourceHTTPResponse(status: status, headers: headers, body: body, request: request))
        }
        let body =
            (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .string(String(decoding: data, as: UTF8.self))
        let answer = SourceHTTPResponse(status: status, headers: headers, body: body, request: request)
        let summary = answer.errorSummary
        switch status {
        case 401:
            throw ConnectorError(
                .unauthorized, source: source, location: location,
                message: "the token was refused (\(summary.code): \(summary.message)); check the source's credential")
        case 429:
            return .transient(
                code: .rateLimited, message: "throttled (\(summary.code): \(summary.message))",
                retryAfter: headers["retry-after"].flatMap(Double.init).map { .milliseconds(Int64($0 * 1000)) },
                refused: true)
        case 408, 500...599:
            return .transient(
                code: .unavailable, message: "HTTP \(status) (\(summary.code): \(summary.message))",
                retryAfter: headers["retry-after"].flatMap(Double.init).map { .milliseconds(Int64($0 * 1000)) },
                refused: status == 503)
        default:
            return .answer(answer)
        }
    }

    private func makeURL(_ path: String, query: [(String, String)]) -> String {
        var url = path.hasPrefix("http://") || path.hasPrefix("https://") ? path : baseURL + path
        guard !query.isEmpty else { return url }
        url += url.contains("?") ? "&" : "?"
        url += query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return url
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encodes a query name or value (RFC 3986 unreserved characters stay), so SOQL's `+0000`, spaces and
    /// commas arrive intact.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
