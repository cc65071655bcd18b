import Foundation
import GoldenStore
import HTTPTypes
import Hummingbird
import Logging
import SyncEngine

/// The one error shape of the REST API: `{"error":{"code","message","field"}}` with its status.
///
/// Handlers and use cases throw their own errors; ``APIErrorMiddleware`` turns each into one of these at the edge.
/// A message never carries SQL, a stack or a server internal: anything unexpected becomes `internal` and is logged.
public struct APIError: Error, HTTPResponseError, Sendable, Hashable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public let field: String?

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    struct Body: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let field: String?

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(code, forKey: .code)
                try container.encode(message, forKey: .message)
                try container.encode(field, forKey: .field)  // null rather than absent: one shape for clients
            }

            enum CodingKeys: String, CodingKey { case code, message, field }
        }

        let error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = APIJSON.headers
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"golden\"" }
        let data = try APIJSON.encode(Body(error: .init(code: code, message: message, field: field)))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static let unauthorized = APIError(
        .unauthorized, code: "unauthorized", "a valid API token is required (Authorization: Bearer …)")

    static func forbidden(_ role: Role, needs allowed: Set<Role>) -> APIError {
        APIError(
            .forbidden, code: "forbidden",
            "the role \(role.rawValue) may not do this; it needs \(allowed.sorted().map(\.rawValue).joined(separator: " or "))")
    }

    static func notFound(_ what: String) -> APIError {
        APIError(.notFound, code: "not_found", what)
    }

    static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(.badRequest, code: "invalid_request", message, field: field)
    }

    /// The API error for anything a handler or use case threw; `nil` for an unexpected error (a 500).
    /// The answer for any error: a known one as itself, anything else logged with its details and answered as a
    /// bare `internal` 500, so a client never sees SQL or a stack. The API and the pages both answer through it.
    static func answering(_ error: any Error, path: String, logger: Logger) -> APIError {
        if let mapped = from(error) { return mapped }
        logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(path)"])
        return APIError(.internalServerError, code: "internal", "internal error; the server log has the details")
    }

    static func from(_ error: any Error) -> APIError? {
        switch error {
        case let error as APIError:
            return error
        case let error as AccessControl.Refusal:
            let status: HTTPResponse.Status =
                switch error.code {
                case .userExists: .conflict
                case .unknownUser, .unknownToken: .notFound
                default: .unprocessableContent
                }
            return APIError(status, code: error.code.rawValue, error.message, field: error.field)
        case let error as SyncError where error.code == .invalidStewardAction:
            return APIError(.unprocessableContent, code: "invalid_action", error.message)
        case let error as StoreError where error.code == .invalidDecision:
            return APIError(.unprocessableContent, code: "invalid_action", error.message)
        case let error as SyncError where error.code == .locked:
            return APIError(.conflict, code: "locked", "a run holds the identity lock; try again shortly")
        case let error as HTTPError:
            return APIError(
                error.status, code: Self.code(for: error.status),
                error.status == .notFound ? "no such route" : (error.body ?? error.status.reasonPhrase))
        default:
            return nil
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .contentTooLarge: "body_too_large"
        case .badRequest: "invalid_request"
        default: status.code >= 500 ? "internal" : "invalid_request"
        }
    }
}

/// The JSON coders of the API: ISO 8601 dates, keys as declared (every key is written snake_case by hand, so
/// stored documents pass through with their own keys untouched).
enum APIJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// JSON, and never sniffed as anything else.
    static let headers: HTTPFields = [
        .contentType: "application/json; charset=utf-8", HTTPField.Name("X-Content-Type-Options")!: "nosniff",
    ]

    /// Encodes `value` with `<`, `>` and `&` written as `\u003c`, `\u003e` and `\u0026`.
    ///
    /// A company named `<script>…` then reads back exactly, yet its bytes can never close a `<script>` element or
    /// open markup if a page or a careless client embeds the response. Those three bytes only occur inside JSON
    /// strings (never in its structure), so replacing them byte by byte keeps the document valid.
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let data = try encoder.encode(value)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.count + 16)
        for byte in data {
            switch byte {
            case UInt8(ascii: "<"): bytes.append(contentsOf: Array("\\u003c".utf8))
            case UInt8(ascii: ">"): bytes.append(contentsOf: Array("\\u003e".utf8))
            case UInt8(ascii: "&"): bytes.append(contentsOf: Array("\\u0026".utf8))
            default: bytes.append(byte)
            }
        }
        return bytes
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
