import Foundation
import GoldenCore
import HTTPTypes
import Hummingbird
import NIOCore

extension Request {
    /// Decodes a JSON body; a malformed body or a missing or mistyped field answers 400 naming the field.
    ///
    /// - Parameter ifEmpty: the value of an empty body, for a route whose body is optional; without it an empty
    ///   body is refused like a malformed one.
    func decodeBody<T: Decodable>(_ type: T.Type, context: APIRequestContext, ifEmpty: T? = nil) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", "the body is larger than 256 KiB")
        }
        if let ifEmpty, buffer.readableBytesView.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return ifEmpty
        }
        do {
            return try APIJSON.decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, decodingContext) {
            let path = (decodingContext.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            throw APIError.invalid(path, "'\(path)' is required")
        } catch let DecodingError.typeMismatch(_, decodingContext), let DecodingError.valueNotFound(_, decodingContext) {
            let path = decodingContext.codingPath.map(\.stringValue).joined(separator: ".")
            throw APIError.invalid(path, "'\(path)' has the wrong type")
        } catch let DecodingError.dataCorrupted(decodingContext) {
            let path = decodingContext.codingPath.map(\.stringValue).joined(separator: ".")
            if path.isEmpty { throw APIError.invalid("body", "the body is not a JSON object") }
            throw APIError.invalid(path, "'\(path)' is not valid")
        } catch {
            throw APIError.invalid("body", "the body is not a JSON object")
        }
    }
}

extension APIRequestContext {
    /// The principal; routes reach here only through ``RequireRole``.
    var principal: Principal {
        get throws {
            guard let identity else { throw APIError.unauthorized }
            return identity
        }
    }

    /// A UUID path parameter, or 404.
    func uuid(_ name: String, _ what: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else {
            throw APIError.notFound("\(what) '\(parameters.get(name) ?? "")' is not an id")
        }
        return id
    }
}

extension Request {
    /// A query parameter, trimmed; empty counts as absent.
    func query(_ name: String) -> String? {
        guard let value = uri.queryParameters.get(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// Whether the parameter is in the query at all, even empty: `limit=` is a malformed number, not "no limit".
    func hasQuery(_ name: String) -> Bool {
        uri.queryParameters.get(name) != nil
    }

    func queryInt(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = query(name) else {
            guard !hasQuery(name) else {
                throw APIError.invalid(name, "'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.invalid(name, "'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func queryDouble(_ name: String, range: ClosedRange<Double>) throws -> Double? {
        guard let text = query(name) else {
            guard !hasQuery(name) else {
                throw APIError.invalid(name, "'\(name)' must be a number from \(range.lowerBound) to \(range.upperBound)")
            }
            return nil
        }
        guard let number = Double(text), range.contains(number) else {
            throw APIError.invalid(name, "'\(name)' must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}

/// A written reason: every write names one.
func requireReason(_ reason: String?) throws -> String {
    guard let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty else {
        throw APIError.invalid("reason", "a reason is required")
    }
    guard reason.unicodeScalars.count <= 2000 else { throw APIError.invalid("reason", "a reason has at most 2000 characters") }
    return reason
}

/// A reason a write may give; when given, it obeys the same limits as a required one.
func optionalReason(_ reason: String?) throws -> String? {
    guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
    return try requireReason(reason)
}

/// `SOURCE:KEY` as the API and the CLI write a source record.
func sourceRecordRef(_ text: String, field: String) throws -> SourceRecordRef {
    guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, colon != text.index(before: text.endIndex)
    else { throw APIError.invalid(field, "records are written SOURCE:KEY (got '\(text)')") }
    return SourceRecordRef(source: String(text[..<colon]), id: String(text[text.index(after: colon)...]))
}
