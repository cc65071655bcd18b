/// An error class seen on CRM data held out from us (issue 17), which `NoiseProfile.heldOutClasses` makes the
/// generator produce; the truth tags every record a class touched, so a benchmark can say which class it misses.
///
/// The false-merge classes make *different* entities look alike (a false link is the failure to count); the missed
/// classes make records of *one* entity look different (a missed pair is the failure to count).
public enum GeneratedErrorClass: Int, CaseIterable, Sendable, Codable {
    // False person merges.
    /// A free-mail address from a small per-surname pool (`ivanov17@rambler.ru`), so persons at different employers
    /// can share it.
    case sharedFreeMail
    /// A relative or colleague of the company's first contact: same family name, same switchboard with another
    /// extension, another given name.
    case sameSurnameColleague
    /// A colleague with the first contact's family name and initial ("А. Иванов": Александр or Алексей), whose
    /// records often give only the initial.
    case sharedInitial
    // Missed persons.
    /// A surname typo and a transliteration on the same record.
    case surnameTypoTransliterated
    /// One source always abbreviates this person's given name to the initial.
    case initialsInSource
    /// One source holds this person with given and family name swapped.
    case swappedInSource
    /// In one source the employer reference points to a variant record of the organization (another spelling of
    /// the name, no identifiers) that does not cluster with the others; that variant record is tagged too.
    case variantEmployer
    /// A person record with neither e-mail nor phone (HubSpot always keeps an e-mail, so never there).
    case noContact
    // Missed organizations.
    /// The address written in Latin in one source.
    case addressTransliterated
    /// A sole trader (ИП) written with initials in one source ("ИП Иванов И. И.").
    case soleTraderInitials
    /// A CRM record whose INN has one mistyped digit that still passes the checksum.
    case innTypoValid
    /// One of a few common names (Альянс) given to several distinct companies whose records carry few other fields.
    case commonName
    // False organization merges.
    /// A group company of another organization: same domain and switchboard, another name and INN.
    case groupCompany
    /// Another organization's name under another legal form (ООО vs АО), with its own domain, INN and phone.
    case sameNameOtherForm

    /// snake_case name used in benchmark output.
    public var name: String {
        switch self {
        case .sharedFreeMail: "shared_free_mail"
        case .sameSurnameColleague: "same_surname_colleague"
        case .sharedInitial: "shared_initial"
        case .surnameTypoTransliterated: "surname_typo_transliterated"
        case .initialsInSource: "initials_in_source"
        case .swappedInSource: "swapped_in_source"
        case .variantEmployer: "variant_employer"
        case .noContact: "no_contact"
        case .addressTransliterated: "address_transliterated"
        case .soleTraderInitials: "sole_trader_initials"
        case .innTypoValid: "inn_typo_valid"
        case .commonName: "common_name"
        case .groupCompany: "group_company"
        case .sameNameOtherForm: "same_name_other_form"
        }
    }
}

/// The error classes that touched one record, as a bit set (bit = `GeneratedErrorClass.rawValue`).
public struct GeneratedErrorClasses: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public init(_ errorClass: GeneratedErrorClass) { rawValue = 1 << UInt32(errorClass.rawValue) }

    public func contains(_ errorClass: GeneratedErrorClass) -> Bool { contains(Self(errorClass)) }

    public mutating func insert(_ errorClass: GeneratedErrorClass) { formUnion(Self(errorClass)) }
}
