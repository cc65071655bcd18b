import Foundation
import GoldenStore
import GoldenTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing

@testable import StewardServer

/// The pages' security in-process: sessions, CSRF, roles on writes, the login throttle and escaping. The pages
/// themselves are driven in a real browser by tests/browser.
@Suite("Web pages", .database)
struct WebTests {
    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let text: String
    }

    static func send(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, cookie: String? = nil,
        form: [(String, String)]? = nil, bearer: String? = nil, loginToken: String? = nil
    ) async throws -> Page {
        var headers: HTTPFields = [:]
        let cookies = [cookie.map { "\(SessionCookie.name)=\($0)" }, loginToken.map { "\(LoginCookie.name)=\($0)" }]
            .compactMap { $0 }
        if !cookies.isEmpty { headers[.cookie] = cookies.joined(separator: "; ") }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Page(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    /// Posts the sign-in form as a browser does: the login page first, for its token (in the form and a cookie).
    static func signIn(_ client: some TestClientProtocol, _ login: String, _ password: String) async throws -> Page {
        let page = try await send(client, .get, "/login")
        let token = try #require(
            page.text.range(of: #"name="_login" value="([0-9a-z_]+)""#, options: .regularExpression).map {
                String(page.text[$0].split(separator: "\"")[3])
            })
        return try await send(
            client, .post, "/login", form: [("login", login), ("password", password), ("_login", token)],
            loginToken: token)
    }

    /// Logs `login` in through the form and returns the session cookie's value.
    static func login(_ client: some TestClientProtocol, _ login: String, _ password: String) async throws -> String? {
        let page = try await signIn(client, login, password)
        guard page.status == .seeOther else { return nil }
        let prefix = SessionCookie.name + "="
        return page.headers[values: .setCookie].first { $0.hasPrefix(prefix) }
            .flatMap { $0.split(separator: ";").first.map { String($0.dropFirst(prefix.count)) } }
    }

    static func csrf(_ page: String) -> String? {
        guard let range = page.range(of: #"name="csrf-token" content="([0-9a-f]+)""#, options: .regularExpression)
        else { return nil }
        return page[range].split(separator: "\"").dropFirst(3).first.map(String.init)
    }

    @Test("a session starts with the password, works on pages only, and ends at logout")
    func sessions() async throws {
        let h = try await APIHarness.make()
        _ = try await h.access.addUser(login: "anna", roles: [.steward], password: "a long password 1", actor: "test")
        try await h.test { api in
            let client = api.client
            let anonymous = try await Self.send(client, .get, "/review")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/login?next=%2Freview")
            let wrong = try await Self.signIn(client, "anna", "nope")
            #expect(wrong.status == .unauthorized)
            #expect(!wrong.headers[values: .setCookie].contains { $0.hasPrefix(SessionCookie.name + "=") })
            // A sign-in without the login page's token (a form posted from another site) is refused.
            let forged = try await Self.send(
                client, .post, "/login", form: [("login", "anna"), ("password", "a long password 1")])
            #expect(forged.status == .forbidden)
            #expect(!forged.headers[values: .setCookie].contains { $0.hasPrefix(SessionCookie.name + "=") })
            let cookie = try #require(try await Self.login(client, "anna", "a long password 1"))
            let review = try await Self.send(client, .get, "/review", cookie: cookie)
            #expect(review.status == .ok)
            #expect(review.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            // The cookie is not a bearer token of the API.
            #expect(try await Self.send(client, .get, "/api/v1/me", bearer: cookie).status == .unauthorized)
            let token = try #require(Self.csrf(review.text))
            let out = try await Self.send(client, .post, "/logout", cookie: cookie, form: [("_csrf", token)])
            #expect(out.status == .seeOther)
            #expect(try await Self.send(client, .get, "/review", cookie: cookie).status == .seeOther)
        }
    }

    @Test("a write needs the session's CSRF token and a role that may do it")
    func csrfAndRoles() async throws {
        let h = try await APIHarness.make()
        _ = try await h.access.addUser(login: "sam", roles: [.steward], password: "a long password 2", actor: "test")
        _ = try await h.access.addUser(login: "vic", roles: [.viewer], password: "a long password 3", actor: "test")
        var goldenIDs: [UUID] = []
        for try await id in try await h.db.client.query("SELECT golden_id FROM golden_records WHERE state = 'active' ORDER BY golden_id LIMIT 1").decode(UUID.self) { goldenIDs.append(id) }
        let golden = try #require(goldenIDs.first)
        try await h.test { api in
            let client = api.client
            let steward = try #require(try await Self.login(client, "sam", "a long password 2"))
            let viewer = try #require(try await Self.login(client, "vic", "a long password 3"))
            let stewardToken = try #require(Self.csrf(try await Self.send(client, .get, "/search", cookie: steward).text))
            let viewerToken = try #require(Self.csrf(try await Self.send(client, .get, "/search", cookie: viewer).text))
            #expect(stewardToken != viewerToken)
            let path = "/golden/\(golden.uuidString.lowercased())/override"
            let fields = [("attribute", "website"), ("value", "example.org"), ("reason", "checked")]
            let missing = try await Self.send(client, .post, path, cookie: steward, form: fields)
            #expect(missing.status == .forbidden)
            let foreign = try await Self.send(client, .post, path, cookie: steward, form: fields + [("_csrf", viewerToken)])
            #expect(foreign.status == .forbidden)
            let byViewer = try await Self.send(client, .post, path, cookie: viewer, form: fields + [("_csrf", viewerToken)])
            #expect(byViewer.status == .forbidden)
            let page = try await Self.send(client, .get, "/golden/\(golden.uuidString.lowercased())", cookie: viewer)
            #expect(!page.text.contains("/override\""), "a viewer's page has no override form")
            let done = try await Self.send(client, .post, path, cookie: steward, form: fields + [("_csrf", stewardToken)])
            #expect(done.status == .seeOther)
            #expect(try await h.count("SELECT count(*) FROM steward_decisions WHERE kind = 'override'") == 1)
        }
    }

    @Test("five wrong passwords lock a login for the window, even with the right one after")
    func throttle() async throws {
        let h = try await APIHarness.make(seed: false)
        _ = try await h.access.addUser(login: "tim", roles: [.viewer], password: "a long password 4", actor: "test")
        try await h.test { api in
            for _ in 0..<LoginThrottle.limit {
                let wrong = try await Self.signIn(api.client, "tim", "x")
                #expect(wrong.status == .unauthorized)
            }
            let locked = try await Self.signIn(api.client, "tim", "a long password 4")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter] != nil)
        }
    }

    @Test("data on pages is escaped: a hostile company name shows as text")
    func escaping() async throws {
        let h = try await APIHarness.make()
        _ = try await h.access.addUser(login: "eve", roles: [.viewer], password: "a long password 5", actor: "test")
        try await h.test { api in
            let cookie = try #require(try await Self.login(api.client, "eve", "a long password 5"))
            let inn = APIHarness.rows[2].inn
            let results = try await Self.send(api.client, .get, "/search/results?q=\(inn)", cookie: cookie)
            #expect(results.status == .ok)
            #expect(results.text.contains("/golden/"), "the search finds the record")
            #expect(!results.text.contains("<script>"))
        }
    }

    @Test("members link into their system through the source's record_url, and only over http(s)")
    func recordLinks() async throws {
        let h = try await APIHarness.make()
        try await SourceRepository(database: h.db.database).register(
            name: "sf_a", kind: "csv", recordURL: "https://acme.example/r/{key}/view")
        _ = try await h.access.addUser(login: "lea", roles: [.viewer], password: "a long password 6", actor: "test")
        var goldenIDs: [UUID] = []
        for try await id in try await h.db.client.query(
            "SELECT golden_id FROM golden_records WHERE state = 'active' ORDER BY golden_id LIMIT 1"
        ).decode(UUID.self) { goldenIDs.append(id) }
        let golden = try #require(goldenIDs.first)
        try await h.test { api in
            let cookie = try #require(try await Self.login(api.client, "lea", "a long password 6"))
            let page = try await Self.send(api.client, .get, "/golden/\(golden.uuidString.lowercased())", cookie: cookie)
            #expect(page.text.contains("href=\"https://acme.example/r/"), "a member links to its record")
        }
        #expect(GoldenPage.recordURL("javascript:alert(1)//{key}", key: "a") == nil)
        #expect(GoldenPage.recordURL("https://x.example/{key}", key: "a b/c") == "https://x.example/a%20b%2Fc")
    }

    @Test("the throttle counts per login and per address; a success clears only the login")
    func throttlePerAddress() async {
        let throttle = LoginThrottle()
        let start = Date(timeIntervalSince1970: 1_000_000)
        for index in 0..<LoginThrottle.addressLimit {
            await throttle.failed("user\(index)", address: "10.0.0.1", at: start)
        }
        #expect(await throttle.retryAfter("someone-else", address: "10.0.0.1", now: start) != nil)
        #expect(await throttle.retryAfter("someone-else", address: "10.0.0.2", now: start) == nil)
        await throttle.succeeded("user1")
        #expect(await throttle.retryAfter("user1", address: "10.0.0.1", now: start) != nil)
        #expect(await throttle.retryAfter("user1", address: "10.0.0.2", now: start) == nil)
        #expect(await throttle.retryAfter("someone-else", address: "10.0.0.1", now: start + LoginThrottle.window) == nil)
    }

    @Test("/metrics reports golden records, the review queue and the outbox from the store, in Prometheus text")
    func metrics() async throws {
        let h = try await APIHarness.make()
        let active = try await h.count("SELECT count(*) FROM golden_records WHERE state = 'active'")
        try await h.test { api in
            let page = try await Self.send(api.client, .get, "/metrics")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/plain") == true)
            let lines = page.text.split(separator: "\n").filter { $0.hasPrefix("golden_records{") }
            let total = lines.compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
            #expect(Int(total) == active, "the golden record gauges add up to the store's active records")
            #expect(page.text.contains("golden_review_queue "))
            #expect(page.text.contains("# TYPE golden_records gauge"))
        }
    }

    @Test("forms: repeated fields, plus as space; a login's next is a local path only")
    func forms() {
        let form = WebForm(text: "records=sf%3A1&records=hs%3A2&reason=two+words&_csrf=ab")
        #expect(form.all("records") == ["sf:1", "hs:2"])
        #expect(form.first("reason") == "two words")
        #expect(WebPages.safeNext("/golden/1?x=2") == "/golden/1?x=2")
        for hostile in ["//evil.example", "https://evil.example", "/\\evil", nil] {
            #expect(WebPages.safeNext(hostile) == "/")
        }
        #expect(SVGChart.histogram([1, 2], thresholds: [("<b>", 0.5)]).contains("&lt;b&gt;"))
    }
}
