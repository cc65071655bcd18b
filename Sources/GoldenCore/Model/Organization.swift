/// A company (or sole trader) as one source record describes it, after standardization.
///
/// Every field keeps its provenance. Identifiers that failed their checksum are present with `value == nil`, so
/// they never become match keys but the steward still sees what the source said.
public struct Organization: Sendable, Codable, Hashable {
    public var legalName: AttributeValue<CompanyName>?
    public var shortName: AttributeValue<CompanyName>?
    /// The legal form, taken from an explicit field or, failing that, from the legal name.
    public var legalForm: AttributeValue<LegalForm>?
    public var inn: AttributeValue<INN>?
    public var kpp: AttributeValue<KPP>?
    public var ogrn: AttributeValue<OGRN>?
    public var addresses: [AttributeValue<PostalAddress>]
    public var phones: [AttributeValue<PhoneNumber>]
    public var emails: [AttributeValue<EmailAddress>]
    public var website: AttributeValue<WebDomain>?
    public var status: LifecycleStatus
    public var owner: Owner?

    public init(
        legalName: AttributeValue<CompanyName>? = nil,
        shortName: AttributeValue<CompanyName>? = nil,
        legalForm: AttributeValue<LegalForm>? = nil,
        inn: AttributeValue<INN>? = nil,
        kpp: AttributeValue<KPP>? = nil,
        ogrn: AttributeValue<OGRN>? = nil,
        addresses: [AttributeValue<PostalAddress>] = [],
        phones: [AttributeValue<PhoneNumber>] = [],
        emails: [AttributeValue<EmailAddress>] = [],
        website: AttributeValue<WebDomain>? = nil,
        status: LifecycleStatus = .live,
        owner: Owner? = nil
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
