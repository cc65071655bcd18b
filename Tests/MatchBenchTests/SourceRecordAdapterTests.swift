import Foundation
import GoldenCore
import Matching
import Testing

/// `MatchRecord(SourceRecord)`: what the match engine sees of a standardized record.
@Suite struct SourceRecordAdapterTests {
    static let standardizer = RecordStandardizer()

    static func standardized(_ party: RawParty, source: String = "crm") -> SourceRecord {
        standardizer.standardize(
            RawSourceRecord(
                ref: SourceRecordRef(source: source, id: "1"), modifiedAt: Date(timeIntervalSince1970: 0),
                region: .ru, party: party)
        ).record
    }

    /// The standardizer repairs swaps it recognises from its name dictionary; `name_pair` meets either way.
    @Test func personKeysMeetAcrossScriptsAndSwappedFields() {
        let cyrillic = MatchRecord(
            Self.standardized(.person(RawPerson(givenName: "Иван", familyName: "Петров"))), employerCluster: "7")
        let swapped = MatchRecord(Self.standardized(.person(RawPerson(givenName: "Petrov", familyName: "Ivan"))))
        #expect(cyrillic.id == "crm/1")
        #expect(cyrillic.entity == .person)
        #expect(!cyrillic.values(of: .namePair).isEmpty)
        #expect(cyrillic.values(of: .namePair) == swapped.values(of: .namePair))
        #expect(cyrillic.values(of: .employerCluster) == ["7"])
        #expect(swapped.values(of: .employerCluster).isEmpty)
    }

    @Test func switchboardNumbersAreNotPersonal() {
        let record = MatchRecord(
            Self.standardized(
                .person(
                    RawPerson(
                        familyName: "Петров", phones: ["+7 495 123-45-67", "+7 916 765-43-21"],
                        emails: ["ivan.petrov@romashka.ru", "info@romashka.ru", "petrov@gmail.com"]))),
            companyPhones: ["+74951234567"])
        #expect(Set(record.values(of: .phone)) == ["+74951234567", "+79167654321"])
        #expect(record.values(of: .personalPhone) == ["+79167654321"])
        // Work domain from the personal work address only: no free-mail domain, no role mailbox.
        #expect(record.values(of: .emailDomain) == ["romashka.ru"])
        #expect(record.values(of: .email).count == 3)
    }

    @Test func organizationKeysOnlyFromValidValues() {
        let record = MatchRecord(
            Self.standardized(
                .organization(
                    RawOrganization(
                        legalName: "ООО «Ромашка Север»", inn: "1234567890", kpp: "773301001",
                        addresses: ["123456, г. Москва, ул. Ленина, д. 5"], emails: ["info@romashka.ru"],
                        website: "www.romashka-north.ru"))))
        #expect(record.entity == .organization)
        #expect(record.values(of: .inn).isEmpty, "the INN's check digits are wrong, so it is no evidence")
        #expect(record.values(of: .nameKey).count == 1)
        #expect(record.values(of: .nameInitials).first?.split(separator: " ").count == 2)
        #expect(Set(record.values(of: .emailDomain)) == ["romashka.ru", "romashka-north.ru"])
        #expect(!record.values(of: .addressTokens).contains("ul"), "street-type words are not address evidence")
        #expect(record.values(of: .addressTokens).contains("lenina"))
    }
}
