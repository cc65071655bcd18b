/// Every standardizer configured once with its dictionaries: the one object the CLI, the mapping engine and the
/// benchmark build (at the composition root) and pass around.
///
/// All members are immutable values, so one instance is shared freely across tasks.
public struct Standardizers: Sendable {
    public var phone: PhoneStandardizer
    public var email: EmailStandardizer
    public var personName: PersonNameStandardizer
    public var companyName: CompanyNameStandardizer
    public var jobTitle: JobTitleStandardizer
    public var address: AddressStandardizer

    /// - Parameters:
    ///   - defaultRegion: Region for phones and addresses written without a country.
    ///   - names: Given names and diminutives (from `mappings/name_diminutives.yaml`).
    ///   - jobTitles: Canonical job titles (from `mappings/job_titles.yaml`).
    ///   - freeMailDomains: Public mailbox providers.
    public init(
        defaultRegion: RegionCode = .ru,
        names: NameDictionary = .builtIn,
        jobTitles: JobTitleDictionary = .builtIn,
        freeMailDomains: FreeMailDomains = .builtIn
    ) {
        phone = PhoneStandardizer(defaultRegion: defaultRegion)
        email = EmailStandardizer(freeMailDomains: freeMailDomains)
        personName = PersonNameStandardizer(dictionary: names)
        companyName = CompanyNameStandardizer()
        jobTitle = JobTitleStandardizer(dictionary: jobTitles)
        address = AddressStandardizer(defaultRegion: defaultRegion)
    }

    /// Standardizes one value of one field: the use case behind `golden standardize <field> <value>`.
    ///
    /// - Parameters:
    ///   - field: Which standardizer to run.
    ///   - input: The raw value.
    ///   - region: Overrides the default region for phones and addresses.
    public func standardize(_ field: StandardField, _ input: String, region: RegionCode? = nil)
        -> StandardizationResult
    {
        switch field {
        case .phone: StandardizationResult(field: field, input: input, phone.standardize(input, region: region))
        case .email: StandardizationResult(field: field, input: input, email.standardize(input))
        case .personName: StandardizationResult(field: field, input: input, personName.standardize(input))
        case .companyName: StandardizationResult(field: field, input: input, companyName.standardize(input))
        case .inn: StandardizationResult(field: field, input: input, INN.standardize(input))
        case .kpp: StandardizationResult(field: field, input: input, KPP.standardize(input))
        case .ogrn: StandardizationResult(field: field, input: input, OGRN.standardize(input))
        case .snils: StandardizationResult(field: field, input: input, SNILS.standardize(input))
        case .jobTitle: StandardizationResult(field: field, input: input, jobTitle.standardize(input))
        case .address: StandardizationResult(field: field, input: input, address.standardize(input, region: region))
        case .website: StandardizationResult(field: field, input: input, WebDomain.standardize(input))
        }
    }
}
