@testable import Connectors
import Foundation
import GoldenCore
import Testing
import ZIPFoundation

/// Writes a workbook from raw parts, compressed as Excel does.
func makeWorkbook(at url: URL, parts: [String: String]) throws {
    let archive = try Archive(url: url, accessMode: .create)
    for (path, text) in parts.sorted(by: { $0.key < $1.key }) {
        let data = Data(text.utf8)
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
        ) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}

/// A minimal but complete workbook: two sheets, shared strings with rich text and a phonetic hint, styles with a
/// built-in and a custom date format, inline strings, numbers, booleans, a sparse row and an empty styled row.
func sampleWorkbookParts(date1904: Bool = false, sheet1: String? = nil) -> [String: String] {
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    let sheetHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"\(main)\">"
    return [
        "[Content_Types].xml": """
            <?xml version="1.0" encoding="UTF-8"?>\
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="xml" ContentType="application/xml"/></Types>
            """,
        "xl/workbook.xml": """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="\(main)" xmlns:r="\(rel)">
              <workbookPr\(date1904 ? " date1904=\"1\"" : "")/>
              <sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/>\
            <sheet name="Second" sheetId="2" r:id="rId2"/></sheets>
            </workbook>
            """,
        "xl/_rels/workbook.xml.rels": """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
              <Relationship Id="rId1" Type="\(rel)/worksheet" Target="worksheets/sheet1.xml"/>
              <Relationship Id="rId2" Type="\(rel)/worksheet" Target="/xl/worksheets/sheet2.xml"/>
              <Relationship Id="rId3" Type="\(rel)/sharedStrings" Target="sharedStrings.xml"/>
            </Relationships>
            """,
        "xl/sharedStrings.xml": """
            <?xml version="1.0" encoding="UTF-8"?>
            <sst xmlns="\(main)" count="5" uniqueCount="5">
              <si><t>id</t></si><si><t>name</t></si>
              <si><r><t>ООО «Ромашка»</t></r><r><rPr><b/></rPr><t xml:space="preserve">, Москва</t></r></si>
              <si><t>Иванов</t><rPh sb="0" eb="1"><t>イ</t></rPh></si>
              <si><t>founded</t></si>
            </sst>
            """,
        "xl/styles.xml": """
            <?xml version="1.0" encoding="UTF-8"?>
            <styleSheet xmlns="\(main)">
              <numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/>\
            <numFmt numFmtId="165" formatCode="#,##0.00&quot;р.&quot;"/></numFmts>
              <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
              <cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="22"/>\
            <xf numFmtId="165"/></cellXfs>
            </styleSheet>
            """,
        "xl/worksheets/sheet1.xml": sheet1 ?? """
            \(sheetHeader)<sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>\
            <c r="C1" t="inlineStr"><is><t> inn </t></is></c>\
            <c r="D1" t="s"><v>4</v></c><c r="E1" t="inlineStr"><is><t>balance</t></is></c>\
            <c r="F1" t="inlineStr"><is><t>active</t></is></c><c r="G1" t="inlineStr"><is><t>since</t></is></c></row>
            <row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="str"><v>7707083893</v></c>\
            <c r="D2" s="1"><v>45413</v></c><c r="E2" s="4"><v>1234.5</v></c><c r="F2" t="b"><v>1</v></c>\
            <c r="G2" s="3"><v>45413.5</v></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><r><t>A-</t></r><r><t>2</t></r></is></c><c r="B3" t="s"><v>3</v></c>\
            <c r="D3" s="2"><v>1</v></c><c r="F3" t="b"><v>0</v></c></row>
            <row r="4"><c r="A4" s="1"/><c r="B4" s="2"/></row>
            <row r="6"><c r="A6"><v>6</v></c><c r="F6" t="e"><v>#N/A</v></c></row>
            <row r="7"><c r="A7"><v>7</v></c><c r="H7" t="inlineStr"><is><t>stray</t></is></c></row>
            <row r="8"><c r="A8"><v>8</v></c><c r="B8" t="s"><v>99</v></c></row>
            <row r="9"><c r="B9" t="inlineStr"><is><t>no id</t></is></c></row>
            <row r="10"><c><v>10</v></c><c t="inlineStr"><is><t>no references</t></is></c></row>
            </sheetData></worksheet>
            """,
        "xl/worksheets/sheet2.xml": """
            \(sheetHeader)<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>\
            <row r="2"><c r="A2"><v>42</v></c></row></sheetData></worksheet>
            """,
    ]
}

@Suite("XLSX reader")
struct XLSXReaderTests {
    func rows(of url: URL, sheet: String? = nil) throws -> ([XLSXRow], [ConnectorError]) {
        let reader = try XLSXReader(url: url, source: "xlsx_test", sheet: sheet)
        var rows: [XLSXRow] = []
        var issues: [ConnectorError] = []
        try reader.readRows { result in
            switch result {
            case .success(let row): rows.append(row)
            case .failure(let issue): issues.append(issue)
            }
        }
        return (rows, issues)
    }

    @Test("shared and inline strings, numbers, booleans, dates and sparse rows are read back exactly")
    func readsBack() throws {
        try withTemporaryDirectorySync { folder in
            let url = folder.appendingPathComponent("book.xlsx")
            try makeWorkbook(at: url, parts: sampleWorkbookParts())
            let (rows, issues) = try rows(of: url)
            #expect(rows.map(\.number) == [1, 2, 3, 6, 7, 9, 10])
            #expect(rows[0].cells.map { $0?.scalarText }
                == ["id", "name", " inn ", "founded", "balance", "active", "since"])
            #expect(rows[1].cells == [
                .number(1), .string("ООО «Ромашка», Москва"), .string("7707083893"), .string("2024-05-01"),
                .number(1234.5), .bool(true), .string("2024-05-01T12:00:00"),
            ])
            #expect(rows[2].cells == [.string("A-2"), .string("Иванов"), nil, .string("1900-01-01"), nil, .bool(false)])
            #expect(rows[3].cells == [.number(6), nil, nil, nil, nil, .string("#N/A")])
            #expect(rows[6].cells == [.number(10), .string("no references")])
            #expect(issues.map(\.location) == ["book.xlsx:8"])
            #expect(issues.first?.message.contains("shared string '99'") == true)
        }
    }

    @Test("the connector turns rows into records keyed by the id column, with issues for bad rows")
    func connector() async throws {
        try await withTemporaryDirectory { folder in
            let url = folder.appendingPathComponent("book.xlsx")
            try makeWorkbook(at: url, parts: sampleWorkbookParts())
            let collector = IssueCollector()
            let connector = XLSXFileConnector(
                source: "xlsx_test", url: url, entity: .organization, onIssue: collector.handler)
            let result = await pullAll(connector)
            #expect(result.error == nil)
            #expect(result.records.map(\.sourceKey) == ["1", "A-2", "6", "10"])
            #expect(result.records.map(\.origin) == ["book.xlsx:2", "book.xlsx:3", "book.xlsx:6", "book.xlsx:10"])
            let first = try #require(result.records.first)
            #expect(first.payload["inn"] == .string("7707083893"))
            #expect(first.payload["founded"] == .string("2024-05-01"))
            #expect(first.entity == .organization)
            #expect(result.records[1].payload["balance"] == nil)
            #expect(Set(collector.issues.compactMap(\.location)) == ["book.xlsx:7", "book.xlsx:8", "book.xlsx:9"])
            #expect(collector.issues.contains { $0.message.contains("column H has no header") })
        }
    }

    @Test("without a handler, bad rows ride in the batch as rejected rows with their cells as raw text")
    func rejectedRows() async throws {
        try await withTemporaryDirectory { folder in
            let url = folder.appendingPathComponent("book.xlsx")
            try makeWorkbook(at: url, parts: sampleWorkbookParts())
            let result = await pullAll(XLSXFileConnector(source: "xlsx_test", url: url, entity: .organization))
            #expect(result.error == nil)
            #expect(result.records.map(\.sourceKey) == ["1", "A-2", "6", "10"])
            let rejected = result.batches.flatMap(\.rejected)
            #expect(rejected.map(\.line) == [7, 8, 9])
            #expect(rejected.map(\.reasonCode) == ["row.bad_cell", "row.bad_cell", "row.missing_key"])
            #expect(rejected.map(\.rawText) == ["A7=7\tH7=stray", "A8=8\tB8=99", "B9=no id"])
            #expect(rejected.allSatisfy { $0.file == "book.xlsx" && $0.rawBytes == Array(($0.rawText ?? "").utf8) })
            #expect(result.lastWatermark?.hasSuffix(" book.xlsx") == true)
        }
    }

    @Test("a named sheet with an absolute part path; a missing sheet is refused with the list of sheets")
    func namedSheet() throws {
        try withTemporaryDirectorySync { folder in
            let url = folder.appendingPathComponent("book.xlsx")
            try makeWorkbook(at: url, parts: sampleWorkbookParts())
            let (rows, _) = try rows(of: url, sheet: "Second")
            #expect(rows.map(\.cells) == [[.string("id")], [.number(42)]])
            #expect {
                _ = try XLSXReader(url: url, source: "xlsx_test", sheet: "Третий")
            } throws: { error in
                (error as? ConnectorError)?.message.contains("Лист1, Second") == true
            }
        }
    }

    @Test("the 1904 date system")
    func date1904() throws {
        try withTemporaryDirectorySync { folder in
            let url = folder.appendingPathComponent("mac.xlsx")
            try makeWorkbook(at: url, parts: sampleWorkbookParts(date1904: true))
            let (rows, _) = try rows(of: url)
            #expect(rows[1].cells[3] == .string("2028-05-02"))
            #expect(rows[2].cells[3] == .string("1904-01-02"))
        }
    }

    @Test(
        "Excel serials become ISO dates, with the 1900 leap-year bug",
        arguments: [
            (1.0, ExcelDate.Kind.date, false, "1900-01-01"), (59, .date, false, "1900-02-28"),
            (60, .date, false, "1900-02-29"), (61, .date, false, "1900-03-01"), (45413, .date, false, "2024-05-01"),
            (45413.75, .dateTime, false, "2024-05-01T18:00:00"), (0.5, .time, false, "12:00:00"),
            (0, .date, true, "1904-01-01"), (43_830.999_999_9, .dateTime, false, "2020-01-01T00:00:00"),
        ])
    func excelDates(serial: Double, kind: ExcelDate.Kind, date1904: Bool, expected: String) {
        #expect(ExcelDate.isoText(serial: serial, kind: kind, date1904: date1904) == expected)
    }

    @Test("number formats that show dates are told from those that do not")
    func dateFormats() {
        #expect(XLSXStyles.kind(ofFormatCode: "dd.mm.yyyy") == .date)
        #expect(XLSXStyles.kind(ofFormatCode: "[$-419]d mmmm yyyy") == .date)
        #expect(XLSXStyles.kind(ofFormatCode: "yyyy-mm-dd hh:mm") == .dateTime)
        #expect(XLSXStyles.kind(ofFormatCode: "mm:ss") == .time)
        #expect(XLSXStyles.kind(ofFormatCode: "#,##0.00\"руб.\"") == nil)
        #expect(XLSXStyles.kind(ofFormatCode: "[Red]0.00") == nil)
        #expect(XLSXStyles.kind(ofFormatCode: "General") == nil)
        #expect(XLSXStyles.builtinKind(14) == .date)
        #expect(XLSXStyles.builtinKind(2) == nil)
    }

    @Test("column letters and cell references")
    func columns() {
        #expect([0, 25, 26, 701, 702, 16_383].map(XLSXRow.columnName) == ["A", "Z", "AA", "ZZ", "AAA", "XFD"])
        #expect(XLSXRow.parseReference("AB12")?.column == 27)
        #expect(XLSXRow.parseReference("AB12")?.row == 12)
        #expect(XLSXRow.parseReference("12") == nil)
        #expect(XLSXRow.parseReference("A1B") == nil)
    }

    @Test("a broken sheet, a broken header and a file that is not a workbook are errors naming the file")
    func brokenWorkbooks() async throws {
        try await withTemporaryDirectory { folder in
            let truncated = folder.appendingPathComponent("cut.xlsx")
            let full = try #require(sampleWorkbookParts()["xl/worksheets/sheet1.xml"])
            try makeWorkbook(at: truncated, parts: sampleWorkbookParts(sheet1: String(full.prefix(900))))
            var delivered = 0
            #expect {
                try XLSXReader(url: truncated, source: "xlsx_test").readRows { _ in delivered += 1 }
            } throws: { error in
                let location = (error as? ConnectorError)?.location ?? ""
                return location.hasPrefix("cut.xlsx:xl/worksheets/sheet1.xml:")
            }
            #expect(delivered >= 2)

            let duplicate = folder.appendingPathComponent("dup.xlsx")
            let sheet = """
                <worksheet><sheetData><row r="3"><c r="A3" t="inlineStr"><is><t>id</t></is></c>\
                <c r="C3" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>
                """
            try makeWorkbook(at: duplicate, parts: sampleWorkbookParts(sheet1: sheet))
            let result = await pullAll(XLSXFileConnector(source: "xlsx_test", url: duplicate, entity: .person))
            #expect(result.connectorError?.location == "dup.xlsx:3")
            #expect(result.connectorError?.message.contains("column B has no name") == true)

            let notZip = try write("id,name\n", to: folder, name: "fake.xlsx")
            #expect {
                _ = try XLSXReader(url: notZip, source: "xlsx_test")
            } throws: { ($0 as? ConnectorError)?.location == "fake.xlsx" }
        }
    }
}
