@testable import Connectors
import Foundation
import Testing

/// Random and mutated inputs: every outcome must be rows/records or a typed error that names the file.
@Suite("File reader fuzzing")
struct FileReaderFuzzTests {
    /// Bytes that matter to the parsers, weighted so random inputs hit quotes, delimiters and multi-byte text.
    static let csvAlphabet: [UInt8] = Array("ab1,;\"\t|\r\n ".utf8) + Array("Жё".utf8) + [0xC0, 0xFF, 0xE0, 0x80, 0x00]
    static let xmlAlphabet: [UInt8] = Array("<>/=\"'&;! ?abКИд\n".utf8) + [0xD0, 0x9A, 0xFF, 0x00]

    static func randomBytes(_ generator: inout SeededGenerator, alphabet: [UInt8]) -> [UInt8] {
        let count = Int.random(in: 0..<300, using: &generator)
        return (0..<count).map { _ in
            Bool.random(using: &generator)
                ? alphabet.randomElement(using: &generator)!
                : UInt8.random(in: 0...255, using: &generator)
        }
    }

    static func mutate(_ bytes: [UInt8], _ generator: inout SeededGenerator, alphabet: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...6, using: &generator) where !bytes.isEmpty {
            let index = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: bytes[index] = alphabet.randomElement(using: &generator)!
            case 1: bytes.insert(alphabet.randomElement(using: &generator)!, at: index)
            case 2: bytes.remove(at: index)
            default: bytes.removeSubrange(index...)
            }
        }
        return bytes
    }

    /// Reads a CSV file to the end; returns rows read, or the typed error that stopped it.
    static func readCSV(_ url: URL) -> (rows: Int, issues: Int, error: (any Error)?) {
        var rows = 0
        var issues = 0
        do {
            let reader = try CSVReader(url: url, source: "fuzz")
            while let result = try reader.next() {
                switch result {
                case .success(let row):
                    #expect(row.values.count == reader.header.count)
                    rows += 1
                case .failure(let issue):
                    #expect(issue.code == .malformedRecord && issue.location?.hasPrefix("f.csv:") == true)
                    issues += 1
                }
            }
            return (rows, issues, nil)
        } catch {
            return (rows, issues, error)
        }
    }

    static func readXML(_ url: URL) -> (records: Int, error: (any Error)?) {
        var records = 0
        do {
            try OneCXMLReader(url: url, source: "fuzz").read { result in
                switch result {
                case .success(let record):
                    #expect(!record.sourceKey.isEmpty && record.origin?.hasPrefix("f.xml:element ") == true)
                    records += 1
                case .failure(let issue):
                    #expect(issue.code == .malformedRecord && issue.location?.hasPrefix("f.xml:") == true)
                }
            }
            return (records, nil)
        } catch {
            return (records, error)
        }
    }

    static func expectTyped(_ error: (any Error)?, file: String) {
        guard let error else { return }
        let typed = error as? ConnectorError
        #expect(typed != nil, "untyped error \(error)")
        #expect(typed?.location?.hasPrefix(file) == true, "error without the file: \(error)")
    }

    @Test("CSV: seeded random bytes and mutations of a valid file", arguments: [1, 2, 3])
    func csvFuzz(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let valid = Array(csvText([["id", "name", "note"], ["1", "Ромашка", "a,\"b\"\nc"], ["2", "x", ""]]).utf8)
        try withTemporaryDirectorySync { folder in
            let url = folder.appendingPathComponent("f.csv")
            var outcomes = (rows: 0, errors: 0)
            for round in 0..<200 {
                let bytes = round.isMultiple(of: 2)
                    ? Self.randomBytes(&generator, alphabet: Self.csvAlphabet)
                    : Self.mutate(valid, &generator, alphabet: Self.csvAlphabet)
                try Data(bytes).write(to: url)
                let outcome = Self.readCSV(url)
                Self.expectTyped(outcome.error, file: "f.csv")
                outcomes.rows += outcome.rows
                outcomes.errors += outcome.error == nil ? 0 : 1
            }
            // The generator reaches both outcomes, so the invariants above were exercised on each.
            #expect(outcomes.rows > 0 && outcomes.errors > 0)
        }
    }

    @Test("1C XML: seeded random bytes and mutations of a valid document", arguments: [1, 2])
    func xmlFuzz(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let valid = Array(commerceML(namespace: seed == 1).utf8)
        try withTemporaryDirectorySync { folder in
            let url = folder.appendingPathComponent("f.xml")
            var outcomes = (records: 0, errors: 0)
            for round in 0..<150 {
                let bytes = round.isMultiple(of: 3)
                    ? Self.randomBytes(&generator, alphabet: Self.xmlAlphabet)
                    : Self.mutate(valid, &generator, alphabet: Self.xmlAlphabet)
                try Data(bytes).write(to: url)
                let outcome = Self.readXML(url)
                Self.expectTyped(outcome.error, file: "f.xml")
                outcomes.records += outcome.records
                outcomes.errors += outcome.error == nil ? 0 : 1
            }
            #expect(outcomes.records > 0 && outcomes.errors > 0)
        }
    }
}
