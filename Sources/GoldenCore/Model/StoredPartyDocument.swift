import Foundation

/// The stored attributes JSON (`source_records.attributes`) as a value: the one reader of what
/// ``Party/storedJSON(facts:)`` writes.
///
/// Everyone who reads the stored attributes (matching's fallback for rows without stored match values, survivorship,
/// the golden record view) goes through this type, so the writer and the readers cannot drift apart: a round-trip
/// test checks that decoding what the writer wrote gives exactly ``init(_:facts:)`` of the same party.
public struct StoredPartyDocument: Sendable, Hashable, Codable {
    /// One stored attribute: the raw value as the source sent it, the clean canonical value (`nil` when it failed
    /// validation) and the codes of the issues found.
    public struct Value: Sendable, Hashable, Codable {
        public var raw: String
        public var value: String?
        public var issues: [String]?

        public init(raw: String, value: String?, issues: [String]?) {
            self.raw = raw
            self.value = value
            self.issues = issues
        }
    }

    public struct NameParts: Sendable, Hashable, Codable {
        public var given: String?
        public var middle: String?
        public var family: String?
    }

    public struct StoredConsent: Sendable, Hashable, Codable {
        public var emailOptOut: Bool?
        public var phoneOptOut: Bool?

        enum CodingKeys: String, CodingKey {
            case emailOptOut = "email_opt_out", phoneOptOut = "phone_opt_out"
        }
    }

    public var kind: PartyKind
    public var legalName: Value?
    public var shortName: Value?
    public var legalForm: Value?
    public var inn: Value?
    public var kpp: Value?
    public var ogrn: Value?
    public var website: Value?
    public var name: Value?
    public var nameParts: NameParts?
    public var birthDate: Value?
    public var nationalID: Value?
    public var jobTitle: Value?
    /// The employer's key in the same source.
    public var employer: String?
    public var addresses: [Value]?
    public var phones: [Value]?
    public var emails: [Value]?
    public var consent: StoredConsent?
    public var status: LifecycleStatus
    public var owner: String?
    /// Plain facts a source adds without standardization (accounting's balance, last invoice date, …).
    public var facts: [String: String]?

    enum CodingKeys: String, CodingKey {
        case kind, inn, kpp, ogrn, website, name, employer, addresses, phones, emails, consent, status, owner, facts
        case legalName = "legal_name", shortName = "short_name", legalForm = "legal_form"
        case nameParts = "name_parts", birthDate = "birth_date", nationalID = "national_id", jobTitle = "job_title"
    }

    /// What the writer stores for `party`.
    public init(_ party: Party, facts: [String: String] = [:]) {
        func value<V: MatchKeyed>(_ attribute: AttributeValue<V>?) -> Value? {
            attribute.map { Value(raw: $0.raw, value: $0.value?.canonical, issues: Self.codes($0.issues)) }
        }
        func values<V: MatchKeyed>(_ attributes: [AttributeValue<V>]) -> [Value]? {
            attributes.isEmpty ? nil : attributes.map { value($0)! }
        }
        status = .live
        switch party {
        case .organization(let organization):
            kind = .organization
            legalName = value(organization.legalName)
            shortName = value(organization.shortName)
            legalForm = value(organization.legalForm)
            inn = value(organization.inn)
            kpp = value(organization.kpp)
            ogrn = value(organization.ogrn)
            addresses = values(organization.addresses)
            phones = values(organization.phones)
            emails = values(organization.emails)
            website = value(organization.website)
            status = organization.status
            owner = organization.owner?.id
            self.facts = facts.isEmpty ? nil : facts
        case .person(let person):
            kind = .person
            name = value(person.name)
            if let parts = person.name?.value {
                nameParts = NameParts(given: parts.given, middle: parts.middle, family: parts.family)
            }
            birthDate = person.birthDate.map {
                Value(raw: $0.raw, value: $0.value?.description, issues: Self.codes($0.issues))
            }
            nationalID = person.nationalID.map {
                Value(raw: $0.raw, value: $0.value?.storedForm, issues: Self.codes($0.issues))
            }
            jobTitle = value(person.jobTitle)
            employer = person.employer?.id
            phones = values(person.phones)
            emails = values(person.emails)
            addresses = values(person.addresses)
            consent = person.consent.map {
                StoredConsent(emailOptOut: $0.email?.optedOut, phoneOptOut: $0.phone?.optedOut)
            }
            status = person.status
            owner = person.owner?.id
        }
    }

    private static func codes(_ issues: [StandardizationIssue]) -> [String]? {
        issues.isEmpty ? nil : issues.map(\.code.rawValue)
    }

    /// Reads stored attributes JSON; `nil` when the text is not a stored party (the caller reports the record).
    ///
    /// The hand reader answers for well-formed documents; whatever it does not expect goes to `JSONDecoder`, which
    /// decides what is accepted.
    public static func decode(_ text: String) -> StoredPartyDocument? {
        StoredPartyDocumentReader.read(text)
            ?? (try? JSONDecoder().decode(StoredPartyDocument.self, from: Data(text.utf8)))
    }

    /// An empty document the hand reader fills in.
    init(kind: PartyKind, status: LifecycleStatus) {
        self.kind = kind
        self.status = status
    }

    /// The raw values, as a source would send them, to standardize again (records landed before match values were
    /// stored). The national id keeps the kind it was recognised as; one that was never valid is read as a SNILS,
    /// the only kind the standardizers guess.
    public var rawParty: RawParty {
        let raws = { (values: [Value]?) in values?.map(\.raw) ?? [] }
        switch kind {
        case .organization:
            return .organization(
                RawOrganization(
                    legalName: legalName?.raw, shortName: shortName?.raw, legalForm: legalForm?.raw, inn: inn?.raw,
                    kpp: kpp?.raw, ogrn: ogrn?.raw, addresses: raws(addresses), phones: raws(phones),
                    emails: raws(emails), website: website?.raw, status: status, owner: owner.map { Owner(id: $0) }))
        case .person:
            let kind = nationalID?.value.flatMap { NationalID(storedForm: $0)?.kind }
            return .person(
                RawPerson(
                    fullName: nameParts == nil ? name?.raw : nil, givenName: nameParts?.given,
                    middleName: nameParts?.middle, familyName: nameParts?.family, birthDate: birthDate?.raw,
                    nationalIDKind: nationalID == nil ? nil : kind ?? .snils,
                    nationalID: nationalID?.raw, jobTitle: jobTitle?.raw, employerID: employer,
                    phones: raws(phones), emails: raws(emails), addresses: raws(addresses),
                    consent: consent.map {
                        Consent(
                            email: $0.emailOptOut.map { Consent.Channel(optedOut: $0) },
                            phone: $0.phoneOptOut.map { Consent.Channel(optedOut: $0) })
                    }, status: status, owner: owner.map { Owner(id: $0) }))
        }
    }
}
