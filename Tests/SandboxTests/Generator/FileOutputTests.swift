import Foundation
import Testing
@testable import Sandbox
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct FileOutputTests {
    private static let dataset = DatasetGenerator(GeneratorConfiguration(records: 4_000, seed: 21)).generate()

    @Test func csvFilesParseBackToTheSameValues() throws {
        let directory = GeneratorFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try Self.dataset.writeFiles(to: directory)
        var checked = 0
        for collection in Self.dataset.recordsBySource where collection.source.kind != .oneC {
            for entity in GeneratedEntityKind.allCases {
                let layout = try #require(CSVLayout.layout(for: collection.source.kind, entity: entity))
                let name = collection.source.name + "_" + layout.object + ".csv"
                let url = try #require(files.first { $0.lastPathComponent == name })
                let rows = TestCSVReader.parse(try String(contentsOf: url, encoding: .utf8))
                let expected = collection.filter { $0.entity == entity }.map { layout.row(for: $0.payload) }
                #expect(rows.first == layout.header)
                #expect(Array(rows.dropFirst()) == expected, "\(name)")
                checked += expected.count
            }
        }
        #expect(checked > 2_000)
    }

    @Test func csvQuotingFollowsRFC4180() {
        #expect(CSVWriter.escape("plain") == "plain")
        #expect(CSVWriter.escape("a,b") == "\"a,b\"")
        #expect(CSVWriter.escape("ООО \"Ромашка\"") == "\"ООО \"\"Ромашка\"\"\"")
        #expect(CSVWriter.escape("two\nlines") == "\"two\nlines\"")
        let parsed = TestCSVReader.parse("a,\"b,\"\"c\"\"\",\"x\r\ny\"\r\n")
        #expect(parsed == [["a", "b,\"c\"", "x\r\ny"]])
    }

    @Test func truthFileMatchesTheTruthTable() throws {
        let directory = GeneratorFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try Self.dataset.writeFiles(to: directory)
        let url = try #require(files.last)
        #expect(url.lastPathComponent == "truth.csv")
        let rows = TestCSVReader.parse(try String(contentsOf: url, encoding: .utf8))
        #expect(rows.first == ["source", "source_id", "entity", "entity_id"])
        let expected = Self.dataset.truth.map { [$0.source, $0.sourceId, $0.entity.rawValue, $0.entityId] }
        #expect(Array(rows.dropFirst()) == expected)
    }

    @Test func commerceMLParsesWithOneCounterpartyPerRecord() throws {
        let directory = GeneratorFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try Self.dataset.writeFiles(to: directory)
        let url = try #require(files.first { $0.lastPathComponent == "acc_1c.xml" })
        let parser = try #require(XMLParser(contentsOf: url))
        let collector = CounterpartyCollector()
        parser.delegate = collector
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        let records = Array(Self.dataset.records(for: "acc_1c"))
        #expect(collector.root == "КоммерческаяИнформация")
        #expect(collector.schemaVersion == "2.10")
        #expect(collector.counterparties == records.count)
        #expect(collector.inns == records.compactMap { $0.payload["ИНН"]?.stringValue })
        #expect(collector.fullNames == records.compactMap { $0.payload["ПолноеНаименование"]?.stringValue })
    }

    @Test func xmlEscapingCoversMarkup() {
        #expect(CommerceMLWriter.escape("A & B <\"C\">") == "A &amp; B &lt;&quot;C&quot;&gt;")
    }
}

/// Counts `Контрагент` elements directly under `Контрагенты` and collects their `ИНН` and full names.
private final class CounterpartyCollector: NSObject, XMLParserDelegate {
    var root: String?
    var schemaVersion: String?
    var counterparties = 0
    var inns: [String] = []
    var fullNames: [String] = []
    private var path: [String] = []
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        if path.isEmpty {
            root = elementName
            schemaVersion = attributeDict["ВерсияСхемы"]
        }
        if elementName == "Контрагент", path.last == "Контрагенты" { counterparties += 1 }
        path.append(elementName)
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        if path.count >= 2, path[path.count - 2] == "Контрагент" {
            if elementName == "ИНН" { inns.append(text) }
            if elementName == "ПолноеНаименование" { fullNames.append(text) }
        }
        path.removeLast()
        text = ""
    }
}
