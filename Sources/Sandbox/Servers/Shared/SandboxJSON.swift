import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// JSON in and out of the sandbox servers, with the garbled page the fault plan asks for.
enum SandboxJSON {
    static func response(
        _ value: GeneratedValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], truncate: Bool = false
    ) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(value)) ?? Data("null".utf8)
        if truncate { data = data.prefix(data.count / 2) }
        var fields = headers
        fields[.contentType] = "application/json;charset=UTF-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The request body as a value; `nil` when it is not JSON.
    static func body(of request: Request) async -> GeneratedValue? {
        guard let buffer = try? await request.body.collect(upTo: 64 * 1024 * 1024) else { return nil }
        return try? JSONDecoder().decode(GeneratedValue.self, from: Data(buffer.readableBytesView))
    }
}
