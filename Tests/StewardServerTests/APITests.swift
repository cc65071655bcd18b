import Foundation
import GoldenStore
import GoldenTestSupport
import HTTPTypes
import Hummingbird
import Matching
import SyncEngine
import GoldenCore
import Connectors
import PostgresNIO
import StewardServer
import Testing

@Suite("REST API", .database)
struct APITests {
    // MARK: - Authentication and roles

    @Test("no token or an unknown token is 401 with a JSON error; a token of any role reads")
    func authentication() async throws {
        let h = try await APIHarness.make(seed: false)
        try await h.test { api in
            let anonymous = try await api.get("/api/v1/candidates", as: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.errorCode == "unauthorized")
            #expect(anonymous.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let forged = try await api.send(.get, "/api/v1/me", token: "golden_" + String(repeating: "0", count: 64))
            #expect(forged.status == .unauthorized)
            for role in Role.allCases {
                let me = try await api.get("/api/v1/me", as: role)
                #expect(me.status == .ok)
                #expect(me.json["role"] as? String == role.rawValue)
                #expect(me.json["login"] as? String == "api:\(role.rawValue)")
            }
        }
    }

    @Test("a revoked token, or one whose user is disabled, stops working at once")
    func revocation() async throws {
        let h = try await APIHarness.make(seed: false)
        try await h.test { api in
            #expect(try await api.get("/api/v1/me", as: .steward).status == .ok)
            try await h.access.revokeToken("steward", actor: "test")
            #expect(try await api.get("/api/v1/me", as: .steward).status == .unauthorized)

            #expect(try await api.get("/api/v1/me", as: .finance).status == .ok)
            try await h.access.disableUser(login: "api:finance", reason: "left", actor: "test")
            #expect(try await api.get("/api/v1/me", as: .finance).status == .unauthorized)
        }
        #expect(try await h.count("SELECT count(*) FROM audit_log WHERE action = 'token.revoke'") == 1)
        #expect(try await h.count("SELECT count(*) FROM audit_log WHERE action = 'user.disable'") == 1)
    }

    @Test("users: bcrypt password, a token only for a role the user holds, login refusals")
    func users() async throws {
        let h = try await APIHarness.make(seed: false)
        try await h.access.addUser(login: "anna", roles: [.steward], password: "correct horse battery", actor: "root")
        #expect(try await h.access.verifyPassword(login: "anna", password: "correct horse battery"))
        #expect(try await !h.access.verifyPassword(login: "anna", password: "wrong password!"))
        let stored = try await h.count("SELECT count(*) FROM users WHERE login = 'anna' AND password_hash LIKE '$2%'")
        #expect(stored == 1)
        await #expect(throws: AccessControl.Refusal.self) {
            try await h.access.addUser(login: "anna", roles: [.viewer], password: "another password", actor: "root")
        }
        await #expect(throws: AccessControl.Refusal.self) {
            try await h.access.createToken(role: .finance, name: nil, user: "anna", actor: "root")
        }
        let token = try await h.access.createToken(role: .steward, name: "anna-laptop", user: "anna", actor: "root")
        #expect(token.secret.hasPrefix("golden_"))
        // Only the digest is stored.
        #expect(try await h.count("SELECT count(*) FROM api_tokens WHERE position(\(token.secret) in name) > 0") == 0)
        try await h.test { api in
            let me = try await api.send(.get, "/api/v1/me", token: token.secret)
            #expect(me.json["login"] as? String == "anna")
        }
    }

    @Test("writes: stewards decide and split, finance confirms and decides proposals, viewers only read")
    func roleMatrix() async throws {
        let h = try await APIHarness.make()
        let pair = try await h.queue("a1", "c1", probability: 0.5)
        let gamma = try await h.golden("c1")
        let beta = try await h.golden("b1")
        try await h.test { api in
            let decision: [String: Any] = ["decision": "reject", "reason": "different companies"]
            let confirm: [String: Any] = ["reason": "checked against 1C"]
            for role in [Role.viewer, .finance] {
                let refused = try await api.post("/api/v1/candidates/\(pair)/decision", as: role, decision)
                #expect(refused.status == .forbidden, "\(role) must not decide")
                #expect(refused.errorCode == "forbidden")
            }
            for role in [Role.viewer, .steward] {
                let refused = try await api.post("/api/v1/golden/\(gamma)/confirm", as: role, confirm)
                #expect(refused.status == .forbidden, "\(role) must not confirm")
            }
            #expect(try await api.post("/api/v1/golden/\(gamma)/confirm", as: nil, confirm).status == .unauthorized)
            #expect(try await api.post("/api/v1/candidates/\(pair)/decision", as: .steward, decision).status == .ok)
            #expect(try await api.post("/api/v1/golden/\(gamma)/confirm", as: .finance, confirm).status == .ok)
            #expect(try await api.post("/api/v1/golden/\(beta)/confirm", as: .admin, confirm).status == .ok)
        }
        #expect(try await h.count("SELECT count(*) FROM steward_decisions WHERE kind = 'cannot_link'") == 1)
        #expect(try await h.count("SELECT count(*) FROM golden_records WHERE status = 'confirmed'") == 2)
        let audited = try await h.count(
            "SELECT count(*) FROM audit_log WHERE actor IN ('api:steward', 'api:finance', 'api:admin')")
        #expect(audited == 3)
    }

    // MARK: - Candidates

    @Test("the queue filters by entity, source and band, most uncertain first; detail explains; defer and approve")
    func candidates() async throws {
        let h = try await APIHarness.make()
        let certain = try await h.queue("a1", "c1", probability: 0.9)
        let uncertain = try await h.queue("b1", "c1", probability: 0.55)
        try await h.test { api in
            let queue = try await api.get("/api/v1/candidates?entity=organization&source=sf_a")
            #expect(queue.status == .ok)
            let ids = (queue.json["candidates"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(ids == [uncertain, certain])
            let band = try await api.get("/api/v1/candidates?min_probability=0.8&max_probability=1")
            #expect((band.json["candidates"] as? [[String: Any]])?.count == 1)
            let none = try await api.get("/api/v1/candidates?source=hubspot")
            #expect((none.json["candidates"] as? [[String: Any]])?.isEmpty == true)
            let badBand = try await api.get("/api/v1/candidates?min_probability=2")
            #expect(badBand.status == .badRequest)
            #expect(badBand.error?["field"] as? String == "min_probability")

            let detail = try await api.get("/api/v1/candidates/\(certain)")
            #expect(detail.status == .ok)
            #expect((detail.json["left"] as? [String: Any])?["ref"] as? String == "sf_a:a1")
            #expect(detail.json["explanation"] is [String: Any])
            // Either order names the same pair.
            let parts = certain.split(separator: ":")
            #expect(try await api.get("/api/v1/candidates/\(parts[1]):\(parts[0])").status == .ok)
            #expect(try await api.get("/api/v1/candidates/nonsense").status == .notFound)

            let invalid = try await api.post(
                "/api/v1/candidates/\(uncertain)/decision", as: .steward, ["decision": "maybe", "reason": "x"])
            #expect(invalid.status == .badRequest)
            #expect(invalid.error?["field"] as? String == "decision")
            let noReason = try await api.post("/api/v1/candidates/\(uncertain)/decision", as: .steward, ["decision": "defer"])
            #expect(noReason.error?["field"] as? String == "reason")
            let malformed = try await api.send(
                .post, "/api/v1/candidates/\(uncertain)/decision", as: .steward, body: "{not json")
            #expect(malformed.status == .badRequest)

            let deferred = try await api.post(
                "/api/v1/candidates/\(uncertain)/decision", as: .steward, ["decision": "defer", "reason": "ask sales"])
            #expect(deferred.json["status"] as? String == "deferred")
            let again = try await api.post(
                "/api/v1/candidates/\(uncertain)/decision", as: .steward, ["decision": "defer", "reason": "ask sales"])
            #expect(again.status == .conflict)
            let approved = try await api.post(
                "/api/v1/candidates/\(certain)/decision", as: .steward, ["decision": "approve", "reason": "same INN group"])
            #expect(approved.status == .ok)
            #expect(approved.json["status"] as? String == "approved")
            let after = try await api.get("/api/v1/candidates")
            #expect((after.json["candidates"] as? [[String: Any]])?.isEmpty == true)

            let audit = try await api.get("/api/v1/audit?actor=api:steward")
            let actions = (audit.json["entries"] as? [[String: Any]])?.compactMap { $0["action"] as? String }
            #expect(actions == ["decision.must_link", "candidate.defer"])
        }
        #expect(try await h.count("SELECT count(*) FROM steward_decisions WHERE kind = 'must_link'") == 1)
    }

    // MARK: - Golden records

    @Test("search finds by name in either script, by INN and by phone as people type it")
    func search() async throws {
        let h = try await APIHarness.make()
        let romashka = try await h.golden("a1").uuidString.lowercased()
        try await h.test { api in
            func found(_ query: String) async throws -> [String] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
                let response = try await api.get("/api/v1/golden?q=\(encoded)")
                #expect(response.status == .ok, "\(query)")
                return (response.json["results"] as? [[String: Any]])?.compactMap { $0["golden_id"] as? String } ?? []
            }
            let queries = ["Ромашка", "romashka", "РОМАШКА", APIHarness.rows[0].inn, "8 (495) 123-45-67", "+74951234567"]
            for query in queries {
                let ids = try await found(query)
                #expect(ids == [romashka], "\(query)")
            }
            let nothing = try await found("Nonexistent")
            #expect(nothing.isEmpty)
            #expect(try await api.get("/api/v1/golden").status == .badRequest)
        }
    }

    @Test("detail has values, lineage and members; a split mints a new record and shows in the history")
    func detailSplitHistory() async throws {
        let h = try await APIHarness.make()
        let golden = try await h.golden("a1")
        try await h.test { api in
            let detail = try await api.get("/api/v1/golden/\(golden)")
            #expect(detail.status == .ok)
            let members = (detail.json["members"] as? [[String: Any]])?.compactMap { $0["ref"] as? String }
            #expect(members?.sorted() == ["sf_a:a1", "sf_a:a2"])
            #expect((detail.json["attributes"] as? [String: Any])?["inn"] as? String == APIHarness.rows[0].inn)
            #expect((detail.json["lineage"] as? [String: Any])?["legal_name"] != nil)
            #expect(try await api.get("/api/v1/golden/\(UUID())").status == .notFound)
            #expect(try await api.get("/api/v1/golden/not-an-id").status == .notFound)

            let refused = try await api.post(
                "/api/v1/golden/\(golden)/split", as: .steward, ["records": ["sf_a:b1"], "reason": "wrong"])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.errorCode == "invalid_action")
            let split = try await api.post(
                "/api/v1/golden/\(golden)/split", as: .steward, ["records": ["sf_a:a2"], "reason": "a branch, not HQ"])
            #expect(split.status == .ok)
            let newID = try #require(split.json["new_golden_id"] as? String)
            #expect(try await h.golden("a2").uuidString.lowercased() == newID)

            let history = try await api.get("/api/v1/golden/\(golden)/history")
            let changes = (history.json["versions"] as? [[String: Any]])?.compactMap { $0["change"] as? String }
            #expect(changes?.contains("split") == true)
            let decisions = (history.json["decisions"] as? [[String: Any]])?.compactMap { $0["action"] as? String }
            #expect(decisions?.contains("decision.split") == true)
        }
    }

    @Test("override and unlock by a steward; proposals decided by finance")
    func valuesAndProposals() async throws {
        let h = try await APIHarness.make()
        let golden = try await h.golden("c1")
        try await h.test { api in
            let override = try await api.post(
                "/api/v1/golden/\(golden)/override", as: .steward,
                ["attribute": "phone", "value": "+7 812 555-00-00", "reason": "called them"])
            #expect(override.status == .ok)
            let unknown = try await api.post(
                "/api/v1/golden/\(golden)/override", as: .steward,
                ["attribute": "shoe_size", "value": "42", "reason": "why not"])
            #expect(unknown.status == .unprocessableContent)
            let unlock = try await api.post(
                "/api/v1/golden/\(golden)/unlock", as: .steward, ["attribute": "phone", "reason": "sources agree now"])
            #expect(unlock.status == .ok)

            #expect(try await api.post("/api/v1/golden/\(golden)/confirm", as: .finance, ["reason": "1C"]).status == .ok)
            let proposal = UUID()
            try await h.db.client.query(
                """
                INSERT INTO golden_proposals (proposal_id, golden_id, attribute, current_value, proposed_value, rule)
                VALUES (\(proposal), \(golden), 'legal_name', 'ООО Гамма', 'ООО Гамма Плюс', 'most_recent')
                """)
            let open = try await api.get("/api/v1/proposals")
            #expect((open.json["proposals"] as? [[String: Any]])?.count == 1)
            let body: [String: Any] = ["decision": "reject", "reason": "1C still says Гамма"]
            #expect(try await api.post("/api/v1/proposals/\(proposal)/decision", as: .steward, body).status == .forbidden)
            let decided = try await api.post("/api/v1/proposals/\(proposal)/decision", as: .finance, body)
            #expect(decided.status == .ok)
            #expect(decided.json["status"] as? String == "rejected")
            let twice = try await api.post("/api/v1/proposals/\(proposal)/decision", as: .finance, body)
            #expect(twice.status == .unprocessableContent)
        }
    }

    @Test("a company named <script>alert(1)</script> reads back exactly, with no markup byte in the body")
    func htmlInValues() async throws {
        let h = try await APIHarness.make()
        let golden = try await h.golden("b1")
        try await h.test { api in
            for uri in ["/api/v1/golden/\(golden)", "/api/v1/golden?q=script%20alert", "/api/v1/golden/\(golden)/history"] {
                let response = try await api.get(uri)
                #expect(response.status == .ok, "\(uri)")
                #expect(!response.text.contains("<"), "\(uri)")
                #expect(!response.text.contains(">"), "\(uri)")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            }
            let detail = try await api.get("/api/v1/golden/\(golden)")
            #expect(strings(in: detail.json).contains("<script>alert(1)</script>"))
        }
    }

    // MARK: - Operations and errors

    @Test("quality counts and the audit log; unknown routes and internal failures answer JSON errors")
    func operations() async throws {
        let h = try await APIHarness.make()
        try await h.test { api in
            let quality = try await api.get("/api/v1/quality")
            #expect(quality.status == .ok)
            let golden = (quality.json["golden"] as? [[String: Any]]) ?? []
            #expect(golden.compactMap { $0["count"] as? Int }.reduce(0, +) == 3)
            #expect((quality.json["records_per_golden"] as? [String: Any])?["organization"] != nil)

            let audit = try await api.get("/api/v1/audit?action=token.&limit=2")
            #expect(audit.status == .ok)
            #expect((audit.json["entries"] as? [[String: Any]])?.count == 2)
            #expect(audit.json["next"] is String)
            #expect(try await api.get("/api/v1/audit?before=yesterday").status == .badRequest)

            let missing = try await api.get("/api/v1/no-such-thing")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
        }
        // The store going away mid-flight is a 500 that says nothing about SQL.
        try await h.db.client.query("DROP TABLE golden_proposals")
        try await h.test { api in
            let broken = try await api.get("/api/v1/proposals")
            #expect(broken.status == .internalServerError)
            #expect(broken.errorCode == "internal")
            #expect(!broken.text.lowercased().contains("golden_proposals"))
            #expect(!broken.text.lowercased().contains("relation"))
        }
    }
}

@Suite("Search-before-create", .database)
struct MatchPreviewTests {
    @Test("POST /match stores nothing and gives the probability and decision the next run computes for the pair")
    func agreesWithRun() async throws {
        let h = try await APIHarness.make()
        let romashka = try await h.golden("a1")
        let first = APIHarness.rows[0]
        let before = try await h.count("SELECT count(*) FROM source_records")
        let (status, json) = try await h.test { api in
            let response = try await api.post(
                "/api/v1/match", as: .viewer,
                [
                    "entity": "organization", "source": "sf_a",
                    "attributes": ["legal_name": first.name, "inn": first.inn, "kpp": "770101001", "phone": first.phone],
                ])
            return (response.status, response.text)
        }
        let response = APIResponse(
            status: status, headers: [:], text: json,
            json: (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:])
        #expect(response.status == .ok)
        #expect(try await h.count("SELECT count(*) FROM source_records") == before)
        let matches = try #require(response.json["matches"] as? [[String: Any]])
        let top = try #require(matches.first)
        #expect(top["golden_id"] as? String == romashka.uuidString.lowercased())
        let probability = try #require(top["probability"] as? Double)
        let decision = try #require(top["decision"] as? String)
        let best = try #require(top["best_record"] as? String)
        #expect(top["explanation"] is [String: Any])

        // The CRM creates the record anyway: the run puts it in the same golden record, with the same score.
        try await APIHarness.seed(h.db, rows: APIHarness.rows + [("x1", first.name, first.inn, first.phone)])
        #expect(try await h.golden("x1") == romashka)
        let standardizer = RecordStandardizer(
            standardizers: try ReferenceData.standardizers(
                mappingsDirectory: repositoryRoot.appendingPathComponent("mappings")))
        let outcomes = try await MatchJob(database: h.db.database, standardizer: standardizer, logger: h.db.logger)
            .run(entities: [.organization])
        let bestKey = String(best.split(separator: ":", maxSplits: 1)[1])
        let result = try #require(outcomes.first?.result)
        let explanation = try #require(
            result.explain("sf_a/x1", "sf_a/\(bestKey)") ?? result.explain("sf_a/\(bestKey)", "sf_a/x1"))
        #expect(abs(explanation.probability - probability) < 1e-6)  // weights are Float sums
        #expect(explanation.decision.rawValue == decision)
    }

    @Test("an unrelated candidate finds nothing; no stored model is a 409; a candidate needs an identifying field")
    func edges() async throws {
        let empty = try await APIHarness.make(seed: false)
        try await empty.test { api in
            let noModel = try await api.post(
                "/api/v1/match", as: .viewer, ["entity": "organization", "attributes": ["legal_name": "ООО Ромашка"]])
            #expect(noModel.status == .conflict)
            #expect(noModel.errorCode == "no_model")
            let nothing = try await api.post(
                "/api/v1/match", as: .viewer, ["entity": "organization", "attributes": ["website": "example.com"]])
            #expect(nothing.status == .badRequest)
            #expect(nothing.error?["field"] as? String == "attributes")
            let wrong = try await api.post("/api/v1/match", as: .viewer, ["entity": "planet", "attributes": [:]])
            #expect(wrong.error?["field"] as? String == "entity")
        }
        try await APIHarness.seed(empty.db)
        try await empty.test { api in
            let unrelated = try await api.post(
                "/api/v1/match", as: .viewer,
                ["entity": "organization", "attributes": ["legal_name": "Совсем Другая Компания", "inn": companyINN(123_456_789)]])
            #expect(unrelated.status == .ok)
            #expect((unrelated.json["matches"] as? [[String: Any]])?.isEmpty == true)
        }
        // A new server: its concurrent first requests share one load of the model and all answer alike.
        try await empty.test { api in
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        let response = try await api.post(
                            "/api/v1/match", as: .viewer,
                            ["entity": "organization", "attributes": ["inn": APIHarness.rows[0].inn]])
                        let first = (response.json["matches"] as? [[String: Any]])?.first
                        return "\(response.status.code) \(first?["golden_id"] as? String ?? "-")"
                    }
                }
                var answers: Set<String> = []
                for try await answer in group { answers.insert(answer) }
                return answers
            }
            #expect(answers.count == 1)
            #expect(answers.first?.hasPrefix("200 ") == true)
        }
    }
}
