import Connectors
import Foundation
import Sandbox
import Testing

@Suite("Salesforce: connector against the sandbox org")
struct SalesforceSandboxTests {
    let token = "sf-test-token"

    func makeServer(faults: FaultPlan = .none, source: String = "sf_a") -> SalesforceSandbox {
        SalesforceSandbox(
            name: source, records: serverDataset.records(for: source), token: token, faults: faults, pageSize: 150)
    }

    func makeConnector(_ url: String, token: String? = nil, overlap: Duration = .seconds(300)) throws
        -> SalesforceConnector
    {
        let http = SourceHTTPClient(source: "sf_a", baseURL: url, token: token ?? self.token, policy: quickRetries)
        return SalesforceConnector(
            source: "sf_a", mapping: try repositoryMapping("salesforce"), http: http, overlap: overlap, batchSize: 200)
    }

    @Test("a full pull returns every record of the org exactly once, deletions included, page by page")
    func fullPull() async throws {
        let server = makeServer()
        let expected = serverDataset.records(for: "sf_a")
        try await withServer(server) { url in
            let result = await pullAll(try makeConnector(url))
            #expect(result.error == nil)
            #expect(result.batches.count > 4)
            let keys = result.records.map(\.sourceKey)
            #expect(keys.count == expected.count)
            #expect(Set(keys) == Set(expected.map(\.sourceId)))
            let byId = Dictionary(uniqueKeysWithValues: expected.map { ($0.sourceId, $0) })
            for record in result.records {
                let generated = try #require(byId[record.sourceKey])
                #expect(record.deleted == generated.deleted)
                #expect(record.entity.rawValue == generated.entity.rawValue)
                #expect(record.modifiedAt == generated.modifiedAt)
                let nameField = record.entity == .organization ? "Name" : "LastName"
                #expect(record.payload[nameField]?.stringText == generated.payload[nameField]?.stringValue)
            }
            #expect(result.records.contains { $0.deleted })
            // Accounts come before contacts, so employers land before their people.
            let firstPerson = try #require(result.records.firstIndex { $0.entity == .person })
            #expect(result.records[firstPerson...].allSatisfy { $0.entity == .person })
        }
    }

    @Test("after scripted edits an incremental pull returns the edits, with deletions and merges")
    func incrementalPull() async throws {
        let server = makeServer()
        try await withServer(server) { url in
            let connector = try makeConnector(url, overlap: .zero)
            let full = await pullAll(connector)
            let watermark = try #require(full.lastWatermark)
            let before = Dictionary(uniqueKeysWithValues: full.records.map { ($0.sourceKey, $0) })
            let edits = await server.store.applyEdits(rate: 0.05, seed: 3)
            #expect(edits.count > 10)
            #expect(edits.contains { if case .merged = $0.kind { true } else { false } })

            let changed = await pullAll(connector, since: watermark)
            #expect(changed.error == nil)
            let editIds = Set(edits.map(\.recordId))
            let newer = changed.records.filter { before[$0.sourceKey]?.modifiedAt != $0.modifiedAt }
            #expect(Set(newer.map(\.sourceKey)) == editIds)
            #expect(newer.count == editIds.count)
            // With no overlap only the boundary rows (stamped exactly at a pass's watermark) come back unchanged.
            let rereads = changed.records.filter { !editIds.contains($0.sourceKey) }
            #expect(rereads.count <= 8)
            let pulled = Dictionary(changed.records.map { ($0.sourceKey, $0) }, uniquingKeysWith: { $1 })
            for edit in edits {
                let record = try #require(pulled[edit.recordId])
                switch edit.kind {
                case .updated: #expect(!record.deleted)
                case .deleted: #expect(record.deleted && record.mergedIntoKey == nil)
                case .merged(let survivor): #expect(record.deleted && record.mergedIntoKey == survivor)
                }
            }
            // SOQL literals are whole seconds, so the next run re-reads at most the edits' last second.
            let again = await pullAll(connector, since: changed.lastWatermark)
            #expect(Set(again.records.map(\.sourceKey)).isSubset(of: editIds.union(rereads.map(\.sourceKey))))
        }
    }

    @Test("SystemModstamps tied across a page boundary and across runs: every edit arrives, none twice in a run")
    func tiedStamps() async throws {
        let server = makeServer()
        try await withServer(server) { url in
            let connector = try makeConnector(url, overlap: .zero)
            let full = await pullAll(connector)
            let watermark = try #require(full.lastWatermark)
            // One whole second after every generated stamp: all edits below share it, as edits a moment apart
            // do in a real org.
            let tie = Date(timeIntervalSince1970: 1_900_000_000)
            await server.store.freezeClock(at: tie)
            let first = await server.store.applyEdits(rate: 0.8, seed: 3)
            let liveAccounts = first.filter { $0.object == "Account" && $0.kind == .updated }
            // More tied rows in one pass than a page holds (150), so a page boundary falls inside the tie.
            #expect(liveAccounts.count > 150)

            let second = await pullAll(connector, since: watermark)
            #expect(second.error == nil)
            let keys = second.records.map(\.sourceKey)
            #expect(Set(keys).count == keys.count)
            let tied = second.records.filter { $0.modifiedAt == tie }
            #expect(Set(tied.map(\.sourceKey)) == Set(first.map(\.recordId)))
            let boundaries = zip(second.batches, second.batches.dropFirst()).filter { previous, next in
                previous.records.last?.modifiedAt == tie && next.records.first?.modifiedAt == tie
                    && previous.records.last?.entity == next.records.first?.entity
            }
            #expect(!boundaries.isEmpty)
            let watermarks = try #require(second.lastWatermark)
            #expect(watermarks.contains("\"Account\":\"2030-03-17T17:46:40.000+0000\""))

            // Edits in the very second the last run's watermark holds: a `>` filter would skip them for good.
            let third = await server.store.applyEdits(rate: 0.05, seed: 4)
            #expect(!third.isEmpty)
            let again = await pullAll(connector, since: second.lastWatermark)
            #expect(again.error == nil)
            let againKeys = again.records.map(\.sourceKey)
            #expect(Set(againKeys).count == againKeys.count)
            let thirdIds = Set(third.map(\.recordId))
            #expect(thirdIds.isSubset(of: Set(againKeys)))
            // What comes back without a new edit is the version already delivered, byte for byte: landing
            // recognises it and stores nothing.
            var delivered = Dictionary(full.records.map { ($0.sourceKey, $0) }, uniquingKeysWith: { $1 })
            for record in second.records { delivered[record.sourceKey] = record }
            for record in again.records where !thirdIds.contains(record.sourceKey) {
                #expect(record.payload == delivered[record.sourceKey]?.payload)
            }
        }
    }

    @Test("a read by id returns what a pull delivers for those records, in one request per object; deleted and unknown ids are left out")
    func readByID() async throws {
        let server = makeServer()
        try await withServer(server) { url in
            let connector = try makeConnector(url)
            let read = try await expectReadMatchesPull(connector, source: "sf_a", unknown: "003XXnotthere0000")
            var keys: [String: RawRecord.Entity] = [:]
            for record in read { keys[record.sourceKey] = record.entity }
            let before = await server.store.requestsServed
            _ = try await connector.read(keys)
            #expect(await server.store.requestsServed - before == 2)
        }
    }

    @Test("a push with injected per-record failures reports exactly those, and applies the rest")
    func pushWithFailures() async throws {
        let server = makeServer(faults: FaultPlan(writeFailureRate: 0.2, seed: 5))
        let live = serverDataset.records(for: "sf_a").filter { !$0.deleted }.prefix(260)
        try await withServer(server) { url in
            let connector = try makeConnector(url)
            var deltas: [String: JSONValue] = [:]
            for record in live {
                let entity = record.entity == .organization ? "organization" : "person"
                deltas[record.sourceId] = .object([
                    "entity": .string(entity),
                    "fields": .object(["Phone": .string("+7 999 000-\(record.sourceId.suffix(4))")]),
                ])
            }
            deltas["003XXnotthere0000"] = .object(["fields": .object(["Phone": .string("1")])])
            let outcomes = try await connector.push(deltas)
            #expect(outcomes.count == deltas.count)
            let writes = await server.store.receivedWrites
            #expect(writes.count == deltas.count)
            let failed = Set(writes.filter { $0.outcome != .applied }.map(\.recordId))
            let rejected = Set(outcomes.filter { $0.value != .accepted }.map(\.key))
            #expect(!failed.isEmpty && failed.count < live.count / 2)
            #expect(rejected == failed)
            #expect(Set(writes.map(\.request)) == [1, 2])
            if case .rejected(let code, _, let fields)? = outcomes["003XXnotthere0000"] {
                #expect(["INVALID_CROSS_REFERENCE_KEY", "UNABLE_TO_LOCK_ROW"].contains(code) && fields == ["Phone"])
            } else {
                Issue.record("the unknown id was not rejected")
            }
            for record in live where outcomes[record.sourceId] == .accepted {
                let stored = await server.store.record(id: record.sourceId)
                #expect(stored?.payload["Phone"]?.stringValue == "+7 999 000-\(record.sourceId.suffix(4))")
            }
        }
    }

    @Test("a wrong token is a clear unauthorized error naming the source")
    func unauthorized() async throws {
        try await withServer(makeServer()) { url in
            let result = await pullAll(try makeConnector(url, token: "expired"))
            let error = try #require(result.connectorError)
            #expect(error.code == .unauthorized && error.source == "sf_a")
            #expect(error.message.contains("INVALID_SESSION_ID"))
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
            #expect(result.records.count == serverDataset.records(for: "sf_a").count)
            #expect(Set(result.records.map(\.sourceKey)).count == result.records.count)
            let served = await server.store.requestsServed
            #expect(served > result.batches.count + 2)
            let id = try #require(result.records.first { $0.entity == .organization && !$0.deleted }?.sourceKey)
            let outcomes = try await connector.push([
                id: .object(["fields": .object(["Website": .string("x.example")])])
            ])
            #expect(outcomes[id] == .accepted)
        }
    }

    @Test("a malformed page fails the source and names the page; the pages before it were delivered")
    func malformedPage() async throws {
        try await withServer(makeServer(faults: FaultPlan(malformedPage: 2))) { url in
            let result = await pullAll(try makeConnector(url))
            let error = try #require(result.connectorError)
            #expect(error.code == .malformedPage)
            #expect(error.location?.contains("Account page 2") == true)
            #expect(error.location?.contains("/query/") == true)
            #expect(result.records.count == 150)
        }
    }

    @Test("REQUEST_LIMIT_EXCEEDED stops the source for this run with rateLimited, keeping delivered batches")
    func requestLimit() async throws {
        try await withServer(makeServer(faults: FaultPlan(requestLimit: 2))) { url in
            let result = await pullAll(try makeConnector(url))
            let error = try #require(result.connectorError)
            #expect(error.code == .rateLimited)
            #expect(error.message.contains("TotalRequests Limit exceeded"))
            #expect(result.batches.count == 2)
        }
    }
}
