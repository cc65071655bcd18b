@testable import Connectors
import Foundation
import GoldenCore
import Testing

@Suite("File connectors")
struct FileConnectorTests {
    @Test("a CSV pull equals the file: every row, value and line, in batches, then nothing while unchanged")
    func csvPull() async throws {
        try await withTemporaryDirectory { folder in
            let header = ["id", "name", "company", "email", "updated_at"]
            let rows = (1...12).map { index in
                [
                    "\(index)", "Иванов \(index)", "ООО \"Ромашка\"; филиал \(index)",
                    index % 3 == 0 ? "" : "i\(index)@x.ru", "2024-05-0\(index % 9 + 1)T10:00:00Z",
                ]
            }
            let url = try write(csvText([header] + rows, delimiter: ";"), to: folder, name: "people.csv")
            let connector = CSVFileConnector(
                source: "csv_1", url: url, entity: .person, modifiedAtColumn: "updated_at", batchSize: 5)
            let first = await pullAll(connector)
            #expect(first.error == nil)
            #expect(first.batches.map(\.records.count) == [5, 5, 2])
            #expect(first.batches.dropLast().allSatisfy { $0.watermark == nil })
            let watermark = try #require(first.lastWatermark)
            #expect(watermark.hasSuffix(" people.csv"))
            #expect(first.records.map(\.sourceKey) == rows.map { $0[0] })
            #expect(first.records.map(\.origin) == (2...13).map { "people.csv:\($0)" })
            for (record, row) in zip(first.records, rows) {
                let rebuilt = header.map { record.payload[$0]?.text ?? "" }
                #expect(rebuilt == row)
                #expect(record.entity == .person && record.source == "csv_1" && !record.deleted)
            }
            #expect(first.records[2].payload["email"] == nil)
            #expect(first.records[0].modifiedAt == Date(timeIntervalSince1970: 1_714_644_000))

            let again = await pullAll(connector, since: watermark)
            #expect(again.error == nil && again.records.isEmpty)

            try write(csvText([header] + rows.prefix(2), delimiter: ";"), to: folder, name: "people.csv")
            let changed = await pullAll(connector, since: watermark)
            #expect(changed.records.count == 2)
            #expect(changed.lastWatermark != watermark)
        }
    }

    @Test("bad rows go to onIssue while the others land; without a handler they ride in the batch, kept whole")
    func csvIssues() async throws {
        try await withTemporaryDirectory { folder in
            let url = try write("id,name\n1,a\n2\n,no key\n3,c\n", to: folder, name: "x.csv")
            let collector = IssueCollector()
            let reported = await pullAll(
                CSVFileConnector(source: "csv_1", url: url, entity: .person, onIssue: collector.handler))
            #expect(reported.error == nil)
            #expect(reported.records.map(\.sourceKey) == ["1", "3"])
            #expect(collector.issues.map(\.location) == ["x.csv:3", "x.csv:4"])
            #expect(reported.batches.allSatisfy { $0.rejected.isEmpty })

            let kept = await pullAll(CSVFileConnector(source: "csv_1", url: url, entity: .person))
            #expect(kept.error == nil)
            #expect(kept.records.map(\.sourceKey) == ["1", "3"])
            #expect(kept.lastWatermark != nil)
            let rejected = kept.batches.flatMap(\.rejected)
            #expect(rejected.map(\.line) == [3, 4])
            #expect(rejected.map(\.reasonCode) == ["row.column_count", "row.missing_key"])
            #expect(rejected.map(\.rawText) == ["2", ",no key"])
            #expect(rejected[0].rawBytes == Array("2".utf8) && rejected[0].file == "x.csv")
        }
    }

    @Test("an unclosed quote costs its line only: the rows after it land and the watermark moves")
    func csvUnclosedQuote() async throws {
        try await withTemporaryDirectory { folder in
            let url = try write("id,name\n1,a\n2,\"b\n3,c\n", to: folder, name: "q.csv")
            let result = await pullAll(CSVFileConnector(source: "csv_1", url: url, entity: .person), since: "old")
            #expect(result.error == nil)
            #expect(result.records.map(\.sourceKey) == ["1", "3"])
            #expect(result.lastWatermark?.hasSuffix(" q.csv") == true)
            let rejected = result.batches.flatMap(\.rejected)
            #expect(rejected.map(\.line) == [3] && rejected.first?.reasonCode == "row.unclosed_quote")
            #expect(rejected.first?.rawText == "2,\"b")
            let missingKey = await pullAll(
                CSVFileConnector(source: "csv_1", url: url, entity: .person, keyColumn: "ИНН"))
            #expect(missingKey.connectorError?.message.contains("no key column 'ИНН'") == true)
        }
    }

    @Test("file sources are read-only")
    func readOnly() async throws {
        let url = URL(fileURLWithPath: "/nonexistent")
        let connectors: [any Connector] = [
            CSVFileConnector(source: "a", url: url, entity: .person),
            XLSXFileConnector(source: "b", url: url, entity: .person),
            OneCFolderConnector(source: "c", folder: url),
        ]
        for connector in connectors {
            await #expect(throws: ConnectorError.readOnly(source: connector.source)) {
                _ = try await connector.push(["1": .object([:])])
            }
        }
    }

    @Test("a 1C folder is read in name order; the watermark skips what was read unless it changed")
    func oneCFolder() async throws {
        try await withTemporaryDirectory { folder in
            try write(enterpriseData, to: folder, name: "Message_02.xml")
            try write(commerceML(namespace: true), to: folder, name: "Message_01.XML")
            try write("not xml, ignored", to: folder, name: "readme.txt")
            let connector = OneCFolderConnector(source: "acc_1c", folder: folder, batchSize: 2)
            let first = await pullAll(connector)
            #expect(first.error == nil)
            #expect(first.records.map(\.sourceKey)
                == ["9a1c6f3e-0001", "9a1c6f3e-0002", "owner-1", "cls-1", "ed-0001", "ed-0002", "ed-0003"])
            #expect(first.batches.map(\.records.count) == [2, 2, 0, 2, 1])
            #expect(first.batches.map { $0.watermark?.split(separator: " ").last }
                == [nil, nil, "Message_01.XML", "Message_01.XML", "Message_02.xml"])
            let watermark = try #require(first.lastWatermark)

            let unchanged = await pullAll(connector, since: watermark)
            #expect(unchanged.error == nil && unchanged.records.isEmpty)

            try write(commerceML(namespace: false), to: folder, name: "Message_03.xml")
            let next = await pullAll(connector, since: watermark)
            #expect(next.records.count == 4)
            #expect(next.lastWatermark?.hasSuffix(" Message_03.xml") == true)

            try write(enterpriseData.replacingOccurrences(of: "ed-0001", with: "ed-0009"), to: folder,
                      name: "Message_02.xml")
            let rewritten = await pullAll(connector, since: watermark)
            #expect(rewritten.records.first?.sourceKey == "ed-0009")
            #expect(rewritten.records.count == 7)
        }
    }

    @Test("a truncated 1C file stops the pull with the watermark before it; the files before it are done")
    func oneCFolderTruncated() async throws {
        try await withTemporaryDirectory { folder in
            try write(commerceML(namespace: true), to: folder, name: "a.xml")
            let text = enterpriseData
            try write(String(text.prefix(text.count - 200)), to: folder, name: "b.xml")
            try write(commerceML(namespace: false), to: folder, name: "c.xml")
            let collector = IssueCollector()
            let connector = OneCFolderConnector(source: "acc_1c", folder: folder, onIssue: collector.handler)
            let result = await pullAll(connector)
            #expect(result.records.count == 4 + 3)
            #expect(result.lastWatermark?.hasSuffix(" a.xml") == true)
            let error = try #require(result.connectorError)
            #expect(error.code == .malformedPage && error.location?.hasPrefix("b.xml:") == true)

            let missing = await pullAll(
                OneCFolderConnector(source: "acc_1c", folder: folder.appendingPathComponent("nope")))
            #expect(missing.connectorError?.code == .unavailable)
        }
    }

    @Test("dropping a pull stream early releases its reader thread")
    func earlyStop() async throws {
        try await withTemporaryDirectory { folder in
            let rows = (0..<20_000).map { ["\($0)", "name \($0)"] }
            let url = try write(csvText([["id", "name"]] + rows), to: folder, name: "big.csv")
            let connector = CSVFileConnector(source: "csv_1", url: url, entity: .person, batchSize: 100)
            var seen = 0
            for try await batch in connector.pull(since: nil) {
                seen += batch.records.count
                if seen >= 300 { break }
            }
            #expect(seen == 300)
            let task = Task {
                var count = 0
                for try await batch in connector.pull(since: nil) { count += batch.records.count }
                return count
            }
            task.cancel()
            let count = try await task.value
            #expect(count < 20_000)
        }
    }
}
