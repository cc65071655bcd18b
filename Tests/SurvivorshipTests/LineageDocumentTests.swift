import Foundation
import GoldenCore
import Survivorship
import Testing

@Suite("Lineage document")
struct LineageDocumentTests {
    typealias F = Fixture

    /// Seeded random clusters, as the assembler tests build them.
    static func randomValues(rounds: Int, seed: UInt64) -> [GoldenRecordValues] {
        var random = SeededGenerator(state: seed)
        let sources = ["acc_1c", "bitrix24", "sf_a", "sf_b", "hubspot"]
        let assembler = F.assembler()
        return (0..<rounds).map { round in
            let kind: PartyKind = round % 2 == 0 ? .organization : .person
            var members: [SurvivorshipMember] = []
            for index in 0..<Int.random(in: 1...6, using: &random) {
                var values: [MemberValue] = []
                for attribute in GoldenAttribute.attributes(of: kind) where Bool.random(using: &random) {
                    let pool =
                        attribute == .emailOptOut || attribute == .phoneOptOut
                        ? ["true", "false"] : attribute == .status ? ["live", "dead"] : ["a", "b", "c\"", "ё"]
                    let clean = Int.random(in: 0..<8, using: &random) == 0 ? nil : pool.randomElement(using: &random)
                    values.append(F.value(attribute, clean))
                }
                members.append(
                    F.member(
                        sources.randomElement(using: &random)!, "r\(index)",
                        daysAgo: Double(Int.random(in: 0...800, using: &random)),
                        deleted: Int.random(in: 0..<10, using: &random) == 0, values))
            }
            return assembler.assemble(kind: kind, members: members, now: F.now)
        }
    }

    @Test("a document reads back to the same lineage, and names each record once (seeded random clusters)")
    func roundTrip() throws {
        var perAttributeBytes = 0
        var documentBytes = 0
        for values in Self.randomValues(rounds: 400, seed: 21) {
            let text = LineageDocument.jsonText(values.lineage)
            _ = try JSONSerialization.jsonObject(with: Data(text.utf8))
            #expect(try LineageDocument.decode(text) == values.lineage)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let records = try #require(object["records"] as? [[String: Any]])
            let keys = records.map { "\($0["source"]!)/\($0["key"]!)/\($0["modified_at"]!)" }
            #expect(Set(keys).count == keys.count, "a record is listed once")
            perAttributeBytes += values.lineage.reduce(0) { $0 + $1.jsonText.utf8.count }
            documentBytes += text.utf8.count
        }
        // The point of the document: records are not repeated in every attribute that names them.
        #expect(documentBytes < perAttributeBytes)
    }

    @Test("a document converted from per-attribute rows (whole source objects, no record table) reads the same")
    func convertedRows() throws {
        let values = Self.randomValues(rounds: 20, seed: 5).filter { !$0.lineage.isEmpty }
        for value in values {
            // What migration 12 builds from the old rows: json_build_object('records', '[]', 'attributes', …).
            let converted = "{\"records\":[],\"attributes\":[" + value.lineage.map(\.jsonText).joined(separator: ",") + "]}"
            #expect(try LineageDocument.decode(converted) == value.lineage)
        }
    }

    @Test("a document that names a record it does not list is refused, and unreadable text gives no entries")
    func badIndex() {
        let text = #"{"records":[],"attributes":[{"attribute":"inn","value":"1","source":3,"rule":"r","beaten":[]}]}"#
        #expect(throws: DecodingError.self) { try LineageDocument.decode(text) }
        #expect(LineageDocument.entries(text).isEmpty)
        #expect(LineageDocument.entries(nil).isEmpty)
        #expect(LineageDocument.entries("not json").isEmpty)
    }

    @Test("one attribute is written exactly as its own per-attribute JSON, apart from record positions")
    func positions() throws {
        let source = LineageSource(
            source: "sf_a", key: "3", modifiedAt: Date(timeIntervalSince1970: 1_780_000_000),
            recordID: UUID(uuidString: "0191A4B2-0000-7000-8000-000000000001"))
        let other = LineageSource(source: "acc_1c", key: "9", modifiedAt: Date(timeIntervalSince1970: 1_700_000_000))
        let lineage = [
            AttributeLineage(
                attribute: .inn, value: "7707083893", raw: "7707083893", source: source, rule: "accounting",
                beaten: [LineageCandidate(value: "7707083894", raw: "7707083894", source: other, reason: .notAccounting)],
                agreed: [other]),
            AttributeLineage(attribute: .kpp, value: "770101001", raw: "770101001", source: other, rule: "only_value"),
        ]
        #expect(
            LineageDocument.jsonText(lineage)
                == #"{"records":[{"source":"sf_a","key":"3","modified_at":"2026-05-28T20:26:40Z","#
                + #""record_id":"0191a4b2-0000-7000-8000-000000000001"},{"source":"acc_1c","key":"9","#
                + #""modified_at":"2023-11-14T22:13:20Z"}],"attributes":[{"attribute":"inn","value":"7707083893","#
                + #""source":0,"rule":"accounting","beaten":[{"value":"7707083894","source":1,"#
                + #""reason":"not_accounting"}],"agreed":[1]},{"attribute":"kpp","value":"770101001","source":1,"#
                + #""rule":"only_value"}]}"#)
        #expect(try LineageDocument.decode(LineageDocument.jsonText(lineage)) == lineage)
    }
}
