import Connectors
import Foundation
import Sandbox
import NIOHTTP1
import Testing

@Suite("Bitrix24: connector against the sandbox portal")
struct Bitrix24SandboxTests {
    let secret = "b24-test-secret"

    func makeServer(faults: FaultPlan = .none) -> Bitrix24Sandbox {
        Bitrix24Sandbox(
            name: "bitrix24", records: serverDataset.records(for: "bitrix24"), token: secret, faults: faults)
    }

    func makeConnector(_ url: String, secret: String? = nil) throws -> Bitrix24Connector {
        let http = SourceHTTPClient(
            source: "bitrix24", baseURL: url + "/rest/1", token: secret ?? self.secret, sendsBearerToken: false,
            policy: quickRetries)
        return Bitrix24Connector(
            source: "bitrix24", mapping: try repositoryMapping("bitrix24"), http: http, overlap: .zero)
    }

    func delta(_ entity: RawRecord.Entity, _ fields: [String: JSONValue]) -> JSONValue {
        .object(["entity": .string(entity.rawValue), "fields": .object(fields)])
    }

    @Test("a full pull returns every company and contact once, page by page, with requisites and multi-fields")
    func fullPull() async throws {
        let expected = serverDataset.records(for: "bitrix24")
        try await withServer(makeServer()) { url in
            let result = await pullAll(try makeConnector(url))
            #expect(result.error == nil)
            let keys = result.records.map(\.sourceKey)
            #expect(keys.count == expected.count)
            #expect(Set(keys) == Set(expected.map(\.sourceId)))
            #expect(result.batches.count >= expected.count / 50)
            #expect(result.batches.allSatisfy { $0.records.count <= 50 })
            let byId = Dictionary(uniqueKeysWithValues: expected.map { ($0.sourceId, $0) })
            let mapping = try repositoryMapping("bitrix24")
            let phone = try #require(mapping.entities[.organization]?.fields.first { $0.field == .phone }?.paths.first)
            var withINN = 0
            for record in result.records {
                let generated = try #require(byId[record.sourceKey])
                #expect(record.entity.rawValue == generated.entity.rawValue)
                #expect(record.modifiedAt == generated.modifiedAt)
                #expect(!record.deleted)
                var phones: [String] = []
                if case .array(let items)? = generated.payload["PHONE"] {
                    phones = items.compactMap { $0["VALUE"]?.stringValue }
                }
                #expect(phone.values(in: record.payload) == phones)
                if record.entity == .organization {
                    for field in ["RQ_INN", "RQ_KPP", "RQ_OGRN"] {
                        let value = generated.payload[field]?.stringValue ?? ""
                        #expect((record.payload[field]?.stringText ?? "") == value, "\(field) of \(record.sourceKey)")
                    }
                    if record.payload["RQ_INN"]?.stringText?.isEmpty == false { withINN += 1 }
                }
            }
            #expect(withINN > 0)
            let firstPerson = try #require(result.records.firstIndex { $0.entity == .person })
            #expect(result.records[firstPerson...].allSatisfy { $0.entity == .person })
        }
    }

    @Test("a read by id returns what a pull delivers for those records, requisites included; unknown ids are left out")
    func readByID() async throws {
        try await withServer(makeServer()) { url in
            try await expectReadMatchesPull(try makeConnector(url), source: "bitrix24", unknown: "999999")
        }
    }

    @Test("after scripted edits (many in one second) an incremental pull returns the edits; deletions are not listed")
    func incrementalPull() async throws {
        let server = makeServer()
        try await withServer(server) { url in
            let connector = try makeConnector(url)
            let full = await pullAll(connector)
            let watermark = try #require(full.lastWatermark)
            let before = Dictionary(uniqueKeysWithValues: full.records.map { ($0.sourceKey, $0) })
            let edits = await server.store.applyEdits(rate: 0.25, seed: 3)
            let updated = Set(edits.filter { $0.kind == .updated }.map(\.recordId))
            let deleted = Set(edits.filter { $0.kind != .updated }.map(\.recordId))
            #expect(updated.count > 100 && !deleted.isEmpty)

            let changed = await pullAll(connector, since: watermark)
            #expect(changed.error == nil)
            let newer = changed.records.filter { before[$0.sourceKey]?.modifiedAt != $0.modifiedAt }
            #expect(Set(newer.map(\.sourceKey)) == updated)
            #expect(newer.count == updated.count)
            #expect(Set(changed.records.map(\.sourceKey)).isDisjoint(with: deleted))
            // `>=` on whole seconds re-reads only the rows of the watermark's own second.
            #expect(changed.records.count - newer.count <= 4)
            let phone = try #require(
                try repositoryMapping("bitrix24").entities[.organization]?.fields.first { $0.field == .phone }?.paths
                    .first)
            for record in newer {
                let stored = try #require(await server.store.record(id: record.sourceKey))
                #expect(phone.values(in: record.payload).joined(separator: "; ") == stored.payload["PHONE"]?.flatText)
            }
        }
    }

    @Test(
        "more than 50 rows sharing one DATE_MODIFY, across runs: the keyset pages past 50 and skips none",
        arguments: [false, true])
    func pagingPastFiftyInOneSecond(startRoundsToPage: Bool) async throws {
        let server = Bitrix24Sandbox(
            name: "bitrix24", records: serverDataset.records(for: "bitrix24"), token: secret,
            startRoundsToPage: startRoundsToPage)
        try await withServer(server) { url in
            let connector = try makeConnector(url)
            let full = await pullAll(connector)
            let tie = Date(timeIntervalSince1970: 1_900_000_000)
            // A few edits one second earlier, so the offset inside the tie is not a multiple of 50.
            await server.store.freezeClock(at: tie.addingTimeInterval(-1))
            let early = await server.store.applyEdits(rate: 0.03, seed: 7)
            await server.store.freezeClock(at: tie)
            let edits = await server.store.applyEdits(rate: 0.6, seed: 5)
            let earlyOnly = Set(early.filter { $0.kind == .updated }.map(\.recordId))
                .subtracting(edits.map(\.recordId))
            #expect(!earlyOnly.isEmpty)
            let updated = Set(edits.filter { $0.kind == .updated }.map(\.recordId))
            let companies = edits.filter { $0.kind == .updated && $0.object == "crm.company" }
            // Three pages of one second: `start` goes past 50 inside the tie.
            #expect(companies.count > 100)

            let changed = await pullAll(connector, since: full.lastWatermark)
            #expect(changed.error == nil)
            let keys = changed.records.map(\.sourceKey)
            #expect(Set(keys).count == keys.count)
            #expect(Set(changed.records.filter { $0.modifiedAt == tie }.map(\.sourceKey)) == updated)
            #expect(earlyOnly.isSubset(of: Set(keys)))

            // Later edits in the same second: the next run reads the second again and finds them.
            let more = await server.store.applyEdits(rate: 0.05, seed: 6)
            let moreUpdated = Set(more.filter { $0.kind == .updated }.map(\.recordId))
            #expect(!moreUpdated.isEmpty)
            let again = await pullAll(connector, since: changed.lastWatermark)
            #expect(again.error == nil)
            let againKeys = again.records.map(\.sourceKey)
            #expect(Set(againKeys).count == againKeys.count)
            #expect(moreUpdated.isSubset(of: Set(againKeys)))
            let previous = Dictionary(changed.records.map { ($0.sourceKey, $0) }, uniquingKeysWith: { $1 })
            for record in again.records where !moreUpdated.contains(record.sourceKey) {
                #expect(record.payload == previous[record.sourceKey]?.payload)
            }
        }
    }

    @Test("a batch push with injected failures reports exactly the failed commands, and applies the rest")
    func pushWithFailures() async throws {
        let server = makeServer(faults: FaultPlan(writeFailureRate: 0.2, seed: 5))
        let all = serverDataset.records(for: "bitrix24")
        let live = all.filter { $0.entity == .organization }.prefix(60) + all.filter { $0.entity == .person }.prefix(60)
        try await withServer(server) { url in
            let connector = try makeConnector(url)
            var deltas: [String: JSONValue] = [:]
            for record in live {
                deltas[record.sourceId] =
                    record.entity == .organization
                    ? delta(
                        .organization,
                        ["TITLE": .string("ООО Тест \(record.sourceId)"), "PHONE[].VALUE": .string("+7 1")])
                    : delta(
                        .person,
                        [
                            "POST": .string("CFO"),
                            "EMAIL[].VALUE": .array([.string("a@x.example"), .string("b@x.example")]),
                        ])
            }
            deltas["999999991"] = delta(.organization, ["TITLE": .string("nobody")])
            deltas["7"] = delta(.organization, ["RQ_INN": .string("7707083893")])
            let outcomes = try await connector.push(deltas)
            #expect(outcomes.count == deltas.count)
            let writes = await server.store.receivedWrites
            #expect(writes.count == deltas.count - 1)
            #expect(Set(writes.map(\.request)) == [1, 2, 3])
            let failed = Set(writes.filter { $0.outcome != .applied }.map(\.recordId))
            let rejected = Set(outcomes.filter { $0.value != .accepted }.map(\.key))
            #expect(!failed.isEmpty && failed.count < live.count / 2)
            #expect(rejected == failed.union(["7"]))
            #expect(failed.contains("999999991"))
            if case .rejected(let code, let message, _)? = outcomes["999999991"] {
                #expect(code == "ERROR" && message == "Company is not found")
            }
            let company = try #require(live.first { $0.entity == .organization && outcomes[$0.sourceId] == .accepted })
            let stored = try #require(await server.store.record(id: company.sourceId))
            #expect(stored.payload["TITLE"]?.stringValue == "ООО Тест \(company.sourceId)")
            #expect(stored.payload["PHONE"]?.flatText.hasSuffix("+7 1") == true)
            let person = try #require(live.first { $0.entity == .person && outcomes[$0.sourceId] == .accepted })
            let storedPerson = try #require(await server.store.record(id: person.sourceId))
            #expect(storedPerson.payload["POST"]?.stringValue == "CFO")
            #expect(storedPerson.payload["EMAIL"]?.flatText.hasSuffix("a@x.example; b@x.example") == true)
        }
    }

    @Test("a wrong webhook secret is a clear unauthorized error that does not leak the secret")
    func unauthorized() async throws {
        try await withServer(makeServer()) { url in
            let result = await pullAll(try makeConnector(url, secret: "stale-secret"))
            let error = try #require(result.connectorError)
            #expect(error.code == .unauthorized && error.source == "bitrix24")
            #expect(error.message.contains("webhook"))
            #expect(!error.description.contains("stale-secret"))
            #expect(error.description.contains("/***/"))
            #expect(result.records.isEmpty)
        }
    }

    @Test("503 QUERY_LIMIT_EXCEEDED, 429 and 500 are retried and the pull and push complete")
    func transientFaults() async throws {
        let faults = FaultPlan(throttleRate: 0.2, unavailableRate: 0.1, serverErrorRate: 0.1, seed: 9)
        let server = makeServer(faults: faults)
        try await withServer(server) { url in
            let connector = try makeConnector(url)
            let result = await pullAll(connector)
            #expect(result.error == nil)
            #expect(result.records.count == serverDataset.records(for: "bitrix24").count)
            #expect(Set(result.records.map(\.sourceKey)).count == result.records.count)
            #expect(await server.store.requestsServed > result.batches.count + 2)
            let id = try #require(result.records.first { $0.entity == .organization }?.sourceKey)
            let outcomes = try await connector.push([id: delta(.organization, ["WEB[].VALUE": .string("x.example")])])
            #expect(outcomes[id] == .accepted)
        }
    }

    @Test("a malformed page fails the source and names the page; the pages before it were delivered")
    func malformedPage() async throws {
        try await withServer(makeServer(faults: FaultPlan(malformedPage: 2))) { url in
            let result = await pullAll(try makeConnector(url))
            let error = try #require(result.connectorError)
            #expect(error.code == .malformedPage)
            #expect(error.location?.contains("crm.company page 2") == true)
            #expect(error.location?.contains("crm.company.list") == true)
            #expect(result.records.count == 50)
        }
    }

    @Test("an append that got a 500 is not sent again (it may have been applied); a plain update is retried")
    func appendsAreNotRetried() async throws {
        let company = try #require(serverDataset.records(for: "bitrix24").first { $0.entity == .organization && !$0.deleted })
        // Every request answers 500, and only the first is allowed at all: a retry meets the request limit instead.
        let faults = FaultPlan(serverErrorRate: 1, requestLimit: 1, seed: 3)
        try await withServer(makeServer(faults: faults)) { url in
            do {
                _ = try await makeConnector(url).push([
                    company.sourceId: delta(.organization, ["PHONE[].VALUE": .string("+74950000000")])
                ])
                Issue.record("a push that only met errors succeeded")
            } catch let error as ConnectorError {
                #expect(error.code == .uncertainWrite)
                #expect(error.message.contains("not sent again"))
            }
        }
        try await withServer(makeServer(faults: faults)) { url in
            do {
                _ = try await makeConnector(url).push([company.sourceId: delta(.organization, ["TITLE": .string("X")])])
            } catch let error as ConnectorError {
                // Retried: the second request is past the limit, so the error is no longer the first one's.
                #expect(error.code != .uncertainWrite)
            }
        }
    }
}

@Suite("Webhook secrets stay out of messages")
struct WebhookSecretRedactionTests {
    @Test("an unreachable Bitrix24 webhook fails without the secret in the error")
    func secretRedacted() async throws {
        let http = SourceHTTPClient(
            source: "bitrix24", baseURL: "http://127.0.0.1:1/rest/1", token: "s3cr3t-webhook-key",
            sendsBearerToken: false,
            policy: RetryPolicy(maxAttempts: 1, baseDelay: .milliseconds(1), maxDelay: .milliseconds(1),
                                requestTimeout: .seconds(2)))
        do {
            _ = try await http.send(.GET, "/s3cr3t-webhook-key/crm.company.list", page: "crm.company page 1")
            Issue.record("a closed port answered")
        } catch let error as ConnectorError {
            #expect(!error.description.contains("s3cr3t-webhook-key"))
            #expect(error.description.contains("***"))
        }
    }
}
