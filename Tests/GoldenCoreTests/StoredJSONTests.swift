import Foundation
import GoldenCore
import Testing

@Suite("Stored attributes JSON")
struct StoredJSONTests {
    let standardizer = RecordStandardizer()
    let ref = SourceRecordRef(source: "sf_a", id: "001")

    func party(_ raw: RawParty) -> Party {
        standardizer.standardize(RawSourceRecord(ref: ref, modifiedAt: Date(timeIntervalSince1970: 0), party: raw)).record.party
    }

    @Test("an organization keeps raw and clean values, and invalid ones as null with their issue codes")
    func organization() throws {
        let json = party(.organization(RawOrganization(
            legalName: "ООО «Ромашка»", inn: "7707083894", phones: ["8 (495) 123-45-67", "12"],
            emails: ["Info@Romashka.example"]))).storedJSON
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["kind"] as? String == "organization")
        let name = try #require(object["legal_name"] as? [String: Any])
        #expect(name["raw"] as? String == "ООО «Ромашка»")
        #expect(name["value"] as? String == "ООО «Ромашка»")
        let inn = try #require(object["inn"] as? [String: Any])
        #expect(inn["value"] is NSNull)
        #expect((inn["issues"] as? [String])?.contains("inn.bad_checksum") == true)
        let phones = try #require(object["phones"] as? [[String: Any]])
        #expect(phones.count == 2)
        #expect(phones[0]["value"] as? String == "+74951234567")
        #expect(phones[1]["value"] is NSNull)
        #expect(object["status"] as? String == "live")
    }

    @Test("a person with quotes, backslashes and control characters stays valid JSON")
    func personEscaping() throws {
        let json = party(.person(RawPerson(
            fullName: "Марк \"Mark\" Смирнов\\\n", jobTitle: "CEO", employerID: "001B",
            consent: Consent(email: .init(optedOut: true))))).storedJSON
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["name"] as? [String: Any])?["raw"] as? String == "Марк \"Mark\" Смирнов\\\n")
        #expect((object["job_title"] as? [String: Any])?["value"] as? String == "CEO")
        #expect(object["employer"] as? String == "001B")
        #expect((object["consent"] as? [String: Any])?["email_opt_out"] as? Bool == true)
    }

    @Test("escapes are written exactly as before: stored attributes are compared as text between releases")
    func exactEscapes() {
        let json = party(.person(RawPerson(fullName: "A\"b\\c\u{1}\u{1F}\t\r\n «ё»"))).storedJSON
        #expect(json.contains(#""raw":"A\"b\\c\u0001\u001f\t\r\n «ё»""#), "\(json)")
    }
}
