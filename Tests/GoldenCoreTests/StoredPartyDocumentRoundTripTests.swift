import Foundation
import PropertyBased
import Testing

@testable import GoldenCore

/// The stored attributes JSON has one writer (``Party/storedJSON(facts:)``) and one reader
/// (``StoredPartyDocument``): over seeded generated records, realistic and hostile, reading what the writer wrote
/// gives back every attribute of the party, the legal form and the accounting facts included.
@Suite struct StoredPartyDocumentRoundTripTests {
    /// Fixed so that a failure names a record that can be generated again.
    static let seed: (UInt64, UInt64, UInt64, UInt64) = (0x5EED_0020, 0xC0DE_C0DE, 20, 0x00A7_7215)
    static let records = 600

    static let realistic = Gen<String?>.element(of: [
        "ООО «Ромашка»", "Рога и Копыта", "Romashka LLC", "ООО", "АО", "ПАО", "ИП", "LLC", "GmbH", "S.à r.l.",
        "Общество с ограниченной ответственностью", "7707083894", "770708389", "773301001", "1027700132195",
        "+7 (495) 123-45-67", "8 912 345 67 89", "12", "Info@Romashka.example", "bad@", "www.romashka.ru",
        "http://www.www.example.com", "г. Москва, ул. Тверская, д. 1", "Иванов Иван Иванович", "Ivanov, Ivan",
        "CEO", "Генеральный директор", "1985-03-14", "31.02.1990", "112-233-445 95", "",
    ]).map { $0! }

    /// Hostile text: quotes, backslashes, control characters, Cyrillic, emoji, combining marks.
    static let hostile = Gen<Character>.oneOf(
        Gen.unicodeScalar(in: "\u{0}"..."\u{7F}").map { Character($0) },
        Gen.unicodeScalar(in: "\u{400}"..."\u{4FF}").map { Character($0) },
        Gen.unicodeScalar(in: "\u{2000}"..."\u{206F}").map { Character($0) },
        Gen.unicodeScalar(in: "\u{1F600}"..."\u{1F64F}").map { Character($0) },
        Gen.element(of: ["\"", "\\", "\n", "\u{1}", "«", "»", "е\u{308}"]).map { $0! }
    ).string(of: 0...24)

    static let text = Gen<String>.oneOf(realistic, hostile)
    static let chance = Gen.bool(0.7)
    static let count = Gen.int(in: 0...3)
    static let status = Gen.element(of: LifecycleStatus.allCases).map { $0! }
    static let factKey = Gen.element(of: ["receivables_balance", "last_invoice_date", "contract_number", "note"])
        .map { $0! }

    /// One generated record and the facts accounting adds to it.
    static func record(_ rng: inout Xoshiro) -> (RawParty, facts: [String: String]) {
        func maybe() -> String? { chance.run(using: &rng) ? text.run(using: &rng) : nil }
        func some() -> [String] { (0..<count.run(using: &rng)).map { _ in text.run(using: &rng) } }
        let owner = chance.run(using: &rng) ? Owner(id: text.run(using: &rng)) : nil
        if Gen.bool.run(using: &rng) {
            var facts: [String: String] = [:]
            for _ in 0..<count.run(using: &rng) { facts[factKey.run(using: &rng)] = text.run(using: &rng) }
            let organization = RawOrganization(
                legalName: maybe(), shortName: maybe(), legalForm: maybe(), inn: maybe(), kpp: maybe(), ogrn: maybe(),
                addresses: some(), phones: some(), emails: some(), website: maybe(), status: status.run(using: &rng),
                owner: owner)
            return (.organization(organization), facts)
        }
        let split = Gen.bool.run(using: &rng)
        let consent =
            chance.run(using: &rng)
            ? Consent(
                email: Gen.bool.run(using: &rng) ? .init(optedOut: Gen.bool.run(using: &rng)) : nil,
                phone: Gen.bool.run(using: &rng) ? .init(optedOut: Gen.bool.run(using: &rng)) : nil) : nil
        let person = RawPerson(
            fullName: split ? nil : maybe(), givenName: split ? maybe() : nil, middleName: split ? maybe() : nil,
            familyName: split ? maybe() : nil, birthDate: maybe(),
            nationalIDKind: Gen.element(of: [NationalID.Kind.snils, .innPerson]).run(using: &rng), nationalID: maybe(),
            jobTitle: maybe(), employerID: maybe(), phones: some(), emails: some(), addresses: some(),
            consent: consent, status: status.run(using: &rng), owner: owner)
        // Facts are an organization's: the writer ignores them on a person, and so must the reader.
        return (.person(person), ["receivables_balance": "1.00"])
    }

    @Test func readingWhatTheWriterWroteGivesEveryAttributeBack() throws {
        let standardizer = RecordStandardizer()
        var rng = Xoshiro(seed: Self.seed)
        var legalForms = 0
        var withFacts = 0
        var invalid = 0
        var persons = 0
        for index in 0..<Self.records {
            let (raw, facts) = Self.record(&rng)
            let party = standardizer.standardize(
                RawSourceRecord(
                    ref: SourceRecordRef(source: "sf_a", id: "\(index)"), modifiedAt: Date(timeIntervalSince1970: 0),
                    party: raw)
            ).record.party
            let json = party.storedJSON(facts: facts)
            let document = try #require(StoredPartyDocument.decode(json), "record \(index): \(json)")
            #expect(document == StoredPartyDocument(party, facts: facts), "record \(index): \(json)")

            // The hand reader answers by itself, and agrees with `JSONDecoder`, on the writer's text and on the same
            // document printed another way (keys reordered, spaces and newlines, `\/` and `\u` escapes), as
            // PostgreSQL's jsonb output reorders and spaces it.
            let decoded = try JSONDecoder().decode(StoredPartyDocument.self, from: Data(json.utf8))
            #expect(StoredPartyDocumentReader.read(json) == decoded, "record \(index): \(json)")
            let reprinted = String(
                decoding: try JSONSerialization.data(
                    withJSONObject: try JSONSerialization.jsonObject(with: Data(json.utf8)),
                    options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
            #expect(StoredPartyDocumentReader.read(reprinted) == decoded, "record \(index): \(reprinted)")
            let asciiOnly = reprinted.unicodeScalars.map { scalar in
                scalar.isASCII ? String(scalar) : String(scalar.utf16.map { String(format: "\\u%04x", $0) }.joined())
            }.joined()
            #expect(StoredPartyDocumentReader.read(asciiOnly) == decoded, "record \(index): \(asciiOnly)")

            // Checked against the party itself too, not only against the document the writer's twin builds.
            #expect(document.kind == party.kind)
            #expect(document.status == (party.organization?.status ?? party.person?.status))
            if json.contains("\"value\":null") { invalid += 1 }
            switch party {
            case .organization(let organization):
                #expect(document.legalForm?.raw == organization.legalForm?.raw, "record \(index)")
                #expect(document.legalForm?.value == organization.legalForm?.value?.canonical, "record \(index)")
                #expect(document.legalName?.raw == organization.legalName?.raw)
                #expect(document.inn?.issues ?? [] == organization.inn?.issues.map(\.code.rawValue) ?? [])
                #expect(document.phones?.map(\.raw) ?? [] == organization.phones.map(\.raw))
                #expect(document.facts ?? [:] == facts, "record \(index)")
                #expect(document.owner == organization.owner?.id)
                if organization.legalForm?.value != nil { legalForms += 1 }
                if !facts.isEmpty { withFacts += 1 }
            case .person(let person):
                persons += 1
                #expect(document.facts == nil)
                #expect(document.name?.raw == person.name?.raw)
                #expect(document.nationalID?.raw == person.nationalID?.raw)
                #expect(document.employer == person.employer?.id)
                #expect(document.consent?.emailOptOut == person.consent?.email?.optedOut)
                #expect(document.emails?.map(\.raw) ?? [] == person.emails.map(\.raw))
            }
        }
        // The seeded set exercised what it should: both kinds, recognised legal forms, facts, invalid values.
        #expect(persons > Self.records / 4)
        #expect(Self.records - persons > Self.records / 4)
        #expect(legalForms > 10, "\(legalForms) legal forms")
        #expect(withFacts > 50, "\(withFacts) organizations with facts")
        #expect(invalid > 50, "\(invalid) records with an invalid value")
    }

    @Test func textThatIsNotAStoredPartyIsNotReadAsOne() {
        for text in [
            "", "{", "null", "[]", "{\"kind\":\"robot\",\"status\":\"live\"}", "{\"kind\":\"person\"}",
            "{\"kind\":\"person\",\"status\":\"live\",\"name\":{\"value\":\"x\"}}",
            "{\"kind\":\"person\",\"status\":\"live\",\"phones\":[{\"raw\":1}]}",
            "{\"kind\":\"person\",\"status\":\"live\"} x",
        ] {
            #expect(StoredPartyDocumentReader.read(text) == nil, "\(text)")
            #expect(StoredPartyDocument.decode(text) == nil, "\(text)")
        }
        // What the hand reader does not expect goes to `JSONDecoder` to judge (Foundation's allows a trailing comma).
        #expect(StoredPartyDocumentReader.read(#"{"kind":"person","status":"live",}"#) == nil)
        #expect(StoredPartyDocumentReader.read(#"{"kind":"person","status":"live","owner":"\ud800"}"#) == nil)
        // Unknown keys of any kind are skipped, as `Codable` skips them.
        let extra = #"{"x":[1,-2.5e3,{"y":null}],"kind":"person","z":true,"status":"dead","owner":null}"#
        #expect(StoredPartyDocumentReader.read(extra)?.status == .dead)
        #expect(StoredPartyDocumentReader.read(extra) == StoredPartyDocument.decode(extra))
    }
}
