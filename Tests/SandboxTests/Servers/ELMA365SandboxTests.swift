import Connectors
import Foundation
import Sandbox
import Testing

@Suite("ELMA365: connector against the sandbox installation")
struct ELMA365SandboxTests {
    let token = "elma-test-token"

    func makeServer(faults: FaultPlan = .none) -> ELMA365Sandbox {
        ELMA365Sandbox(name: "elma365", records: serverDataset.records(for: "elma365"), token: token, faults: faults)
    }

    func makeConnector(_ url: String, token: String? = nil, pageSize: Int = 100) throws -> ELMA365Connector {
        let http = SourceHTTPClient(source: "elma365", baseURL: url, token: token ?? self.token, policy: quickRetries)
        return ELMA365Connector(
            source: "elma365", mapping: try repositoryMapping("elma365"), http: http, overlap: .zero,
            pageSize: pageSize)
    }

    func delta(_ entity: RawRecord.Entity, _ fields: [String: JSONValue]) -> JSONValue {
        .object(["entity": .string(entity.rawValue), "fields": .object(fields)])
    }

    @Test("a full pull returns every item once, deleted ones flagged, page by page")
    func fullPull() async throws {
        let expected = serverDataset.records(for: "elma365")
        try await withServer(makeServer()) { url in
            let result = await pullAll(try makeConnector(url, pageSize: 40))
            #expect(result.error == nil)
            let keys = result.records.map(\.sourceKey)
            #expect(keys.count == expected.count)
            #expect(Set(keys) == Set(expected.map(\.sourceId)))
            #expect(result.batches.count >= expected.count / 40)
            let byId = Dictionary(uniqueKeysWithValues: expected.map { ($0.sourceId, $0) })
            for record in result.records {
                let generated = try #require(byId[record.sourceKey])
                #expect(record.deleted == generated.deleted)
                #expect(record.entity.rawValue == generated.entity.rawValue)
                let seconds = try #require(record.modifiedAt).timeIntervalSince1970.rounded(.down)
                #expect(seconds == generated.modifiedAt.timeIntervalSince1970)
                #expect(record.payload["__name"]?.stringText == generated.payload["__name"]?.stringValue)
            }
            #expect(result.records.contains { $0.deleted })
        }
    }

    @Test("a read by id returns what a pull delivers for those items; deleted and unknown ids are left out")
    func readByID() async throws {
        try await withServer(makeServer()) { url in
            try await expectReadMatchesPull(
                try makeConnector(url), source: "elma365", unknown: "00000000-0000-4000-8000-00000000dead")
        }
    }

    @Test("after scripted edits an incremental pull returns the edits, deletions included")
    func incrementalPull() async throws {
        let server = makeServer()
        try await withServer(server) { url in
            let connector = try makeConnector(url)
            let full = await pullAll(connector)
            let watermark = try #require(full.lastWatermark)
            let before = Dictionary(uniqueKeysWithValues: full.records.map { ($0.sourceKey, $0) })
            let edits = await server.store.applyEdits(rate: 0.2, seed: 6)
            #expect(edits.contains { $0.kind == .deleted })

            let changed = await pullAll(connector, since: watermark)
            #expect(changed.error == nil)
            let editIds = Set(edits.map(\.recordId))
            let newer = changed.records.filter { before[$0.sourceKey]?.modifiedAt != $0.modifiedAt }
            #expect(Set(newer.map(\.sourceKey)) == editIds)
            #expect(newer.count == editIds.count)
            #expect(changed.records.count - newer.count <= 8)
            for edit in edits {
                let record = try #require(newer.first { $0.sourceKey == edit.recordId })
                #expect(record.deleted == (edit.kind == .deleted))
            }
        }
    }

    @Test("pushes one update per item, a few in flight, and reports exactly the items that failed")
    func pushWithFailures() async throws {
        let server = makeServer(faults: FaultPlan(writeFailureRate: 0.2, seed: 5))
        let live = serverDataset.records(for: "elma365").filter { !$0.deleted }.prefix(60)
        try await withServer(server) { url in
            let connector = try makeConnector(url)
            var deltas: [String: JSONValue] = [:]
            for record in live {
                deltas[record.sourceId] =
                    record.entity == .organization
                    ? delta(
                        .organization, ["__name": .string("ООО Ромашка"), "phone[].tel": .string("+7 383 000-00-00")])
                    : delta(.person, ["position": .string("CFO"), "email[].email": .array([.string("a@x.example")])])
            }
            deltas["00000000-0000-4000-8000-000000000000"] = delta(.person, ["position": .string("CEO")])
            deltas["no-entity"] = .object(["fields": .object(["position": .string("CEO")])])
            let outcomes = try await connector.push(deltas)
            #expect(outcomes.count == deltas.count)
            let writes = await server.store.receivedWrites
            #expect(writes.count == deltas.count - 1)
            let failed = Set(writes.filter { $0.outcome != .applied }.map(\.recordId))
            let rejected = Set(outcomes.filter { $0.value != .accepted }.map(\.key))
            #expect(!failed.isEmpty && failed.count < live.count / 2)
            #expect(rejected == failed.union(["no-entity"]))
            // Calls arrive in any order and the plan draws failures per request number, so an unknown id may
            // draw an injected failure before the lookup.
            if case .rejected(_, let message, _)? = outcomes["00000000-0000-4000-8000-000000000000"] {
                #expect(message.contains("not found") || message.contains("locked"))
            } else {
                Issue.record("the unknown id was not rejected")
            }
            let company = try #require(live.first { $0.entity == .organization && outcomes[$0.sourceId] == .accepted })
            let stored = try #require(await server.store.record(id: company.sourceId))
            #expect(stored.payload["__name"]?.stringValue == "ООО Ромашка")
            #expect(stored.payload["phone"]?.flatText == "+7 383 000-00-00")
        }
    }

    @Test("a wrong token is a clear unauthorized error naming the source")
    func unauthorized() async throws {
        try await withServer(makeServer()) { url in
            let result = await pullAll(try makeConnector(url, token: "expired"))
            let error = try #require(result.connectorError)
            #expect(error.code == .unauthorized && error.source == "elma365")
            #expect(error.message.contains("invalid token"))
            #expect(result.records.isEmpty)
        }
    }

    @Test("429, 503 and 500 answers are retried and the pull and push still complete")
    func transientFaults() async throws {
        let faults = FaultPlan(throttleRate: 0.15, unavailableRate: 0.15, serverErrorRate: 0.15, seed: 9)
        let server = makeServer(faults: faults)
        try await withServer(server) { url in
            let connector = try makeConnector(url)
            let result = await pullAll(connector)
            #expect(result.error == nil)
            #expect(result.records.count == serverDataset.records(for: "elma365").count)
            #expect(Set(result.records.map(\.sourceKey)).count == result.records.count)
            let id = try #require(result.records.first { $0.entity == .person && !$0.deleted }?.sourceKey)
            let outcomes = try await connector.push([id: delta(.person, ["position": .string("CTO")])])
            #expect(outcomes[id] == .accepted)
        }
    }

    @Test("a malformed page fails the source and names the page; the pages before it were delivered")
    func malformedPage() async throws {
        try await withServer(makeServer(faults: FaultPlan(malformedPage: 2))) { url in
            let result = await pullAll(try makeConnector(url))
            let error = try #require(result.connectorError)
            #expect(error.code == .malformedPage)
            #expect(error.location?.contains("companies page 2") == true)
            #expect(error.location?.contains("/pub/v1/app/_clients/_companies/list") == true)
            #expect(result.records.count == 100)
        }
    }
}
