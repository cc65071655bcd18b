import Foundation
import GoldenCore
import Survivorship
import Testing

@Suite("Lineage JSON")
struct AttributeLineageJSONTests {
    typealias F = Fixture

    static let sample = AttributeLineage(
        attribute: .legalName, value: "ООО «Ромашка» \"М\"", raw: "ооо ромашка\n",
        source: LineageSource(
            source: "acc_1c", key: "9a1c", modifiedAt: Date(timeIntervalSince1970: 1_700_000_000.25),
            recordID: UUID(uuidString: "0191A4B2-0000-7000-8000-000000000001")),
        rule: "tie", tieBrokenBy: "source_record_id", score: 0.125,
        override: OverrideNote(by: "anna", reason: "why", at: Date(timeIntervalSince1970: 0)),
        values: [LineageCandidate(value: "a", raw: "A", source: nil, reason: nil)],
        beaten: [
            LineageCandidate(
                value: nil, raw: "bad",
                source: LineageSource(source: "sf_a", key: "1", modifiedAt: Date(timeIntervalSince1970: -86_400.5)),
                reason: .failedValidation, issues: ["inn.bad_checksum"]),
            LineageCandidate(value: "b", raw: "B", source: nil, reason: .lowerTrust, score: 0.5),
        ])

    @Test("the hand-written JSON decodes to the same lineage")
    func roundTrip() throws {
        let text = Self.sample.jsonText
        let decoded = try JSONDecoder().decode(AttributeLineage.self, from: Data(text.utf8))
        #expect(decoded == Self.sample)
    }

    @Test("the stored shape is pinned: snake_case keys, ISO times, no absent optionals, raw only when it differs")
    func pinnedShape() {
        let lineage = AttributeLineage(
            attribute: .emailOptOut, value: "true", raw: "true",
            source: LineageSource(source: "sf_a", key: "3", modifiedAt: Date(timeIntervalSince1970: 1_780_000_000)),
            rule: "most_restrictive",
            beaten: [LineageCandidate(value: "false", raw: "FALSE", source: nil, reason: .lessRestrictive)])
        #expect(
            lineage.jsonText
                == #"{"attribute":"email_opt_out","value":"true","source":{"source":"sf_a","key":"3","#
                + #""modified_at":"2026-05-28T20:26:40Z"},"rule":"most_restrictive","beaten":[{"value":"false","#
                + #""raw":"FALSE","reason":"less_restrictive"}]}"#)
    }

    @Test("Codable encoding reads back too, so either writer may be used off the hot path")
    func codableEncoding() throws {
        let data = try JSONEncoder().encode(Self.sample)
        #expect(try JSONDecoder().decode(AttributeLineage.self, from: data) == Self.sample)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["tie_broken_by"] as? String == "source_record_id")
    }

    @Test("times round-trip at microsecond precision from 1900 to 2200 (seeded)")
    func timestamps() throws {
        var random = SeededGenerator(state: 7)
        for _ in 0..<2_000 {
            let micros = Int64.random(in: -2_208_988_800_000_000...7_258_118_400_000_000, using: &random)
            let date = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
            let source = LineageSource(source: "s", key: "k", modifiedAt: date)
            let decoded = try JSONDecoder().decode(LineageSource.self, from: JSONEncoder().encode(source))
            #expect(abs(decoded.modifiedAt.timeIntervalSince(date)) < 2e-6)
            let whole = Date(timeIntervalSince1970: (Double(micros) / 1_000_000).rounded(.down))
            let formatted = ISO8601DateFormatter().string(from: whole)
            let text = String(data: try JSONEncoder().encode(source), encoding: .utf8)!
            #expect(text.contains(String(formatted.dropLast().prefix(19))), "same calendar fields as Foundation's")
        }
    }

    @Test("a whole golden record's lineage stays JSON a database accepts")
    func everyEntryParses() throws {
        let values = F.assembler().assemble(
            kind: .organization,
            members: [
                F.member("acc_1c", "a1", [F.value(.inn, nil, raw: "77\u{0}07")]),
                F.member("sf_a", "x\"y", daysAgo: 2, [F.value(.inn, "7707083893"), F.value(.phone, "+7495")]),
            ], now: F.now)
        for entry in values.lineage {
            _ = try JSONSerialization.jsonObject(with: Data(entry.jsonText.utf8))
            #expect(try JSONDecoder().decode(AttributeLineage.self, from: Data(entry.jsonText.utf8)) == entry)
        }
        _ = try JSONSerialization.jsonObject(with: Data(values.attributesJSON.utf8))
    }
}
