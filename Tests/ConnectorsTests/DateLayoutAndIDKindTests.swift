@testable import Connectors
import Foundation
import GoldenCore
import Testing

@Suite("Date layouts and national id kinds in mappings")
struct DateLayoutAndIDKindTests {
    @Test(
        "a declared layout reads the source's dates as ISO",
        arguments: [
            ("yyyyMMdd", "19560409", "1956-04-09"),
            ("dd/MM/yyyy", "09/04/1956", "1956-04-09"),
            ("MM/dd/yyyy", "04/09/1956", "1956-04-09"),
            ("M/d/yyyy", "4/9/1956", "1956-04-09"),
            ("M/d/yyyy", "12/31/1999", "1999-12-31"),
            ("dd.MM.yyyy", " 29.02.2000 ", "2000-02-29"),
            ("excel", "20554", "1956-04-09"),
        ])
    func readsLayout(pattern: String, text: String, iso: String) throws {
        let layout = try #require(DateLayout(pattern))
        #expect(layout.isoText(text) == iso)
    }

    @Test(
        "a value that does not fit the layout, or is no calendar date, is not read",
        arguments: [
            ("yyyyMMdd", "1956049"), ("yyyyMMdd", "19560431"), ("yyyyMMdd", "19560490"), ("dd/MM/yyyy", "1956-04-09"),
            ("MM/dd/yyyy", "13/01/1956"), ("dd.MM.yyyy", "29.02.1900"), ("excel", "abc"), ("yyyyMMdd", "195604091"),
        ])
    func refusesMisfits(pattern: String, text: String) throws {
        let layout = try #require(DateLayout(pattern))
        #expect(layout.isoText(text) == nil)
    }

    @Test("layouts without a four-digit year, month and day, or with other letters, are refused",
          arguments: ["yyMMdd", "yyyy-MM", "dd/MM/yyyy HH", "yyyyMMMdd", "ddMMyyyy1", ""])
    func refusesBadLayouts(pattern: String) {
        #expect(DateLayout(pattern) == nil)
    }

    let yaml = """
        kind: csv
        default_region: US
        entities:
          person:
            object: row
            id: id
            fields:
              full_name: name
              birth_date: { path: dob, transform: [{ date: "MM/dd/yyyy" }] }
              national_id: { path: ssn, kind: ssn }
        """

    @Test("the mapping engine rewrites declared dates and keeps a misfit for quarantine; the id kind reaches the party")
    func mappingAppliesLayoutAndKind() throws {
        let mapping = try MappingLoader.load(yaml: yaml, file: "mappings/us.yaml")
        let engine = MappingEngine(mapping: mapping)
        let good = try engine.map(
            try json(#"{"id":"1","name":"Ann Lee","dob":"04/09/1956","ssn":"123-45-6789"}"#), as: .person, source: "us")
        #expect(good.values[.birthDate] == ["1956-04-09"])
        #expect(good.nationalIDKind == NationalID.Kind(rawValue: "ssn"))
        guard case .person(let person) = good.rawParty else { Issue.record("not a person"); return }
        #expect(person.nationalIDKind == NationalID.Kind(rawValue: "ssn"))
        #expect(person.nationalID == "123-45-6789")

        let bad = try engine.map(try json(#"{"id":"2","name":"Bo","dob":"1956-13-45"}"#), as: .person, source: "us")
        #expect(bad.values[.birthDate] == ["1956-13-45"])
    }

    @Test("an opaque id is folded (separators, case) but not validated; the standardizer keeps its kind")
    func opaqueIDStandardizes() throws {
        let standardizer = RecordStandardizer(standardizers: Standardizers())
        let record = standardizer.standardize(
            RawSourceRecord(
                ref: SourceRecordRef(source: "us", id: "1"), modifiedAt: Date(timeIntervalSince1970: 0),
                party: .person(RawPerson(fullName: "Ann Lee", nationalIDKind: "ssn", nationalID: "123-45-678x"))))
        #expect(record.record.party.person?.nationalID?.value == NationalID(kind: "ssn", value: "12345678X"))
        #expect(record.quarantine.isEmpty)
    }

    @Test(
        "mapping mistakes in dates and id kinds name the line",
        arguments: [
            ("      birth_date: { path: dob, transform: [{ date: \"yy/MM/dd\" }] }", "not a date layout"),
            ("      phone: { path: tel, kind: other }", "'kind' applies to national_id only"),
            ("      national_id: { path: ssn, kind: \"Social Security\" }", "is not an id kind"),
        ])
    func mistakesNameTheLine(line: String, message: String) {
        let text = """
            kind: csv
            entities:
              person:
                object: row
                id: id
                fields:
            \(line)
            """
        #expect {
            try MappingLoader.load(yaml: text, file: "mappings/x.yaml")
        } throws: { error in
            guard let error = error as? ConfigurationFileError else { return false }
            return error.line == 7 && error.description.contains(message)
        }
    }

    @Test("kind inn is a person's INN, validated with its check digits")
    func innKind() throws {
        let text = """
            kind: csv
            entities:
              person:
                object: row
                id: id
                fields:
                  national_id: { path: inn, kind: inn }
            """
        let mapping = try MappingLoader.load(yaml: text, file: "x.yaml")
        #expect(mapping.entities[.person]?.fields.first?.idKind == .innPerson)
    }

    @Test("a CSV whose header lacks the mapped modified-at column lands with the file's time, and says so")
    func missingModifiedAtColumnUsesFileTime() async throws {
        try await withTemporaryDirectory { folder in
            let url = try write("id,name\n1,Ann\n2,Bo\n", to: folder, name: "signup.csv")
            let stamp = Date(timeIntervalSince1970: 1_700_000_000)
            try FileManager.default.setAttributes([.modificationDate: stamp], ofItemAtPath: url.path)
            let connector = CSVFileConnector(
                source: "signup", url: url, entity: .person, modifiedAtColumn: "updated_at")
            let result = await pullAll(connector)
            #expect(result.error == nil)
            #expect(result.records.count == 2)
            #expect(result.records.allSatisfy { $0.modifiedAt == stamp })
            let notices = result.batches.flatMap(\.notices)
            #expect(notices.contains { $0.contains("no modified-at column 'updated_at'") && $0.contains("signup.csv") })
        }
    }
}
