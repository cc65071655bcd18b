/// A contact person as one source record describes them, after standardization.
public struct Person: Sendable, Codable, Hashable {
    /// The name split into parts, with transliteration and phonetic keys.
    public var name: AttributeValue<PersonName>?
    public var birthDate: AttributeValue<CalendarDate>?
    public var nationalID: AttributeValue<NationalID>?
    public var jobTitle: AttributeValue<JobTitle>?
    /// The organization record of the same source this person works for.
    public var employer: SourceRecordRef?
    public var phones: [AttributeValue<PhoneNumber>]
    public var emails: [AttributeValue<EmailAddress>]
    public var addresses: [AttributeValue<PostalAddress>]
    public var consent: Consent?
    public var status: LifecycleStatus
    public var owner: Owner?

    public init(
        name: AttributeValue<PersonName>? = nil,
        birthDate: AttributeValue<CalendarDate>? = nil,
        nationalID: AttributeValue<NationalID>? = nil,
        jobTitle: AttributeValue<JobTitle>? = nil,
        employer: SourceRecordRef? = nil,
        phones: [AttributeValue<PhoneNumber>] = [],
        emails: [AttributeValue<EmailAddress>] = [],
        addresses: [AttributeValue<PostalAddress>] = [],
        consent: Consent? = nil,
        status: LifecycleStatus = .live,
        owner: Owner? = nil
    ) {
        self.name = name
        self.birthDate = birthDate
        self.nationalID = nationalID
        self.jobTitle = jobTitle
        self.employer = employer
        self.phones = phones
        self.emails = emails
        self.addresses = addresses
        self.consent = consent
        self.status = status
        self.owner = owner
    }
}
