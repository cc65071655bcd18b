import Foundation
import Testing

@testable import GoldenCore

@Suite struct RecordStandardizerTests {
    let standardizer = RecordStandardizer()
    let modified = Date(timeIntervalSince1970: 1_750_000_000)

    @Test func organizationWithOneBadValue() throws {
        let raw = RawSourceRecord(
            ref: SourceRecordRef(source: "crm_a", id: "42"), modifiedAt: modified,
            party: .organization(
                RawOrganization(
                    legalName: "ООО «Ромашка»", inn: "7707083894", kpp: "773601001", ogrn: "1027700132195",
                    addresses: ["г. Москва, ул. Тверская, д. 1"], phones: ["8 (495) 123-45-67", "12"],
                    emails: ["INFO@Romashka.ru"], website: "www.romashka.ru", status: .prospect,
                    owner: Owner(id: "u7", name: "Анна"))))
        let result = standardizer.standardize(raw)
        let organization = try #require(result.record.party.organization)
        #expect(result.record.kind == .organization)
        #expect(organization.legalName?.value?.nameKey == "romashka")
        #expect(organization.legalForm?.value?.code == .llc)
        #expect(organization.inn?.raw == "7707083894")
        #expect(organization.inn?.value == nil, "a bad INN is kept raw, without a clean value")
        #expect(organization.kpp?.value?.value == "773601001")
        #expect(organization.phones.count == 2)
        #expect(organization.phones[0].value?.e164 == "+74951234567")
        #expect(organization.phones[1].value == nil)
        #expect(organization.emails[0].value?.isRole == true)
        #expect(organization.website?.value?.host == "romashka.ru")
        #expect(organization.status == .prospect)
        #expect(organization.inn?.source == raw.ref)
        #expect(organization.inn?.modifiedAt == modified)
        #expect(result.quarantine.map(\.field) == ["inn", "phones[1]"])
        #expect(result.quarantine.map(\.reason.code) == ["inn.bad_checksum", "phone.too_short"])
        #expect(result.quarantine[0].rawValue == "7707083894")
        #expect(result.quarantine[0].record == raw.ref)
    }

    @Test func personFromSeparateFields() throws {
        let consent = Consent(email: .init(optedOut: true, at: modified))
        let raw = RawSourceRecord(
            ref: SourceRecordRef(source: "crm_b", id: "c1"), modifiedAt: modified, isDeleted: true,
            party: .person(
                RawPerson(
                    givenName: "саша", middleName: "петрович", familyName: "сидоров", birthDate: "01.02.1980",
                    nationalID: "112-233-445 95", jobTitle: "Founder/CEO", employerID: "42",
                    phones: ["+7 916 123-45-67"], emails: ["sasha@gmail.com"], consent: consent, status: .dead)))
        let result = standardizer.standardize(raw)
        let person = try #require(result.record.party.person)
        #expect(result.record.isDeleted)
        #expect(person.name?.value?.display == "Сидоров Саша Петрович")
        #expect(person.name?.value?.givenCanonical == "Александр")
        #expect(person.birthDate?.value?.description == "1980-02-01")
        #expect(person.nationalID?.value == NationalID(kind: .snils, value: "11223344595"))
        #expect(person.jobTitle?.value?.code == "CEO")
        #expect(person.employer == SourceRecordRef(source: "crm_b", id: "42"))
        #expect(person.emails[0].value?.isFreeMail == true)
        #expect(person.consent?.email?.optedOut == true)
        #expect(person.status == .dead)
        #expect(result.quarantine.isEmpty)
    }

    @Test func blankValuesAreAbsentNotQuarantined() throws {
        let raw = RawSourceRecord(
            ref: SourceRecordRef(source: "s", id: "1"), modifiedAt: modified,
            party: .person(RawPerson(fullName: "  ", birthDate: "31.02.1980", phones: ["", " "])))
        let result = standardizer.standardize(raw)
        let person = try #require(result.record.party.person)
        #expect(person.name == nil)
        #expect(person.phones.isEmpty)
        #expect(result.quarantine.map(\.reason.code) == ["birth_date.syntax"])
    }

    @Test func modelRoundTripsThroughJSON() throws {
        let raw = RawSourceRecord(
            ref: SourceRecordRef(source: "s", id: "1"), modifiedAt: modified,
            party: .organization(
                RawOrganization(legalName: "Romashka LLC", inn: "7707083893", phones: ["+1 415 555 2671"])))
        let record = standardizer.standardize(raw).record
        let data = try JSONEncoder().encode(record)
        #expect(try JSONDecoder().decode(SourceRecord.self, from: data) == record)
    }
}
