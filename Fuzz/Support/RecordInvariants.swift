import Foundation

@testable import GoldenCore

/// Builds a `RawSourceRecord` from fuzz bytes and checks what the record standardizer promises: it returns (a
/// pathological value never stops a sync), every failed value is quarantined with a code and a field, every
/// non-blank input field leaves an attribute, the stored JSON parses, and the same input gives the same record.
///
/// Layout: the first byte picks the party kind (bit 0), the name form and national id kind (bits 1–2) and the
/// region (the rest); then NUL-separated fields; inside list fields, U+0001 separates the items.
func requireRecordInvariants(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let selector = bytes.first else { return }
    let fields = fuzzFields(UnsafeBufferPointer(rebasing: bytes.dropFirst()), 11)
    let text = fields.compactMap { $0 }.joined(separator: " ")  // what the clean-text checks compare against
    let region = fuzzRegions[Int(selector >> 3) % fuzzRegions.count]
    func list(_ field: String?) -> [String] {
        field.map { $0.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init) } ?? []
    }
    let party: RawParty
    if selector & 1 == 0 {
        party = .organization(
            RawOrganization(
                legalName: fields[0], shortName: fields[1], legalForm: fields[2], inn: fields[3], kpp: fields[4],
                ogrn: fields[5], addresses: list(fields[6]), phones: list(fields[7]), emails: list(fields[8]),
                website: fields[9]))
    } else {
        let kinds: [NationalID.Kind] = [.snils, .innPerson, "passport", "snils"]
        let inParts = selector & 2 != 0
        party = .person(
            RawPerson(
                fullName: inParts ? nil : fields[0], givenName: fields[1], middleName: fields[2],
                familyName: fields[3], birthDate: fields[4], nationalIDKind: kinds[Int(selector >> 1) & 3],
                nationalID: fields[5], jobTitle: fields[6], employerID: fields[7], phones: list(fields[8]),
                emails: list(fields[9]), addresses: list(fields[10])))
    }
    let ref = SourceRecordRef(source: "fuzz", id: "1")
    let raw = RawSourceRecord(
        ref: ref, modifiedAt: Date(timeIntervalSince1970: 1_700_000_000), region: region, party: party)
    let standardizer = RecordStandardizer(standardizers: fuzzStandardizers)
    let result = standardizer.standardize(raw)

    for entry in result.quarantine {
        require(entry.record == ref, "quarantine entry for another record")
        require(!entry.field.isEmpty && !entry.reason.code.rawValue.isEmpty, "quarantine entry without field or code")
        require(!isBlank(entry.rawValue), "blank value quarantined: \(entry.field)")
        requireCleanText(entry.reason.message, from: text, "quarantine message of \(entry.field)")
    }
    var failed = 0
    func attribute<Value>(_ value: AttributeValue<Value>?, raw: String?, _ name: String) {
        if let raw, !isBlank(raw) { require(value != nil, "\(name): non-blank input \(debug(raw)) left no attribute") }
        if let value, value.value == nil { failed += 1 }
    }
    func attributes<Value>(_ values: [AttributeValue<Value>], raw: [String], _ name: String) {
        require(values.count == raw.filter { !isBlank($0) }.count, "\(name): one attribute per non-blank item")
        for value in values where value.value == nil { failed += 1 }
    }
    switch (result.record.party, party) {
    case (.organization(let organization), .organization(let input)):
        attribute(organization.legalName, raw: input.legalName, "legal_name")
        attribute(organization.shortName, raw: input.shortName, "short_name")
        attribute(organization.legalForm, raw: input.legalForm, "legal_form")
        attribute(organization.inn, raw: input.inn, "inn")
        attribute(organization.kpp, raw: input.kpp, "kpp")
        attribute(organization.ogrn, raw: input.ogrn, "ogrn")
        attribute(organization.website, raw: input.website, "website")
        attributes(organization.addresses, raw: input.addresses, "addresses")
        attributes(organization.phones, raw: input.phones, "phones")
        attributes(organization.emails, raw: input.emails, "emails")
    case (.person(let person), .person(let input)):
        let anyName = [input.fullName, input.givenName, input.middleName, input.familyName]
            .contains { $0.map { !isBlank($0) } ?? false }
        require(!anyName || person.name != nil, "a non-blank name left no attribute")
        if let name = person.name, name.value == nil { failed += 1 }
        attribute(person.birthDate, raw: input.birthDate, "birth_date")
        attribute(person.nationalID, raw: input.nationalID, "national_id")
        attribute(person.jobTitle, raw: input.jobTitle, "job_title")
        attributes(person.phones, raw: input.phones, "phones")
        attributes(person.emails, raw: input.emails, "emails")
        attributes(person.addresses, raw: input.addresses, "addresses")
    default:
        require(false, "the party kind changed")
    }
    require(failed == result.quarantine.count, "\(failed) failed values, \(result.quarantine.count) quarantined")

    let json = result.record.party.storedJSON
    requireCleanText(json, from: text, "stored JSON")
    let parsed = try? JSONSerialization.jsonObject(with: Data(json.utf8))
    require(parsed is [String: Any], "stored JSON does not parse: \(json)")
    require(standardizer.standardize(raw) == result, "the same record standardized twice differs")
}
