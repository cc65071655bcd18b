import Connectors
import Foundation
import Sandbox
import Testing

@Suite("HubSpot: connector against the sandbox portal")
struct HubSpotSandboxTests {
    let token = "hs-test-token"

    func makeServer(faults: FaultPlan = .none, searchWindow: Int = 10_000) -> HubSpotSandbox {
        HubSpotSandbox(
            name: "hubspot", records: serverDataset.records(for: "hubspot"), token: token, faults: faults,
            searchWindow: searchWindow)
    }

    func makeConnector(_ url: String, token: String? = nil, searchWindow: Int = 10_000) throws -> HubSpotConnector {
        let http = SourceHTTPClient(source: "hubspot", baseURL: url, token: token ?? self.token, policy: quickRetries)
        return HubSpotConnector(
            source: "hubspot", mapping: try repositoryMapping("hubspot"), http: http, overlap: .zero,
            searchPageSize: 50, searchWindow: searchWindow)
    }

    @Test("a full pull lists every company and contact once, archived ones as deletions, with associations")
    func fullPull() async throws {
        let expected = serverDataset.records(for: "hubspot")
        try await withServer(makeServer()) { url in
            let result = await pullAll(try makeConnector(url))
            #expect(result.error == nil)
            #expect(result.records.count == expected.count)
            #expect(Set(result.records.map(\.sourceKey)) == Set(expected.map(\.sourceId)))
            let byId = Dictionary(uniqueKeysWithValues: expected.map { ($0.sourceId, $0) })
            let mapping = try repositoryMapping("hubspot")
            let employer = try #require(mapping.entities[.person]?.fields.first { $0.field == .employer }?.paths.first)
            for record in result.records {
                let generated = try #require(byId[record.sourceKey])
                #expect(record.deleted == generated.deleted)
                // The payload's stamp has milliseconds; the generator's envelope is whole seconds.
                let seconds = try #require(record.modifiedAt).timeIntervalSince1970.rounded(.down)
                #expect(seconds == generated.modifiedAt.timeIntervalSince1970)
                if record.entity == .person {
                    let company = generated.payload["associations"]?["companies"]?["results"]
                    let expectedIds: [String]
                    if case .array(let items)? = company {
                        expectedIds = items.compactMap { $0["id"]?.stringValue }
                    } else {
                        expectedIds = []
                    }
                    #expect(employer.values(in: record.payload) == expectedIds)
                }
            }
            #expect(result.records.contains { $0.deleted })
        }
    }

    @Test("a read by id returns what a pull delivers for those records, contacts' companies included; archived and unknown ids are left out")
    func readByID() async throws {
        try await withServer(makeServer()) { url in
            let read = try await expectReadMatchesPull(try makeConnector(url), source: "hubspot", unknown: "999999999")
            #expect(read.contains { $0.entity == .person && $0.payload["associations"] != nil })
        }
    }

    @Test("incremental search returns the edits, restarting past the search window, and sees archiving")
    func incrementalPull() async throws {
        let server = makeServer(searchWindow: 100)
        try await withServer(server) { url in
            let connector = try makeConnector(url, searchWindow: 100)
            let full = await pullAll(connector)
            let watermark = try #require(full.lastWatermark)
            let edits = await server.store.applyEdits(rate: 0.25, seed: 4)
            #expect(edits.count > 100)
            let changed = await pullAll(connector, since: watermark)
            #expect(changed.error == nil)
            let editIds = Set(edits.map(\.recordId))
            let before = Dictionary(uniqueKeysWithValues: full.records.map { ($0.sourceKey, $0) })
            let newer = changed.records.filter { before[$0.sourceKey]?.modifiedAt != $0.modifiedAt }
            #expect(Set(newer.map(\.sourceKey)) == editIds)
            #expect(newer.count == editIds.count)
            for edit in edits {
                let record = try #require(changed.records.last { $0.sourceKey == edit.recordId })
                #expect(record.deleted == (edit.kind == .deleted))
            }
            // Searched contacts still carry their companies.
            let contact = changed.records.first { $0.entity == .person && !$0.deleted }
            if let contact,
                let generated = serverDataset.records(for: "hubspot").first(where: {
                    $0.sourceId == contact.sourceKey
                }), generated.payload["associations"] != nil
            {
                #expect(contact.payload["associations"]?["companies"] != nil)
            }
        }
    }

    @Test("associations read both ways: a company carries its contacts, in the list and in the incremental search")
    func associationsBothWays() async throws {
        // The repository mapping, plus the option that keeps each company's contacts in its raw payload.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("mappings/hubspot.yaml"), encoding: .utf8)
        let withOption = text.replacingOccurrences(
            of: "    trust: { default: 0.55 }\n  person:",
            with: "    trust: { default: 0.55 }\n    options: { associations: contacts }\n  person:")
        #expect(withOption != text)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hubspot-\(UUID().uuidString).yaml")
        try withOption.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let mapping = try MappingLoader.load(contentsOf: file)

        let server = makeServer()
        try await withServer(server) { url in
            let http = SourceHTTPClient(source: "hubspot", baseURL: url, token: token, policy: quickRetries)
            let connector = HubSpotConnector(
                source: "hubspot", mapping: mapping, http: http, overlap: .zero, searchPageSize: 50)
            func contactsOf(_ record: RawRecord) -> Set<String> {
                guard case .array(let items)? = record.payload["associations"]?["contacts"]?["results"] else {
                    return []
                }
                return Set(items.compactMap { $0["id"]?.stringText })
            }
            func pairs(_ records: [RawRecord]) -> (fromContacts: Set<[String]>, fromCompanies: Set<[String]>) {
                var fromContacts: Set<[String]> = []
                var fromCompanies: Set<[String]> = []
                for record in records where !record.deleted {
                    if record.entity == .person,
                        case .array(let items)? = record.payload["associations"]?["companies"]?["results"]
                    {
                        for item in items { fromContacts.insert([record.sourceKey, item["id"]?.stringText ?? ""]) }
                    } else if record.entity == .organization {
                        for contact in contactsOf(record) { fromCompanies.insert([contact, record.sourceKey]) }
                    }
                }
                return (fromContacts, fromCompanies)
            }
            let full = await pullAll(connector)
            #expect(full.error == nil)
            let live = Set(full.records.filter { $0.entity == .organization && !$0.deleted }.map(\.sourceKey))
            let (fromContacts, fromCompanies) = pairs(full.records)
            #expect(fromCompanies.count > 50)
            #expect(fromCompanies == fromContacts.filter { live.contains($0[1]) })

            // The incremental pass searches, and search results carry no associations: they come from the v4
            // batch read, in the company → contact direction too.
            await server.store.freezeClock(at: Date(timeIntervalSince1970: 1_900_000_000))
            let edits = await server.store.applyEdits(rate: 0.3, seed: 9)
            let changed = await pullAll(connector, since: full.lastWatermark)
            #expect(changed.error == nil)
            let editedCompanies = Set(edits.filter { $0.object == "companies" && $0.kind == .updated }.map(\.recordId))
            let searched = changed.records.filter { editedCompanies.contains($0.sourceKey) && !$0.deleted }
            #expect(!searched.isEmpty)
            let contactsByCompany = Dictionary(grouping: fromCompanies, by: { $0[1] })
            let archivedContacts = Set(edits.filter { $0.object == "contacts" && $0.kind != .updated }.map(\.recordId))
            var withContacts = 0
            for company in searched {
                let expected = Set((contactsByCompany[company.sourceKey] ?? []).map { $0[0] })
                    .subtracting(archivedContacts)
                #expect(contactsOf(company) == expected)
                if !expected.isEmpty { withContacts += 1 }
            }
            #expect(withContacts > 0)
            // A v3 list names a primary link twice, a v4 batch read once: an edit of the phone alone must leave the
            // landed associations exactly as the list had them, or every re-read would be a new version.
            let listed = Dictionary(full.records.map { ($0.sourceKey, $0) }, uniquingKeysWith: { $1 })
            let editedContacts = Set(edits.filter { $0.object == "contacts" && $0.kind == .updated }.map(\.recordId))
            let searchedContacts = changed.records.filter { editedContacts.contains($0.sourceKey) }
            #expect(searchedContacts.contains { $0.payload["associations"] != nil })
            for contact in searchedContacts {
                #expect(contact.payload["associations"] == listed[contact.sourceKey]?.payload["associations"])
            }
        }
    }

    @Test("a batch update with injected failures reports exactly the failed ids from the 207")
    func pushWithFailures() async throws {
        let server = makeServer(faults: FaultPlan(writeFailureRate: 0.2, seed: 8))
        let live = serverDataset.records(for: "hubspot").filter { !$0.deleted }.prefix(230)
        try await withServer(server) { url in
            let connector = try makeConnector(url)
            var deltas: [String: JSONValue] = [:]
            for record in live {
                deltas[record.sourceId] = .object([
                    "entity": .string(record.entity == .organization ? "organization" : "person"),
                    "fields": .object(["properties.jobtitle": .string("CFO"), "properties.phone": .string("+7 1")]),
                ])
            }
            let outcomes = try await connector.push(deltas)
            #expect(outcomes.count == deltas.count)
            let writes = await server.store.receivedWrites
            #expect(writes.count == live.count)
            let failed = Set(writes.filter { $0.outcome != .applied }.map(\.recordId))
            let rejected = Set(outcomes.filter { $0.value != .accepted }.map(\.key))
            #expect(!failed.isEmpty)
            #expect(rejected == failed)
            #expect(Set(writes.map(\.request)).count >= 3)
            let applied = try #require(live.first { outcomes[$0.sourceId] == .accepted })
            let stored = await server.store.record(id: applied.sourceId)
            #expect(stored?.payload["properties"]?["phone"]?.stringValue == "+7 1")
        }
    }

    @Test("a wrong token is a clear unauthorized error")
    func unauthorized() async throws {
        try await withServer(makeServer()) { url in
            let result = await pullAll(try makeConnector(url, token: "nope"))
            let error = try #require(result.connectorError)
            #expect(error.code == .unauthorized && error.source == "hubspot")
            #expect(error.message.contains("INVALID_AUTHENTICATION"))
        }
    }

    @Test("429 with Retry-After, 503 and 500 are retried and the pull completes")
    func transientFaults() async throws {
        let faults = FaultPlan(throttleRate: 0.2, unavailableRate: 0.1, serverErrorRate: 0.1, retryAfterSeconds: 0)
        try await withServer(makeServer(faults: faults)) { url in
            let result = await pullAll(try makeConnector(url))
            #expect(result.error == nil)
            #expect(result.records.count == serverDataset.records(for: "hubspot").count)
            #expect(Set(result.records.map(\.sourceKey)).count == result.records.count)
        }
    }

    @Test("a malformed page fails the source and names the page")
    func malformedPage() async throws {
        try await withServer(makeServer(faults: FaultPlan(malformedPage: 2))) { url in
            let result = await pullAll(try makeConnector(url))
            let error = try #require(result.connectorError)
            #expect(error.code == .malformedPage)
            #expect(error.location?.contains("companies page 2") == true)
            #expect(result.records.count == 100)
        }
    }
}
