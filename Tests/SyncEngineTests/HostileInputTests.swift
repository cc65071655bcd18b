import Connectors
import Foundation
import GoldenCore
import GoldenStore
import GoldenTestSupport
import PostgresNIO
import SyncEngine
import Testing

/// One hostile file and what importing it must do: how many records land, which rows are refused (per reason),
/// and the words the user is told.
struct HostileCase: Sendable, CustomTestStringConvertible {
    enum Format: Sendable { case csv(options: [String: String]), xml }

    let name: String
    let file: String
    let format: Format
    let bytes: @Sendable () -> [UInt8]
    /// Records in `source_records` after the import.
    let landed: Int
    /// Open rows in `rejected_rows` per reason code.
    let rejected: [String: Int]
    /// Words the source's error must hold (`nil`: the import must not fail).
    var error: String? = nil
    /// Words one rejected row's reason must hold.
    var reason: String? = nil
    /// Words one notice must hold.
    var notice: String? = nil

    var testDescription: String { name }

    static func csv(
        _ name: String, file: String = "list.csv", options: [String: String] = [:], landed: Int,
        rejected: [String: Int] = [:], error: String? = nil, reason: String? = nil, notice: String? = nil,
        bytes: @escaping @Sendable () -> [UInt8]
    ) -> HostileCase {
        HostileCase(
            name: name, file: file, format: .csv(options: options), bytes: bytes, landed: landed, rejected: rejected,
            error: error, reason: reason, notice: notice)
    }

    static func xml(
        _ name: String, landed: Int, rejected: [String: Int] = [:], error: String? = nil, reason: String? = nil,
        bytes: @escaping @Sendable () -> [UInt8]
    ) -> HostileCase {
        HostileCase(
            name: name, file: "acc_1c.xml", format: .xml, bytes: bytes, landed: landed, rejected: rejected,
            error: error, reason: reason)
    }
}

typealias Files = HostileInputFiles

/// Bad input never costs good data: every case of issue 18, plus the classic hostile files, imported for real into
/// PostgreSQL, each with its expected outcome. `--check` (``ImportChecker``) must show the same row-level picture
/// without landing anything.
@Suite("Hostile input", .database)
struct HostileInputTests {
    static let twoMB = 2 * 1024 * 1024

    static let cases: [HostileCase] = [
        .csv(
            "5,000 good rows and an unclosed quote on the last line", landed: 5_000,
            rejected: ["row.unclosed_quote": 1], reason: "a quoted value opened on line 5002 is never closed"
        ) { Files.utf8(Files.header + Files.goodRows(5_000) + "5001,\"Unclosed,x@example.ru\n") },
        .csv(
            "1 good row and 1 row with too few columns", landed: 1, rejected: ["row.column_count": 1],
            reason: "row has 2 values, the header has 3 columns"
        ) { Files.utf8(Files.header + Files.goodRows(1) + "2,Short\n") },
        .csv(
            "39 UTF-8 Cyrillic rows and 1 row with invalid bytes", landed: 39, rejected: ["row.invalid_text": 1],
            reason: "row is not valid utf-8 text (column 'name')", notice: "outnumber"
        ) { Files.utf8(Files.header + Files.goodRows(39)) + Files.utf8("40,Иван ") + [0xFF, 0xFE] + Files.utf8(",x@y.ru\n") },
        .csv(
            "a UTF-8 file whose only non-ASCII bytes are invalid", landed: 1,
            notice: "guessed windows-1251: none of its 3 byte(s) above 0x7F forms a valid UTF-8 sequence"
        ) { Files.utf8(Files.header + "1,Ivan ") + [0xC0, 0xC1, 0xE0] + Files.utf8(",ivan@example.ru\n") },
        .csv("a value with a NUL byte", landed: 1) {
            Files.utf8(Files.header + "1,Ив\u{0}ан Петров,ivan@example.ru\n")
        },
        .csv("64 KB of random bytes (seed 42)", landed: 0, error: "neither UTF-8 nor windows-1251") {
            Files.randomBytes(64 * 1024, seed: 42)
        },
        .csv("an empty file", landed: 0, error: "the file has no header row") { [] },
        .csv("a header and no rows", landed: 0) { Files.utf8(Files.header) },
        .csv("UTF-8 with a byte-order mark", landed: 3) { [0xEF, 0xBB, 0xBF] + Files.utf8(Files.header + Files.goodRows(3)) },
        .csv("CRLF line ends", landed: 5) {
            Files.utf8((Files.header + Files.goodRows(5)).replacingOccurrences(of: "\n", with: "\r\n"))
        },
        .csv("windows-1251", landed: 10, notice: "guessed windows-1251") {
            Files.windows1251(Files.header + Files.goodRows(10))
        },
        .csv("a 2 MB unquoted field", landed: 2) {
            Files.utf8(Files.header + "1,Иван Петров," + String(repeating: "a", count: twoMB) + "@x.ru\n" + Files.goodRows(1, from: 2))
        },
        .csv(
            "a 2 MB quoted field past the default 1 MiB quote limit", landed: 1, rejected: ["row.unclosed_quote": 1],
            reason: "is not closed within 1048576 bytes"
        ) {
            Files.utf8(Files.header + "1,\"" + String(repeating: "a, ", count: twoMB / 3) + "\",x@x.ru\n" + Files.goodRows(1, from: 2))
        },
        .csv("a 2 MB quoted field with quoted_bytes raised to 4 MiB", options: ["quoted_bytes": "4194304"], landed: 2) {
            Files.utf8(Files.header + "1,\"" + String(repeating: "a, ", count: twoMB / 3) + "\",x@x.ru\n" + Files.goodRows(1, from: 2))
        },
        .csv("SQL and HTML in values", landed: 2) {
            Files.utf8(
                Files.header + "1,\"Robert'); DROP TABLE source_records;--\",a@example.ru\n"
                    + "2,<script>alert(\"x\")</script>,<b>x</b>@example.ru\n")
        },
        .xml(
            "a truncated 1C file", landed: 3, rejected: ["xml.broken": 1],
            reason: "the XML stops before its root element closes (truncated)"
        ) {
            let full = Files.commerceML(Files.counterparties(1...4))
            let cut = full.range(of: "<Ид>c4")!.lowerBound
            return Files.utf8(String(full[..<cut]))
        },
        .xml(
            "a Контрагент without Ид between good ones", landed: 4, rejected: ["xml.malformed_element": 1],
            reason: "<Контрагент> has no <Ид>"
        ) {
            Files.utf8(Files.commerceML(
                Files.counterparties(1...2) + Files.counterparty(id: nil, name: "ООО Без Ида") + Files.counterparties(4...5)))
        },
        .xml(
            "a Контрагент with a broken tag between good ones", landed: 4, rejected: ["xml.broken": 1],
            reason: "a closing tag does not match the element it closes (libxml2 error 76)); 3 record element(s) were "
                + "seen before line 14; line 14 (109 bytes) refused, reading resumes at line 15"
        ) {
            Files.utf8(Files.commerceML(
                Files.counterparties(1...2) + "      <Контрагент><Ид>c3</Ид><Наименование>x</Имя></Контрагент>\n"
                    + Files.counterparties(4...5)))
        },
        .xml(
            "two broken Контрагент and one without Ид among good ones", landed: 4,
            rejected: ["xml.broken": 2, "xml.malformed_element": 1], reason: "reading resumes at line"
        ) {
            Files.utf8(Files.commerceML(
                Files.counterparties(1...1) + "      <Контрагент><Ид>b1</Ид><Наименование>x</Имя></Контрагент>\n"
                    + Files.counterparties(2...2) + Files.counterparty(id: nil, name: "ООО Без Ида")
                    + "      <Контрагент><Ид>b2<Ид></Контрагент>\n" + Files.counterparties(3...4)))
        },
        .xml("billion laughs", landed: 0, rejected: ["xml.broken": 1], reason: "billion-laughs file (libxml2 error 89)") {
            Files.utf8(Files.billionLaughs())
        },
        .xml(
            "100,000-deep nesting inside a Контрагент", landed: 0, rejected: ["xml.malformed_element": 1],
            reason: "<Контрагент> nests elements deeper than 64 levels"
        ) {
            Files.utf8(Files.deepNesting(100_000))
        },
        .xml("100,000-deep nesting around the document", landed: 1) {
            Files.utf8(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + String(repeating: "<a>", count: 100_000)
                    + Files.counterparty(id: "c1", name: "ООО Ромашка") + String(repeating: "</a>", count: 100_000) + "\n")
        },
    ]

    static func mapping(for format: HostileCase.Format) throws -> SourceMapping {
        switch format {
        case .xml:
            return try MappingLoader.load(contentsOf: repositoryRoot.appendingPathComponent("mappings/1c.yaml"))
        case .csv(let options):
            var text = Files.csvMapping
            if !options.isEmpty {
                text += "\n    options: { " + options.map { "\($0.key): \"\($0.value)\"" }.joined(separator: ", ") + " }\n"
            }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("golden-hostile-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let url = directory.appendingPathComponent("hostile.yaml")
            try text.write(to: url, atomically: true, encoding: .utf8)
            return try MappingLoader.load(contentsOf: url)
        }
    }

    static func withFile<T>(_ name: String, _ bytes: [UInt8], _ body: (URL) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("golden-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return try await body(url)
    }

    static func source(_ hostile: HostileCase, at url: URL, name: String) throws -> SourceConfiguration {
        switch hostile.format {
        case .csv:
            return SourceConfiguration(
                name: name, kind: .csv, location: url.path, mapping: try mapping(for: hostile.format), entities: [.person])
        case .xml:
            return SourceConfiguration(
                name: name, kind: .oneCXML, location: url.path, mapping: try mapping(for: hostile.format),
                entities: [.organization])
        }
    }

    /// `HOSTILE_ONLY=<words>` runs only the cases whose name holds them (to rerun one case while debugging).
    static var selectedCases: [HostileCase] {
        guard let only = ProcessInfo.processInfo.environment["HOSTILE_ONLY"] else { return cases }
        return cases.filter { $0.name.contains(only) }
    }

    @Test("lands the good rows, keeps the bad ones whole, and says why", arguments: selectedCases)
    func hostile(_ hostile: HostileCase) async throws {
        let db = try TestDatabase.require
        // Unique per case, so the cases are independent even where they share a schema.
        let name = "h_" + UUID().uuidString.prefix(8).lowercased()
        try await Self.withFile(hostile.file, hostile.bytes()) { url in
            let source = try Self.source(hostile, at: url, name: name)

            // --check: the same row-level picture, nothing landed.
            let connector = try DefaultConnectorFactory(environment: [:]).makeConnector(for: source)
            let report = await ImportChecker(standardizer: RecordStandardizer()).check(source, connector: connector)
            #expect(report.rows == hostile.landed, "check: rows")
            #expect(
                Dictionary(uniqueKeysWithValues: report.rejected.map { ($0.code, $0.count) }) == hostile.rejected,
                "check: rejected rows")
            #expect(try await scalar(db, "SELECT count(*) FROM source_records WHERE source = \(name)") == 0)

            let summary = try await makeJob(db).run([source], kind: .import)
            let landed = try #require(summary.sources.first)
            if let error = hostile.error {
                #expect(landed.error?.contains(error) == true, "error: \(landed.error ?? "none")")
            } else {
                #expect(landed.error == nil)
            }
            #expect(landed.pulled == hostile.landed)
            #expect(landed.rejectedByReason == hostile.rejected)
            #expect(try await scalar(db, "SELECT count(*) FROM source_records WHERE source = \(name)") == hostile.landed)
            let rows = try await RejectedRowRepository(database: db.database).rows(source: name)
            #expect(Dictionary(rows.map { ($0.reasonCode, 1) }, uniquingKeysWith: +) == hostile.rejected)
            #expect(rows.allSatisfy { $0.file == hostile.file && $0.line > 0 && !$0.rawBytes.isEmpty })
            if let reason = hostile.reason {
                #expect(rows.contains { $0.reason.contains(reason) }, "reasons: \(rows.map(\.reason))")
            }
            if let notice = hostile.notice {
                #expect(landed.notices.contains { $0.contains(notice) }, "notices: \(landed.notices)")
            }
            // Every stored payload is valid jsonb (no \u0000), whatever the file held.
            #expect(
                try await scalar(
                    db,
                    """
                    SELECT count(*) FROM raw_record_versions v JOIN source_records r USING (source_record_id)
                    WHERE r.source = \(name) AND v.payload::jsonb IS NOT NULL
                    """) == hostile.landed)
        }
    }

    @Test("a refused row keeps its exact bytes, line and text")
    func rawBytesKept() async throws {
        let db = try TestDatabase.require
        let bad = Files.utf8("40,Иван ") + [0xFF, 0xFE] + Files.utf8(",x@y.ru")
        let bytes = Files.utf8(Files.header + Files.goodRows(39)) + bad + [0x0A] + Files.utf8(Files.goodRows(1, from: 41))
        try await Self.withFile("people.csv", bytes) { url in
            let source = try Self.source(.csv("raw", landed: 40) { [] }, at: url, name: "raw")
            _ = try await makeJob(db).run([source], kind: .import)
            let rows = try await RejectedRowRepository(database: db.database).rows(source: "raw")
            #expect(rows.count == 1)
            #expect(rows.first?.rawBytes == bad)
            #expect(rows.first?.rawText == nil)
            #expect(rows.first?.line == 41)
            #expect(try await scalar(db, "SELECT count(*) FROM source_records WHERE source = 'raw'") == 40)
        }
    }

    @Test("NUL is removed from standardized values and kept visibly (U+2400) in the raw payload")
    func nulValue() async throws {
        let db = try TestDatabase.require
        try await Self.withFile("nul.csv", Files.utf8(Files.header + "1,Ив\u{0}ан Петров,iv\u{1}an@example.ru\n")) { url in
            let source = try Self.source(.csv("nul", landed: 1) { [] }, at: url, name: "nul")
            _ = try await makeJob(db).run([source], kind: .import)
            let rows = try await db.client.query(
                "SELECT v.payload::jsonb ->> 'name', r.attributes::text FROM raw_record_versions v JOIN source_records r USING (source_record_id)")
            var found = 0
            for try await (name, attributes) in rows.decode((String, String).self) {
                found += 1
                #expect(name == "Ив\u{2400}ан Петров")
                #expect(attributes.contains("Иван Петров"), "\(attributes)")
                #expect(attributes.contains("ivan@example.ru"), "\(attributes)")
                #expect(!attributes.contains("\u{2400}") && !attributes.contains("\\u0000") && !attributes.contains("\\u0001"))
            }
            #expect(found == 1)
        }
    }

    @Test("SQL and HTML in values land as text, byte for byte")
    func injectionIsText() async throws {
        let db = try TestDatabase.require
        let sql = "Robert'); DROP TABLE source_records;--"
        let html = "<script>alert(\"x\")</script>"
        let text = Files.header + "1,\"\(sql)\",a@example.ru\n" + "2,\"\(html.replacingOccurrences(of: "\"", with: "\"\""))\",b@example.ru\n"
        try await Self.withFile("inject.csv", Files.utf8(text)) { url in
            let source = try Self.source(.csv("inject", landed: 2) { [] }, at: url, name: "inject")
            _ = try await makeJob(db).run([source], kind: .import)
            var names: [String] = []
            for try await name in try await db.client.query(
                "SELECT payload::jsonb ->> 'name' FROM raw_record_versions ORDER BY payload::jsonb ->> 'id'"
            ).decode(String.self) { names.append(name) }
            #expect(names == [sql, html])
        }
    }

    @Test("an external entity is never read into a payload")
    func externalEntity() async throws {
        let db = try TestDatabase.require
        let marker = "TOP-SECRET-\(UInt64.random(in: 1...UInt64.max))"
        try await Self.withFile("secret.txt", Files.utf8(marker)) { secret in
            let document = Files.utf8(Files.externalEntity(pointingAt: secret.path))
            try await Self.withFile("acc_1c.xml", document) { url in
                let source = try Self.source(.xml("xxe", landed: 0) { [] }, at: url, name: "xxe")
                let summary = try await makeJob(db).run([source], kind: .import)
                var payloads = ""
                for try await payload in try await db.client.query("SELECT payload::text FROM raw_record_versions")
                    .decode(String.self) { payloads += payload }
                for row in try await RejectedRowRepository(database: db.database).rows(source: "xxe") {
                    payloads += row.rawText ?? ""
                }
                #expect(!payloads.contains(marker))
                #expect(summary.sources.first?.error == nil)
            }
        }
    }

    @Test("golden import of one 1C file reads that file; a 1C folder source reads the folder")
    func oneFileMeansOneFile() async throws {
        let db = try TestDatabase.require
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("golden-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("acc_1c.xml")
        try Data(Files.utf8(Files.commerceML(Files.counterparties(1...3)))).write(to: file)
        try Data(Files.utf8(Files.commerceML(Files.counterparties(1...2, prefix: "other")))).write(
            to: directory.appendingPathComponent("other.xml"))
        let mapping = try Self.mapping(for: .xml)
        let job = try makeJob(db)
        let single = SourceConfiguration(
            name: "acc_file", kind: .oneCXML, location: file.path, mapping: mapping, entities: [.organization])
        let folder = SourceConfiguration(
            name: "acc_folder", kind: .oneCXML, location: directory.path, mapping: mapping, entities: [.organization])
        let summary = try await job.run([single, folder], kind: .import)
        #expect(summary.sources.map(\.pulled) == [3, 5])
        #expect(try await scalar(db, "SELECT count(*) FROM source_records WHERE source = 'acc_file'") == 3)
        #expect(try await scalar(db, "SELECT count(*) FROM source_records WHERE source = 'acc_folder'") == 5)
    }

    @Test("after a break the reader resumes at the next record, and lines still name the file's own lines")
    func resumedLines() async throws {
        let db = try TestDatabase.require
        let text = Files.commerceML(
            Files.counterparties(1...1) + "      <Контрагент><Ид>b1</Ид><Наименование>x</Имя></Контрагент>\n"
                + Files.counterparty(id: nil, name: "ООО Без Ида") + Files.counterparties(2...2))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let brokenLine = try #require(lines.firstIndex { $0.contains("<Ид>b1") }) + 1
        let noIDLine = try #require(lines.firstIndex { $0.contains("<Наименование>ООО Без Ида") }) - 1 + 1
        try await Self.withFile("acc_1c.xml", Files.utf8(text)) { url in
            let source = try Self.source(.xml("lines", landed: 2) { [] }, at: url, name: "lines")
            let summary = try await makeJob(db).run([source], kind: .import)
            #expect(summary.sources.first?.pulled == 2)
            let rows = try await RejectedRowRepository(database: db.database).rows(source: "lines")
            #expect(rows.map(\.line) == [brokenLine, noIDLine])
            // The refused bytes run from the start of the broken line to the next record's start tag.
            #expect(rows.first?.rawText == String(lines[brokenLine - 1]) + "\n      ")
            // Records after the break keep the document's date (read again from the root start tag).
            #expect(
                try await scalar(
                    db, "SELECT count(*) FROM source_records WHERE source = 'lines' AND modified_at IS NOT NULL") == 2)
        }
    }

    @Test("a rerun of the same file is a no-op for good and rejected rows alike")
    func rerun() async throws {
        let db = try TestDatabase.require
        try await Self.withFile("list.csv", Files.utf8(Files.header + Files.goodRows(3) + "4,Short\n")) { url in
            let source = try Self.source(.csv("rerun", landed: 3) { [] }, at: url, name: "rerun")
            let job = try makeJob(db)
            let first = try await job.run([source], kind: .import)
            let second = try await job.run([source], kind: .import)
            #expect(first.sources.first?.rejected == 1 && first.sources.first?.pulled == 3)
            #expect(second.sources.first?.rejected == 0 && second.sources.first?.pulled == 0)
            #expect(try await scalar(db, "SELECT count(*) FROM rejected_rows") == 1)
        }
    }
}
