@testable import Connectors
import Foundation
import GoldenCore
import Testing

/// A CSV pull given the row digests landing holds leaves out exactly the rows a live record was landed from, and
/// nothing a landing would turn into a version.
@Suite("CSV rows landed before are skipped unread")
struct LandedRowSkipTests {
    let header = ["id", "name", "city", "updated_at"]

    func rows(count: Int, seed: UInt64) -> [[String]] {
        var random = SeededGenerator(seed: seed)
        let names = ["Ромашка", "Лютик", "Василёк", "Acme", "Globex", "Initech"]
        let cities = ["Москва", "Казань", "Tver", ""]
        return (1...count).map { index in
            [
                "k\(index)", "\(names.randomElement(using: &random)!) \(Int.random(in: 1...999, using: &random))",
                cities.randomElement(using: &random)!, "2026-0\(Int.random(in: 1...9, using: &random))-01",
            ]
        }
    }

    func pull(
        _ connector: CSVFileConnector, since watermark: String? = nil, skipping landed: LandedRowDigests
    ) async throws -> [RawRecordBatch] {
        var batches: [RawRecordBatch] = []
        for try await batch in connector.pull(since: watermark, skipping: { landed }) { batches.append(batch) }
        return batches
    }

    @Test("unchanged rows are skipped; edits, new rows and a key that comes back later in the file are not")
    func skipsOnlyWhatLandingHolds() async throws {
        try await withTemporaryDirectory { folder in
            let first = rows(count: 40, seed: 11)
            let url = try write(csvText([header] + first, delimiter: ","), to: folder, name: "orgs.csv")
            let connector = CSVFileConnector(
                source: "csv_1", url: url, entity: .organization, modifiedAtColumn: "updated_at", batchSize: 7)
            let landed = try await pull(connector, skipping: .none).flatMap(\.records)
            #expect(landed.count == first.count)
            let digests = landed.compactMap(\.rowDigest)
            #expect(Set(digests).count == first.count)

            // The export again: two edits, a row moved to the end, a new row, and k5 edited then back as stored.
            var second = first
            second[2][1] += " (ред.)"
            second[6][2] = "Самара"
            let moved = second.remove(at: 9)
            second.append(moved)
            second.append(["k41", "Новая", "Омск", "2026-10-01"])
            var k5Edited = first[4]
            k5Edited[1] = "Другое имя"
            second.insert(k5Edited, at: 20)
            second.append(first[4])
            try write(csvText([header] + second, delimiter: ","), to: folder, name: "orgs.csv")

            let batches = try await pull(connector, skipping: LandedRowDigests(digests))
            let sent = batches.flatMap(\.records)
            #expect(sent.map(\.sourceKey) == ["k3", "k7", "k5", "k41", "k5"])
            #expect(sent[2].payload["name"]?.text == "Другое имя")
            #expect(sent[4].payload["name"]?.text == first[4][1])
            #expect(batches.reduce(0) { $0 + $1.skipped } + sent.count == second.count)
            // The last row of k5 is the one stored before: it goes out with its old digest, since k5 was sent.
            #expect(sent[4].rowDigest == landed[4].rowDigest)
        }
    }

    @Test("a renamed column, another key column or another delimiter changes every digest")
    func settingsAreInTheDigest() async throws {
        try await withTemporaryDirectory { folder in
            let body = rows(count: 12, seed: 3)
            let url = try write(csvText([header] + body, delimiter: ","), to: folder, name: "a.csv")
            let base = try await pull(
                CSVFileConnector(source: "s", url: url, entity: .organization), skipping: .none
            ).flatMap(\.records).compactMap(\.rowDigest)
            #expect(base.count == body.count)

            let renamed = try write(
                csvText([["id", "title", "city", "updated_at"]] + body, delimiter: ","), to: folder, name: "b.csv")
            let otherDelimiter = try write(csvText([header] + body, delimiter: ";"), to: folder, name: "c.csv")
            let variants: [CSVFileConnector] = [
                CSVFileConnector(source: "s", url: renamed, entity: .organization),
                CSVFileConnector(source: "s", url: url, entity: .person),
                CSVFileConnector(source: "s", url: url, entity: .organization, keyColumn: "name"),
                CSVFileConnector(source: "s", url: url, entity: .organization, modifiedAtColumn: "updated_at"),
                CSVFileConnector(source: "s", url: otherDelimiter, entity: .organization),
            ]
            for variant in variants {
                let batches = try await pull(variant, skipping: LandedRowDigests(base))
                #expect(batches.reduce(0) { $0 + $1.skipped } == 0)
                #expect(batches.flatMap(\.records).count == body.count)
            }
            // The same file under another name skips every row: the name is not in the payload.
            let copy = try write(csvText([header] + body, delimiter: ","), to: folder, name: "d.csv")
            let same = try await pull(
                CSVFileConnector(source: "s", url: copy, entity: .organization), skipping: LandedRowDigests(base))
            #expect(same.flatMap(\.records).isEmpty)
            #expect(same.reduce(0) { $0 + $1.skipped } == body.count)
        }
    }

    @Test("the store is asked only when the file changed")
    func asksOnlyForAChangedFile() async throws {
        try await withTemporaryDirectory { folder in
            let url = try write(csvText([header] + rows(count: 5, seed: 1), delimiter: ","), to: folder, name: "x.csv")
            let connector = CSVFileConnector(source: "s", url: url, entity: .organization)
            let asked = AskCounter()
            func pullCounting(since watermark: String?) async throws -> String? {
                var last: String?
                let stream = connector.pull(since: watermark) {
                    asked.count()
                    return .none
                }
                for try await batch in stream { last = batch.watermark ?? last }
                return last
            }
            let watermark = try await pullCounting(since: nil)
            #expect(asked.times == 1)
            _ = try await pullCounting(since: watermark)
            #expect(asked.times == 1)
        }
    }
}

/// How many times the store was asked for digests.
final class AskCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var asked = 0

    var times: Int { lock.withLock { asked } }

    func count() { lock.withLock { asked += 1 } }
}
