import Foundation

/// A source record as the mapping engine extracted it: plain strings, nothing validated yet.
public struct RawSourceRecord: Sendable, Hashable {
    public var ref: SourceRecordRef
    public var modifiedAt: Date
    public var isDeleted: Bool
    /// The record's country when the source has one (Salesforce/HubSpot); otherwise the source's default applies.
    public var region: RegionCode?
    public var party: RawParty

    public init(
        ref: SourceRecordRef, modifiedAt: Date, isDeleted: Bool = false, region: RegionCode? = nil, party: RawParty
    ) {
        self.ref = ref
        self.modifiedAt = modifiedAt
        self.isDeleted = isDeleted
        self.region = region
        self.party = party
    }
}

/// The raw payload of a source record: a company or a person.
public enum RawParty: Sendable, Hashable {
    case organization(RawOrganization)
    case person(RawPerson)
}

/// A company's fields as strings from the source. Empty strings count as absent.
public struct RawOrganization: Sendable, Hashable {
    public var legalName: String?
    public var shortName: String?
    public var legalForm: String?
    public var inn: String?
    public var kpp: String?
    public var ogrn: String?
    public var addresses: [String]
    public var phones: [String]
    public var emails: [String]
    public var website: String?
    public var status: LifecycleStatus
    public var owner: Owner?

    public init(
        legalName: String? = nil, shortName: String? = nil, legalForm: String? = nil, inn: String? = nil,
        kpp: String? = nil, ogrn: String? = nil, addresses: [String] = [], phones: [String] = [],
        emails: [String] = [], website: String? = nil, status: LifecycleStatus = .live, owner: Owner? = nil
    ) {
        self.legalName = legalName
        self.shortName = shortName
        self.legalForm = legalForm
        self.inn = inn
        self.kpp = kpp
        self.ogrn = ogrn
        self.addresses = addresses
        self.phones = phones
        self.emails = emails
        self.website = website
        self.status = status
        self.owner = owner
    }
}

/// A person's fields as strings from the source. A source gives either `fullName` or the parts.
public struct RawPerson: Sendable, Hashable {
    public var fullName: String?
    public var givenName: String?
    public var middleName: String?
    public var familyName: String?
    public var birthDate: String?
    public var nationalIDKind: NationalID.Kind?
    public var nationalID: String?
    public var jobTitle: String?
    /// The source id of the employer organization record in the same source.
    public var employerID: String?
    public var phones: [String]
    public var emails: [String]
    public var addresses: [String]
    public var consent: Consent?
    public var status: LifecycleStatus
    public var owner: Owner?

    public init(
        fullName: String? = nil, givenName: String? = nil, middleName: String? = nil, familyName: String? = nil,
        birthDate: String? = nil, nationalIDKind: NationalID.Kind? = nil, nationalID: String? = nil,
        jobTitle: String? = nil, employerID: String? = nil, phones: [String] = [], emails: [String] = [],
        addresses: [String] = [], consent: Consent? = nil, status: LifecycleStatus = .live, owner: Owner? = nil
    ) {
        self.fullName = fullName
        self.givenName = givenName
        self.middleName = middleName
        self.familyName = familyName
        self.birthDate = birthDate
        self.nationalIDKind = nationalIDKind
        self.nationalID = nationalID
        self.jobTitle = jobTitle
        self.employerID = employerID
        self.phones = phones
        self.emails = emails
        self.addresses = addresses
        self.consent = consent
        self.status = status
        self.owner = owner
    }
}
