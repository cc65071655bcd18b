@testable import Connectors
import Foundation
import GoldenCore
import Testing

/// Quotes a value the way Excel and RFC 4180 writers do.
func csvField(_ value: String, delimiter: Character) -> String {
    guard value.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

func csvText(_ rows: [[String]], delimiter: Character = ",", newline: String = "\n") -> String {
    rows.map { $0.map { csvField($0, delimiter: delimiter) }.joined(separator: String(delimiter)) }
        .joined(separator: newline) + newline
}

@Suite("CSV reader")
struct CSVReaderTests {
    static let header = ["id", "name", "company", "email", "note"]
    static let rows: [[String]] = [
        ["1", "Иван Петров", "ООО \"Ромашка\"", "ivan@romashka.example", "plain"],
        ["2", "Mark Smith", "Acme, Inc.", "mark@acme.example", "line one\nline two"],
        ["3", "Ёлкина Анна", "ИП Ёлкина; филиал", "", "tab\there | pipe"],
        ["4", "  spaced  ", "АО «Вектор»", "a@b.example", "\"quoted\" start"],
    ]

    func readAll(_ url: URL, delimiter: UInt8? = nil) throws -> (CSVReader, [CSVRow], [ConnectorError]) {
        let reader = try CSVReader(url: url, source: "csv_test", delimiter: delimiter)
        var rows: [CSVRow] = []
        var issues: [ConnectorError] = []
        while let result = try reader.next() {
            switch result {
            case .success(let row): rows.append(row)
            case .failure(let issue): issues.append(issue)
            }
        }
        return (reader, rows, issues)
    }

    @Test("rows equal the file, for every delimiter and line ending", arguments: [",", ";", "\t", "|"], ["\n", "\r\n"])
    func roundTrip(delimiter: String, newline: String) throws {
        try withTemporaryDirectorySync { folder in
            let text = csvText([Self.header] + Self.rows, delimiter: Character(delimiter), newline: newline)
            let url = try write(text, to: folder, name: "people.csv")
            let (reader, rows, issues) = try readAll(url)
            #expect(reader.delimiter == Array(delimiter.utf8)[0])
            #expect(reader.header == Self.header)
            #expect(issues.isEmpty)
            #expect(rows.map(\.values) == Self.rows)
            #expect(rows.map(\.line) == [2, 3, 5, 6])
        }
    }

    @Test("Excel's Russian export: windows-1251 with ';', and UTF-8 with a byte-order mark")
    func legacyEncodings() throws {
        try withTemporaryDirectorySync { folder in
            let text = "id;name\n1;Ромашка Ёж\n2;«Вектор» №5\n"
            let cp1251 = windows1251Bytes(text)
            let (legacy, legacyRows, _) = try readAll(try write(cp1251, to: folder, name: "a.csv"))
            #expect(legacy.encoding == .windows1251)
            #expect(legacyRows.map(\.values) == [["1", "Ромашка Ёж"], ["2", "«Вектор» №5"]])

            let bom = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
            let (withBOM, bomRows, _) = try readAll(try write(bom, to: folder, name: "b.csv"))
            #expect(withBOM.header == ["id", "name"])
            #expect(bomRows.map(\.values) == [["1", "Ромашка Ёж"], ["2", "«Вектор» №5"]])
        }
    }

    @Test("windows-1251 that starts after the first 64 KB of ASCII is still decoded")
    func lateCyrillic() throws {
        try withTemporaryDirectorySync { folder in
            var bytes = Array("id,name\n".utf8)
            for index in 0..<8_000 { bytes += Array("\(index),ascii name\n".utf8) }
            bytes += Array("late,".utf8) + TextEncodingTests.romashka1251 + [0x0A]
            let (reader, rows, issues) = try readAll(try write(bytes, to: folder, name: "late.csv"))
            #expect(issues.isEmpty)
            #expect(reader.encoding == .windows1251)
            #expect(rows.count == 8_001)
            #expect(rows.last?.values == ["late", "Ромашка Ёж"])
        }
    }

    @Test("values that span 64 KB chunk boundaries come out whole")
    func chunkBoundaries() throws {
        try withTemporaryDirectorySync { folder in
            var generator = SeededGenerator(seed: 7)
            let alphabet = Array("abcЖЁя,;\"\n \t'")
            let rows = (0..<3_000).map { index in
                [String(index), String((0..<Int.random(in: 0..<90, using: &generator)).map { _ in
                    alphabet.randomElement(using: &generator)!
                })]
            }
            let url = try write(csvText([["id", "value"]] + rows, newline: "\r\n"), to: folder, name: "big.csv")
            let (_, read, issues) = try readAll(url, delimiter: UInt8(ascii: ","))
            #expect(issues.isEmpty)
            #expect(read.map(\.values) == rows)
        }
    }

    @Test(
        "rows offered to be passed over come undecoded: their bytes are rawBytes, their values next()'s; the rest is read as before",
        arguments: [false, true])
    func skipping(legacy: Bool) throws {
        try withTemporaryDirectorySync { folder in
            // Good rows (quoted, multi-line, Cyrillic), a blank line, a short row, a long one and an unclosed quote.
            let text = csvText([Self.header] + Self.rows, delimiter: ";") + "\n5;x\n" + csvText(Self.rows, delimiter: ";")
                + "6;a;b;c;d;e\n" + csvText(Self.rows.reversed(), delimiter: ";") + "7;\"open;b;c;d\n"
            let url = try write(legacy ? windows1251Bytes(text) : Array(text.utf8), to: folder, name: "skip.csv")
            // Every success with its bytes, and every failure, as next() gives them.
            var successes: [(values: [String], raw: [UInt8], line: Int)] = []
            var failures: [String] = []
            let plain = try CSVReader(url: url, source: "csv_test")
            while let result = try plain.next() {
                switch result {
                case .success(let row): successes.append((row.values, plain.rawBytes, row.line))
                case .failure(let issue): failures.append("\(issue.location) \(issue.message)")
                }
            }
            #expect(successes.count == 12 && failures.count == 3)
            var offered: [(values: [String], raw: [UInt8])] = []
            var returned: [[String]] = []
            var skippingFailures: [String] = []
            let reader = try CSVReader(url: url, source: "csv_test")
            while let result = try reader.next(skipping: { raw, value in
                offered.append(((0..<Self.header.count).map(value), Array(raw)))
                return offered.count % 2 == 1
            }) {
                switch result {
                case .success(let row):
                    returned.append(row.values)
                    #expect(reader.rawBytes == offered.last?.raw)
                case .failure(let issue): skippingFailures.append("\(issue.location) \(issue.message)")
                }
            }
            #expect(offered.map(\.values) == successes.map(\.values))
            #expect(offered.map(\.raw) == successes.map(\.raw))
            #expect(returned == successes.enumerated().filter { $0.offset % 2 == 1 }.map(\.element.values))
            #expect(skippingFailures == failures)
        }
    }

    @Test("a row with the wrong number of values is an issue naming its line; the rest of the file is read")
    func wrongColumnCount() throws {
        try withTemporaryDirectorySync { folder in
            let url = try write("id,name,inn\n1,a,1\n2,b\n3,c,3,extra\n\n4,d,4\n", to: folder, name: "bad.csv")
            let (_, rows, issues) = try readAll(url)
            #expect(rows.map(\.values) == [["1", "a", "1"], ["4", "d", "4"]])
            #expect(issues.map(\.location) == ["bad.csv:3", "bad.csv:4"])
            #expect(issues.map(\.code) == [.malformedRecord, .malformedRecord])
            #expect(issues[0].message.contains("2 values") && issues[0].message.contains("3 columns"))
        }
    }

    @Test("an unclosed quote is refused on the line it opened on, and reading resumes on the next line")
    func unclosedQuote() throws {
        try withTemporaryDirectorySync { folder in
            let url = try write("id,name\n1,a\n2,\"open\n3,c\n4,d\n", to: folder, name: "quote.csv")
            let reader = try CSVReader(url: url, source: "csv_test")
            #expect(try reader.next()?.get().values == ["1", "a"])
            let failure = try #require(try reader.next())
            guard case .failure(let issue) = failure else {
                Issue.record("expected the unclosed quote to be refused, got \(failure)")
                return
            }
            #expect(issue.location == "quote.csv:3" && issue.code == .malformedRecord && issue.rowReason == .unclosedQuote)
            #expect(issue.message.contains("never closed"))
            #expect(reader.rawBytes == Array("2,\"open".utf8))
            #expect(try reader.next()?.get().values == ["3", "c"])
            #expect(try reader.next()?.get().values == ["4", "d"])
            #expect(try reader.next() == nil)
        }
    }

    @Test("a quoted value past the line or byte limit is refused; one within the limits spans lines")
    func quoteLimits() throws {
        try withTemporaryDirectorySync { folder in
            let lines = (0..<5).map { "l\($0)" }.joined(separator: "\n")
            let text = "id,note\n1,\"\(lines)\"\n2,x\n"
            let url = try write(text, to: folder, name: "span.csv")
            let tight = try CSVReader(url: url, source: "t", limits: .init(quotedLines: 3))
            let refused = try #require(try tight.next())
            guard case .failure(let issue) = refused else {
                Issue.record("expected a refusal past 3 lines")
                return
            }
            #expect(issue.location == "span.csv:2" && issue.message.contains("within 3 lines"))
            // Resumes on line 3 ("l1"), which is a row of one value, then finds the rest.
            var rest: [String] = []
            while let next = try tight.next() {
                if case .success(let row) = next { rest.append(row.values.joined(separator: "|")) }
            }
            #expect(rest.last == "2|x")
            let roomy = try CSVReader(url: url, source: "t", limits: .init(quotedLines: 10))
            #expect(try roomy.next()?.get().values == ["1", lines])
            #expect(try roomy.next()?.get().values == ["2", "x"])
            let bytes = try CSVReader(url: url, source: "t", limits: .init(quotedBytes: 8))
            guard case .failure(let byteIssue) = try #require(try bytes.next()) else {
                Issue.record("expected a refusal past 8 bytes")
                return
            }
            #expect(byteIssue.message.contains("within 8 bytes"))
        }
    }

    @Test(
        "a header with an empty or repeated name is refused, naming the column",
        arguments: [
            ("id,name,,x\n", "column 3 has no name"), ("id,email, email \n", "column 3 'email' repeats column 2"),
        ])
    func badHeader(text: String, message: String) throws {
        try withTemporaryDirectorySync { folder in
            let url = try write(text + "1,2,3,4\n", to: folder, name: "h.csv")
            #expect {
                _ = try CSVReader(url: url, source: "csv_test")
            } throws: { error in
                let error = error as? ConnectorError
                return error?.location == "h.csv:1" && error?.message.contains(message) == true
            }
        }
    }

    @Test("bytes that are not text are refused with the file and line; a bad row in a UTF-8 file is an issue")
    func badEncoding() throws {
        try withTemporaryDirectorySync { folder in
            let junk = Array("id,name\n1,ok\n".utf8) + [0x81, 0x00, 0x90, 0x91, 0x83, 0x8F, 0x0A]
            #expect {
                _ = try CSVReader(url: try write(junk, to: folder, name: "junk.csv"), source: "csv_test")
            } throws: { error in
                (error as? ConnectorError)?.location == "junk.csv:3"
            }
            let mixed = Array("id,name\n1,Ромашка\n2,".utf8) + [0xFF, 0xFE] + Array("\n3,Вектор\n".utf8)
            let (reader, rows, issues) = try readAll(try write(mixed, to: folder, name: "mixed.csv"))
            #expect(reader.encoding == .utf8)
            #expect(rows.map(\.values) == [["1", "Ромашка"], ["3", "Вектор"]])
            #expect(issues.map(\.location) == ["mixed.csv:3"])
        }
    }

    @Test("a file without a header row is refused")
    func emptyFile() {
        withTemporaryDirectorySync { folder in
            #expect(throws: ConnectorError.self) {
                _ = try CSVReader(url: try write("", to: folder, name: "empty.csv"), source: "csv_test")
            }
            let missing = folder.appendingPathComponent("missing.csv")
            #expect {
                _ = try CSVReader(url: missing, source: "csv_test")
            } throws: { ($0 as? ConnectorError)?.code == .unavailable }
        }
    }
}
