import Foundation
import Connectors
import GoldenCore
import Sandbox
import Testing

@testable import golden

/// The stored attributes JSON has one writer (`Party.storedJSON`) and one reader (`StoredPartyDocument`): on every
/// record of a generated multi-source set (both entity kinds, every source's mapping, noisy and invalid values), the
/// reader gives back exactly what the writer was given.
@Suite struct StoredPartyDocumentTests {
    static func standardizedParties() throws -> [Party] {
        let mappings = MatchBenchmarkTests.mappings
        let standardizer = RecordStandardizer(
            standardizers: try ReferenceData.standardizers(mappingsDirectory: mappings))
        let dataset = DatasetGenerator(GeneratorConfiguration(records: 3_000, seed: 29)).generate()
        let inputs = StandardizeBenchmark.inputs(dataset, mappings: try GeneratedSourceMappings(directory: mappings))
        return inputs.map { standardizer.standardize($0).record.party }
    }

    @Test func decodingWhatTheWriterWroteGivesTheSameDocument() throws {
        let parties = try Self.standardizedParties()
        var organizations = 0
        var persons = 0
        var withIssues = 0
        var withFacts = 0
        for (index, party) in parties.enumerated() {
            // Facts on some organizations, with awkward text.
            let facts: [String: String] =
                party.kind == .organization && index % 3 == 0
                ? ["receivables_balance": "\(index).50", "contract_number": "№ \"\(index)\"\\\n"] : [:]
            let document = try #require(StoredPartyDocument.decode(party.storedJSON(facts: facts)))
            #expect(document == StoredPartyDocument(party, facts: facts), "record \(index)")
            if party.kind == .organization { organizations += 1 } else { persons += 1 }
            if party.storedJSON.contains("\"issues\"") { withIssues += 1 }
            if !facts.isEmpty { withFacts += 1 }
        }
        // The set exercised what it should: both kinds, invalid values, facts.
        #expect(organizations > 500)
        #expect(persons > 500)
        #expect(withIssues > 10)
        #expect(withFacts > 100)
    }

    @Test func rawValuesStandardizeBackToTheSameParty() throws {
        let standardizer = RecordStandardizer(
            standardizers: try ReferenceData.standardizers(mappingsDirectory: MatchBenchmarkTests.mappings))
        let ref = SourceRecordRef(source: "sf_a", id: "1")
        var checked = 0
        for party in try Self.standardizedParties().prefix(1_000) {
            let document = try #require(StoredPartyDocument.decode(party.storedJSON))
            let again = standardizer.standardize(
                RawSourceRecord(ref: ref, modifiedAt: Date(timeIntervalSince1970: 0), party: document.rawParty)
            ).record.party
            // Organizations' legal form is read back now (the old reader dropped it).
            #expect(again.organization?.legalForm?.raw == party.organization?.legalForm?.raw)
            #expect(again.organization?.inn?.value == party.organization?.inn?.value)
            #expect(again.person?.nationalID?.value == party.person?.nationalID?.value)
            checked += 1
        }
        #expect(checked == 1_000)
    }
}
