import Foundation
import GoldenTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StewardServer
import Testing
import Yams

/// The hand-written OpenAPI document and the router cannot drift: every route under `/api/v1` is a path of the
/// document with the same methods, and every path and method of the document is served.
@Suite("OpenAPI agreement", .database)
struct OpenAPIAgreementTests {
    /// `/api/v1/golden/:id` → `/golden/{id}`.
    static func documentPath(_ routerPath: String) -> String {
        let relative = routerPath.hasPrefix("/api/v1") ? String(routerPath.dropFirst("/api/v1".count)) : routerPath
        return relative.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.reduce("") { $0 + "/" + $1 }
    }

    @Test("every served route is documented and every documented operation is served")
    func agreement() async throws {
        let h = try await APIHarness.make(seed: false)
        let router = h.router()
        var served: Set<String> = []
        for route in router.routes where route.path.description.hasPrefix("/api/v1") {
            served.insert("\(route.method.rawValue) \(Self.documentPath(route.path.description))")
        }
        #expect(served.count >= 17)

        let app = Application(router: router)
        let document = try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
                return String(buffer: response.body)
            }
        }
        let parsed = try #require(try Yams.load(yaml: document) as? [String: Any])
        #expect(parsed["openapi"] as? String == "3.1.0")
        let servers = parsed["servers"] as? [[String: Any]]
        #expect(servers?.first?["url"] as? String == "/api/v1")
        let paths = try #require(parsed["paths"] as? [String: Any])
        var documented: Set<String> = []
        for (path, item) in paths {
            for method in ((item as? [String: Any]) ?? [:]).keys
            where ["get", "post", "put", "patch", "delete"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented))")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served))")
    }

    @Test("router paths map to document paths")
    func pathMapping() {
        #expect(Self.documentPath("/api/v1/golden/:id/history") == "/golden/{id}/history")
        #expect(Self.documentPath("/api/v1/candidates") == "/candidates")
    }
}
