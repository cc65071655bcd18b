import Foundation

/// Standardizes a whole raw source record into the canonical model, quarantining values that fail.
///
/// The one function the mapping engine and `golden bench standardize` call. A failed value becomes an attribute
/// with `value == nil` (the raw string stays for the steward) plus a quarantine entry; the record is always kept.
public struct RecordStandardizer: Sendable {
    public var standardizers: Standardizers

    public init(standardizers: Standardizers = Standardizers()) {
        self.standardizers = standardizers
    }

    public func standardize(_ raw: RawSourceRecord) -> StandardizedRecord {
        var context = Context(provenance: Provenance(ref: raw.ref, modifiedAt: raw.modifiedAt))
        switch raw.party {
        case .organization(let organization):
            var standardized = Organization(status: organization.status, owner: organization.owner)
            standardize(organization, region: raw.region, context: &context, into: &standardized)
            return StandardizedRecord(
                record: SourceRecord(
                    ref: raw.ref, modifiedAt: raw.modifiedAt, isDeleted: raw.isDeleted,
                    party: .organization(consume standardized)),
                quarantine: context.quarantine)
        case .person(let person):
            var standardized = Person(consent: person.consent, status: person.status, owner: person.owner)
            standardize(person, region: raw.region, context: &context, into: &standardized)
            return StandardizedRecord(
                record: SourceRecord(
                    ref: raw.ref, modifiedAt: raw.modifiedAt, isDeleted: raw.isDeleted, party: .person(consume standardized)),
                quarantine: context.quarantine)
        }
    }

    /// Collects attributes and quarantine entries for one record.
    struct Context {
        /// Shared by every attribute of the record.
        let provenance: Provenance
        var quarantine: [QuarantineEntry] = []

        var ref: SourceRecordRef { provenance.ref }

        /// Wraps a typed result as an attribute; errors go to quarantine and drop the value.
        ///
        /// `result` is consumed so that its value and issues move into the attribute: borrowed, every string of the
        /// value (a name has a dozen) was retained for the copy and released with the result.
        mutating func attribute<Value>(
            _ field: @autoclosure () -> String, _ raw: String, _ result: consuming Standardized<Value>
        ) -> AttributeValue<Value> {
            if let error = result.firstError {
                quarantine.append(
                    QuarantineEntry(record: ref, field: field(), rawValue: raw, reason: QuarantineReason(error)))
                return AttributeValue(raw: raw, value: nil, provenance: provenance, issues: result.issues)
            }
            let value = result.value.take()
            return AttributeValue(raw: raw, value: value, provenance: provenance, issues: result.issues)
        }

        // `optional` and `list` are inlined so that the closures passed to them are too: a closure that reaches a
        // non-inlined call captures `self` by value, and copying a `RecordStandardizer` retains every dictionary
        // table it holds (about 5% of a record's time).
        @inline(__always)
        mutating func optional<Value>(
            _ field: String, _ raw: String?, _ standardize: (String) -> Standardized<Value>
        ) -> AttributeValue<Value>? {
            guard let raw, !Self.isBlank(raw) else { return nil }
            return attribute(field, raw, standardize(raw))
        }

        @inline(__always)
        mutating func list<Value>(
            _ field: String, _ raws: [String], _ standardize: (String) -> Standardized<Value>
        ) -> [AttributeValue<Value>] {
            var values: [AttributeValue<Value>] = []
            values.reserveCapacity(raws.count)
            for (index, raw) in raws.enumerated() where !Self.isBlank(raw) {
                values.append(attribute("\(field)[\(index)]", raw, standardize(raw)))
            }
            return values
        }

        /// `true` when every scalar is whitespace; the first non-space byte ends the scan.
        static func isBlank(_ text: String) -> Bool {
            ScalarText.withUTF8(text) { bytes in
                // Most values start with a visible ASCII character. (Read here rather than through
                // `text.utf8.first`, an unspecialized collection call that cost 2% of a record.)
                if let first = bytes.first, first > 32, first < 0x80 { return false }
                var i = 0
                while i < bytes.count {
                    let (value, length) = ScalarText.decode(bytes, at: i)
                    if !ScalarText.isSpace(Unicode.Scalar(value)!) { return false }
                    i += length
                }
                return true
            }
        }
    }

    // The standardizers are read through `standardizers.…`, not copied into a local: a copy of `Standardizers`
    // retains every table it holds, twice per record.
    // The record is filled field by field through `inout`: an `Organization(...)` initializer call over locals,
    // or a returned local, was compiled as a copy of the whole record (every string retained) and a destroy of
    // the original.
    func standardize(
        _ raw: RawOrganization, region: RegionCode?, context: inout Context, into organization: inout Organization
    ) {
        organization.legalName = context.optional("legal_name", raw.legalName) {
            standardizers.companyName.standardize($0)
        }
        organization.legalForm = context.optional("legal_form", raw.legalForm) {
            standardizers.companyName.legalForm($0)
        }
        if organization.legalForm == nil, let legalName = organization.legalName,
            let form = legalName.value?.legalForm
        {
            organization.legalForm = AttributeValue(raw: legalName.raw, value: form, provenance: legalName.provenance)
        }
        organization.shortName = context.optional("short_name", raw.shortName) {
            standardizers.companyName.standardize($0)
        }
        organization.inn = context.optional("inn", raw.inn, INN.standardize)
        organization.kpp = context.optional("kpp", raw.kpp, KPP.standardize)
        organization.ogrn = context.optional("ogrn", raw.ogrn, OGRN.standardize)
        organization.addresses = context.list("addresses", raw.addresses) {
            standardizers.address.standardize($0, region: region)
        }
        organization.phones = context.list("phones", raw.phones) { standardizers.phone.standardize($0, region: region) }
        organization.emails = context.list("emails", raw.emails) { standardizers.email.standardize($0) }
        organization.website = context.optional("website", raw.website, WebDomain.standardize)
    }

    func standardize(_ raw: RawPerson, region: RegionCode?, context: inout Context, into person: inout Person) {
        if let fullName = raw.fullName, !Context.isBlank(fullName) {
            person.name = context.attribute("name", fullName, standardizers.personName.standardize(fullName))
        } else if Self.hasText(raw.givenName) || Self.hasText(raw.middleName) || Self.hasText(raw.familyName) {
            let joined = Self.joinedParts(raw.familyName, raw.givenName, raw.middleName)
            person.name = context.attribute(
                "name", joined,
                standardizers.personName.standardize(given: raw.givenName, middle: raw.middleName, family: raw.familyName))
        }
        if let value = raw.nationalID, !Context.isBlank(value) {
            let kind = raw.nationalIDKind ?? .snils
            person.nationalID = context.attribute("national_id", value, Self.nationalID(kind, value))
        }
        person.birthDate = context.optional("birth_date", raw.birthDate, Self.birthDate)
        person.jobTitle = context.optional("job_title", raw.jobTitle) { standardizers.jobTitle.standardize($0) }
        if let employerID = raw.employerID, !Context.isBlank(employerID) {
            person.employer = SourceRecordRef(source: context.ref.source, id: employerID)
        }
        person.phones = context.list("phones", raw.phones) { standardizers.phone.standardize($0, region: region) }
        person.emails = context.list("emails", raw.emails) { standardizers.email.standardize($0) }
        person.addresses = context.list("addresses", raw.addresses) {
            standardizers.address.standardize($0, region: region)
        }
    }

    @inline(__always)
    static func hasText(_ text: String?) -> Bool {
        guard let text else { return false }
        return !Context.isBlank(text)
    }

    /// The present parts joined by " | " (the raw value of a name sent in parts), as
    /// `[first, second, third].compactMap { $0 }.joined(separator: " | ")` gives it, written into one string
    /// instead of through an array and a growing string.
    static func joinedParts(_ first: String?, _ second: String?, _ third: String?) -> String {
        let present = (first == nil ? 0 : 1) + (second == nil ? 0 : 1) + (third == nil ? 0 : 1)
        let capacity =
            (first?.utf8.count ?? 0) + (second?.utf8.count ?? 0) + (third?.utf8.count ?? 0) + 3 * max(present - 1, 0)
        return String(utf8Capacity: capacity) { text in
            var separate = false
            append(first, to: &text, separate: &separate)
            append(second, to: &text, separate: &separate)
            append(third, to: &text, separate: &separate)
        }
    }

    @inline(__always)
    private static func append(_ part: String?, to text: inout ByteBuffer, separate: inout Bool) {
        guard let part else { return }
        if separate {
            text.append(32)
            text.append(UInt8(ascii: "|"))
            text.append(32)
        }
        ScalarText.withUTF8(part) { text.append(contentsOf: $0) }
        separate = true
    }

    static func nationalID(_ kind: NationalID.Kind, _ raw: String) -> Standardized<NationalID> {
        switch kind {
        case .snils:
            let result = SNILS.standardize(raw)
            return Standardized(
                value: result.value.map { NationalID(kind: kind, value: $0.digits) }, issues: result.issues)
        case .innPerson:
            let result = INN.standardize(raw)
            if let inn = result.value, inn.kind != .individual {
                return .failure(.init("national_id.kind", "national id '\(raw)' is a company INN, not a person's"))
            }
            return Standardized(
                value: result.value.map { NationalID(kind: kind, value: $0.digits) }, issues: result.issues)
        default:
            // An opaque id (`other`, `ssn`, a passport number) has no checksum to validate; only the separators and
            // case sources vary (`123-45-6789`, `123 45 6789`) are folded so equal ids compare equal.
            let folded = String(
                String.UnicodeScalarView(
                    raw.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }
                        .map { ScalarText.upper($0) }))
            guard !folded.isEmpty else {
                return .failure(.init("national_id.syntax", "national id '\(raw)' has no letters or digits"))
            }
            return Standardized(value: NationalID(kind: kind, value: folded))
        }
    }

    static func birthDate(_ raw: String) -> Standardized<CalendarDate> {
        let text = ScalarText.collapseSpaces(raw)
        guard let date = CalendarDate(parsing: text) else {
            return .failure(.init("birth_date.syntax", "birth date '\(raw)' is not YYYY-MM-DD or DD.MM.YYYY"))
        }
        return Standardized(value: date)
    }
}
