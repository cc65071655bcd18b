import Foundation
import GoldenStore
import GoldenTestSupport
import HTTPTypes
import Hummingbird
import PostgresNIO
import StewardServer
import Testing

/// The operations routes: sources and their runs, parked outbox deltas and their retry, the quarantine and rejected
/// file rows. Each answers what was put in the store.
@Suite("Operations API", .database)
struct OperationsAPITests {
    @Test("sources: every source with its kind and its runs, newest first; a source that never ran has none")
    func sources() async throws {
        let h = try await APIHarness.make()
        try await h.db.client.query("INSERT INTO sources (name, kind) VALUES ('crm_b', 'postgres')")
        let runs = RunRepository(database: h.db.database)
        let failed = try await runs.start(.import)
        try await runs.recordSource(
            run: failed, source: "sf_a", counts: LandingCounts(received: 7, newVersions: 2, quarantined: 1, echoes: 4),
            pushed: 3, pushFailed: 1, error: "file vanished")
        try await runs.finish(run: failed, outcome: .failed, countsJSON: "{}", error: "one source failed")

        try await h.test { api in
            let answer = try await api.get("/api/v1/sources")
            #expect(answer.status == .ok)
            let sources = try #require(answer.json["sources"] as? [[String: Any]])
            #expect(sources.compactMap { $0["name"] as? String } == ["crm_b", "sf_a"])
            #expect(sources[0]["kind"] as? String == "postgres")
            #expect((sources[0]["runs"] as? [Any])?.isEmpty == true)
            #expect(sources[1]["kind"] as? String == "csv")
            let sfRuns = try #require(sources[1]["runs"] as? [[String: Any]])
            #expect(sfRuns.count == 2)  // the landing of the harness, then ours
            let newest = sfRuns[0]
            #expect(newest["run_id"] as? String == failed.uuidString.lowercased())
            #expect(newest["kind"] as? String == "import")
            #expect(newest["outcome"] as? String == "failed")
            #expect(newest["pulled"] as? Int == 7)
            #expect(newest["new_versions"] as? Int == 2)
            #expect(newest["echoes"] as? Int == 4)
            #expect(newest["quarantined"] as? Int == 1)
            #expect(newest["pushed"] as? Int == 3)
            #expect(newest["push_failed"] as? Int == 1)
            #expect(newest["error"] as? String == "file vanished")
            #expect(newest["run_error"] as? String == "one source failed")
            #expect(newest["finished_at"] is String)
            #expect(sfRuns[1]["outcome"] as? String == "succeeded")
            #expect(sfRuns[1]["pulled"] as? Int == APIHarness.rows.count)

            let one = try await api.get("/api/v1/sources?runs=1")
            let limited = try #require(one.json["sources"] as? [[String: Any]])
            #expect((limited[1]["runs"] as? [Any])?.count == 1)
            #expect(try await api.get("/api/v1/sources?runs=0").status == .badRequest)
            #expect(try await api.get("/api/v1/sources", as: nil).status == .unauthorized)
        }
    }

    @Test("parked deltas with their errors; a viewer may not retry; a steward's retry makes them pending, audited")
    func parkedAndRetry() async throws {
        let h = try await APIHarness.make()
        let golden = try await h.golden("a1")
        for (key, version) in [("a1", 1), ("c1", 1)] {
            try await h.db.client.query(
                """
                INSERT INTO outbox
                    (source_record_id, golden_id, golden_version, source, delta, state, attempts, last_error)
                VALUES (\(h.id(key)), \(golden), \(version), 'sf_a', '{"inn":"1"}'::jsonb, 'dead', 8,
                        \("422 INN__c: <invalid> for " + key))
                """)
        }

        try await h.test { api in
            let answer = try await api.get("/api/v1/outbox/parked")
            #expect(answer.status == .ok)
            let parked = try #require(answer.json["parked"] as? [[String: Any]])
            #expect(Set(parked.compactMap { $0["source_key"] as? String }) == ["a1", "c1"])
            let a1 = try #require(parked.first { $0["source_key"] as? String == "a1" })
            #expect(a1["source"] as? String == "sf_a")
            #expect(a1["golden_id"] as? String == golden.uuidString.lowercased())
            #expect(a1["golden_version"] as? Int == 1)
            #expect(a1["error"] as? String == "422 INN__c: <invalid> for a1")
            #expect(!answer.text.contains("<invalid>"))  // escaped like every response
            #expect((try await api.get("/api/v1/outbox/parked?limit=1").json["parked"] as? [Any])?.count == 1)
            #expect((try await api.get("/api/v1/outbox/parked?source=crm_b").json["parked"] as? [Any])?.isEmpty == true)

            for role in [Role.viewer, .finance] {
                let refused = try await api.post("/api/v1/outbox/retry", as: role, [:])
                #expect(refused.status == .forbidden, "\(role) must not retry")
                #expect(refused.errorCode == "forbidden")
            }
            #expect(try await api.post("/api/v1/outbox/retry", as: nil, [:]).status == .unauthorized)
            #expect(try await h.count("SELECT count(*) FROM outbox WHERE state = 'dead'") == 2)

            // Another source's retry touches nothing here.
            let none = try await api.post("/api/v1/outbox/retry", as: .steward, ["source": "crm_b"])
            #expect(none.status == .ok)
            #expect(none.json["retried"] as? Int == 0)

            let retried = try await api.post(
                "/api/v1/outbox/retry", as: .steward, ["source": "sf_a", "reason": "INN fixed"])
            #expect(retried.status == .ok)
            #expect(retried.json["retried"] as? Int == 2)
            #expect(retried.json["source"] as? String == "sf_a")
            #expect((try await api.get("/api/v1/outbox/parked").json["parked"] as? [Any])?.isEmpty == true)
        }
        #expect(try await h.count("SELECT count(*) FROM outbox WHERE state = 'pending' AND attempts = 0") == 2)
        #expect(try await h.count("SELECT count(*) FROM outbox WHERE state = 'dead'") == 0)
        let audited = try await h.count(
            """
            SELECT count(*) FROM audit_log WHERE action = 'outbox.retry' AND actor = 'api:steward' AND subject = 'sf_a'
              AND details->>'retried' = '2' AND details->>'reason' = 'INN fixed'
            """)
        #expect(audited == 1)
        // A retry that found nothing changed nothing and is not in the log.
        #expect(try await h.count("SELECT count(*) FROM audit_log WHERE action = 'outbox.retry'") == 1)
    }

    @Test("retry without a body retries every source; an admin may retry; a bad body is a 400")
    func retryBodies() async throws {
        let h = try await APIHarness.make()
        let golden = try await h.golden("b1")
        try await h.db.client.query(
            """
            INSERT INTO outbox (source_record_id, golden_id, golden_version, source, delta, state, last_error)
            VALUES (\(h.id("b1")), \(golden), 1, 'sf_a', '{}'::jsonb, 'dead', 'refused')
            """)
        try await h.test { api in
            let bad = try await api.send(.post, "/api/v1/outbox/retry", as: .admin, body: "{\"source\": 5}")
            #expect(bad.status == .badRequest)
            #expect(bad.error?["field"] as? String == "source")
            let blank = try await api.post("/api/v1/outbox/retry", as: .admin, ["source": " "])
            #expect(blank.status == .badRequest)
            #expect(blank.error?["field"] as? String == "source")
            let bare = try await api.send(.post, "/api/v1/outbox/retry", as: .admin)
            #expect(bare.status == .ok)
            #expect(bare.json["retried"] as? Int == 1)
            #expect(bare.json["source"] == nil)
        }
        #expect(try await h.count("SELECT count(*) FROM outbox WHERE state = 'pending'") == 1)
        #expect(
            try await h.count(
                """
                SELECT count(*) FROM audit_log WHERE action = 'outbox.retry' AND actor = 'api:admin' AND subject IS NULL
                """)
                == 1)
    }

    @Test("quarantine: open values newest first, by source, paged; resolved ones are gone")
    func quarantine() async throws {
        let h = try await APIHarness.make()
        try await h.db.client.query("INSERT INTO sources (name, kind) VALUES ('crm_b', 'postgres')")
        let before = try await h.count("SELECT count(*) FROM quarantine WHERE resolved_at IS NULL")
        for (key, field, raw, at) in [
            ("a1", "email", "not-an-email", "2030-01-01T00:00:01Z"),
            ("c1", "inn", "<b>123</b>", "2030-01-01T00:00:02Z"),
            ("b1", "phone", "12", "2030-01-01T00:00:03Z"),
        ] {
            try await h.db.client.query(
                """
                INSERT INTO quarantine (source_record_id, version, field, raw_value, reason_code, reason, created_at,
                                        resolved_at)
                VALUES (\(h.id(key)), 1, \(field), \(raw), \(field + ".bad"), \("bad " + field), \(at)::timestamptz,
                        \(key == "b1" ? "2030-01-02T00:00:00Z" : nil)::timestamptz)
                """)
        }
        try await h.test { api in
            let answer = try await api.get("/api/v1/quarantine")
            #expect(answer.status == .ok)
            let values = try #require(answer.json["quarantine"] as? [[String: Any]])
            #expect(values.count == before + 2)
            #expect(values.prefix(2).compactMap { $0["source_key"] as? String } == ["c1", "a1"])
            let c1 = values[0]
            #expect(c1["source"] as? String == "sf_a")
            #expect(c1["source_record_id"] as? String == h.id("c1").uuidString.lowercased())
            #expect(c1["version"] as? Int == 1)
            #expect(c1["field"] as? String == "inn")
            #expect(c1["raw_value"] as? String == "<b>123</b>")
            #expect(c1["reason_code"] as? String == "inn.bad")
            #expect(c1["reason"] as? String == "bad inn")
            #expect(c1["created_at"] as? String == "2030-01-01T00:00:02Z")
            #expect(!answer.text.contains("<b>"))

            let page = try #require(
                try await api.get("/api/v1/quarantine?limit=1").json["quarantine"] as? [[String: Any]])
            #expect(page.compactMap { $0["source_key"] as? String } == ["c1"])
            let other = try await api.get("/api/v1/quarantine?source=crm_b")
            #expect((other.json["quarantine"] as? [Any])?.isEmpty == true)
            #expect(
                (try await api.get("/api/v1/quarantine?source=sf_a").json["quarantine"] as? [Any])?.count == before + 2)
            let tooMany = try await api.get("/api/v1/quarantine?limit=1001")
            #expect(tooMany.status == .badRequest)
            #expect(tooMany.error?["field"] as? String == "limit")
        }
    }

    @Test("rejected rows: open rows newest first, by source, text or base64 bytes")
    func rejectedRows() async throws {
        let h = try await APIHarness.make()
        try await h.db.client.query("INSERT INTO sources (name, kind) VALUES ('crm_b', 'csv')")
        let rows: [(UUID, String, String, Int, String?, [UInt8], String, String?)] = [
            (UUID(), "sf_a", "a.csv", 3, "x,\"y", Array("x,\"y".utf8), "2030-01-01T00:00:01Z", nil),
            (UUID(), "sf_a", "a.csv", 9, nil, [0xFF, 0xFE, 0x41], "2030-01-01T00:00:02Z", nil),
            (UUID(), "crm_b", "b.csv", 2, "1,2,3", Array("1,2,3".utf8), "2030-01-01T00:00:03Z", nil),
            (UUID(), "sf_a", "a.csv", 4, "old", Array("old".utf8), "2030-01-01T00:00:04Z", "2030-01-05T00:00:00Z"),
        ]
        for (id, source, file, line, text, bytes, at, resolved) in rows {
            try await h.db.client.query(
                """
                INSERT INTO rejected_rows
                    (rejected_row_id, source, file, line, reason_code, reason, raw_text, raw_bytes, created_at,
                     resolved_at)
                VALUES (\(id), \(source), \(file), \(line), 'row.column_count', \("line \(line) is short"), \(text),
                        \(ByteBuffer(bytes: bytes)), \(at)::timestamptz, \(resolved)::timestamptz)
                """)
        }
        try await h.test { api in
            let answer = try await api.get("/api/v1/rejected-rows")
            #expect(answer.status == .ok)
            let found = try #require(answer.json["rejected_rows"] as? [[String: Any]])
            let newestFirst = [2, 1, 0].map { rows[$0].0.uuidString.lowercased() }
            #expect(found.compactMap { $0["rejected_row_id"] as? String } == newestFirst)
            let binary = found[1]
            #expect(binary["source"] as? String == "sf_a")
            #expect(binary["file"] as? String == "a.csv")
            #expect(binary["line"] as? Int == 9)
            #expect(binary["reason_code"] as? String == "row.column_count")
            #expect(binary["reason"] as? String == "line 9 is short")
            #expect(binary["raw_text"] == nil)
            #expect(binary["raw_base64"] as? String == Data([0xFF, 0xFE, 0x41]).base64EncodedString())
            #expect(found[2]["raw_text"] as? String == "x,\"y")
            #expect(found[2]["raw_base64"] == nil)

            let sf = try #require(
                try await api.get("/api/v1/rejected-rows?source=sf_a").json["rejected_rows"] as? [[String: Any]])
            #expect(sf.compactMap { $0["line"] as? Int } == [9, 3])
            let page = try #require(
                try await api.get("/api/v1/rejected-rows?limit=1").json["rejected_rows"] as? [[String: Any]])
            #expect(page.compactMap { $0["source"] as? String } == ["crm_b"])
            #expect(try await api.get("/api/v1/rejected-rows?limit=abc").status == .badRequest)
        }
    }
}
