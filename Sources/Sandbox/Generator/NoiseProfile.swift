/// How dirty the generated data is. Every rate is a probability in 0...1, applied independently.
///
/// Rates are per *record* unless noted, so that a rate measured on the output (for example the share of
/// contact records whose first name is an initial) matches the configured number. The defaults are a
/// guess at a typical mid-size Russian B2B CRM landscape; tests override them to make rates measurable.
public struct NoiseProfile: Sendable, Hashable, Codable {
    /// One typo (transposition, deletion, substitution or doubled letter) in a person or company name.
    public var typo: Double
    /// Given name shortened to an initial ("M. Smirnov").
    public var initials: Double
    /// Name written in the other script (Иванов → Ivanov/Ivanoff; Smith → Смит; Ромашка → Romashka).
    public var transliteration: Double
    /// Given and family name swapped between the two fields.
    public var swappedNames: Double
    /// Family name in capitals ("ИВАНОВ") or the whole name in lower case ("smirnov mark").
    public var caseNoise: Double
    /// A phone written in anything but the canonical `+7 (495) 123-45-67` style.
    public var phoneFormat: Double
    /// Each optional field (phone, email, address, title, website, birth date, middle name) left empty.
    public var missingField: Double
    /// A person's email still on a previous employer's domain.
    public var staleEmail: Double
    /// Company name in another legal-form/quote style than the source's usual "ООО «Ромашка»".
    public var legalFormVariant: Double
    /// Job title written as a variant ("Founder/CEO", "ген. директор", "CEOn") instead of the usual label.
    public var jobTitleVariant: Double
    /// INN (and usually KPP) filled in a CRM company record; 1C always has them.
    public var innInCRM: Double
    /// A filled CRM INN that fails its checksum (a mistyped digit).
    public var invalidINN: Double
    /// Record soft-deleted in its source.
    public var deleted: Double
    /// An entity held twice by the same CRM (two Accounts for one company in sf_a); per entity and source.
    public var duplicateInSource: Double
    /// Per organization: a different company with a near-identical name and its own INN ("Ромашка-М").
    public var hardNegative: Double
    /// Per organization: a branch of another company (same INN, own KPP), which is a different entity.
    public var branch: Double
    /// Per person: opted out of email in one of their CRM records (and only there).
    public var consentOptOut: Double
    /// Per person: uses a free-mail address (mail.ru, gmail.com, ...) instead of the company domain.
    public var freeMail: Double
    /// Per person: birth date known to the CRMs.
    public var birthDate: Double

    // The error classes of data held out from us (`GeneratedErrorClass`); 0 in `.standard`, set in
    // `.heldOutClasses`. Each is decided from its own random stream, so a rate of 0 leaves the data byte-identical.

    /// Per free-mail user: the address comes from a small per-surname pool (`ivanov17@rambler.ru`), not a unique one;
    /// the pool is per neighbourhood of organizations, so a few people share an address at any data set size.
    public var sharedFreeMail: Double
    /// Per contact after a company's first: a relative or colleague with the first contact's family name, a desk
    /// extension on the same switchboard and another given name.
    public var sameSurnameColleague: Double
    /// Per contact after a company's first: the first contact's family name and initial with another given name;
    /// half of this person's records give only the initial.
    public var sharedInitial: Double
    /// Per person record: a surname typo and a transliteration together.
    public var surnameTypoTransliterated: Double
    /// Per person and source: that source abbreviates the given name in every record of the person.
    public var initialsInSource: Double
    /// Per person and source: that source swaps given and family name in every record of the person.
    public var swappedInSource: Double
    /// Per organization and CRM source holding its contacts: the contacts there point to an extra variant record
    /// of the organization (another spelling, no identifiers).
    public var variantEmployer: Double
    /// Per person record: neither e-mail nor phone.
    public var noContact: Double
    /// Per organization and CRM source: the address written in Latin.
    public var addressTransliterated: Double
    /// Per sole trader and CRM source: the name written with initials.
    public var soleTraderInitials: Double
    /// Per CRM organization record: an INN with one mistyped digit that still passes the checksum, where the INN has
    /// such a typo at all (only one whose check digit is 0: about two in eleven).
    public var innTypoValid: Double
    /// Per organization: one of a few common names (Альянс), with few other fields in its records.
    public var commonName: Double
    /// Per organization: a group company of an earlier one (same domain and phone, own name and INN).
    public var groupCompany: Double
    /// Per organization: an earlier organization's name under another legal form, with its own domain.
    public var sameNameOtherForm: Double

    public init(
        typo: Double = 0.06, initials: Double = 0.05, transliteration: Double = 0.12, swappedNames: Double = 0.03,
        caseNoise: Double = 0.04, phoneFormat: Double = 0.6, missingField: Double = 0.08, staleEmail: Double = 0.05,
        legalFormVariant: Double = 0.5, jobTitleVariant: Double = 0.5, innInCRM: Double = 0.25,
        invalidINN: Double = 0.03, deleted: Double = 0.01, duplicateInSource: Double = 0.03,
        hardNegative: Double = 0.03, branch: Double = 0.01, consentOptOut: Double = 0.08, freeMail: Double = 0.2,
        birthDate: Double = 0.3, sharedFreeMail: Double = 0, sameSurnameColleague: Double = 0,
        sharedInitial: Double = 0, surnameTypoTransliterated: Double = 0, initialsInSource: Double = 0,
        swappedInSource: Double = 0, variantEmployer: Double = 0, noContact: Double = 0,
        addressTransliterated: Double = 0, soleTraderInitials: Double = 0, innTypoValid: Double = 0,
        commonName: Double = 0, groupCompany: Double = 0, sameNameOtherForm: Double = 0
    ) {
        self.typo = typo
        self.initials = initials
        self.transliteration = transliteration
        self.swappedNames = swappedNames
        self.caseNoise = caseNoise
        self.phoneFormat = phoneFormat
        self.missingField = missingField
        self.staleEmail = staleEmail
        self.legalFormVariant = legalFormVariant
        self.jobTitleVariant = jobTitleVariant
        self.innInCRM = innInCRM
        self.invalidINN = invalidINN
        self.deleted = deleted
        self.duplicateInSource = duplicateInSource
        self.hardNegative = hardNegative
        self.branch = branch
        self.consentOptOut = consentOptOut
        self.freeMail = freeMail
        self.birthDate = birthDate
        self.sharedFreeMail = sharedFreeMail
        self.sameSurnameColleague = sameSurnameColleague
        self.sharedInitial = sharedInitial
        self.surnameTypoTransliterated = surnameTypoTransliterated
        self.initialsInSource = initialsInSource
        self.swappedInSource = swappedInSource
        self.variantEmployer = variantEmployer
        self.noContact = noContact
        self.addressTransliterated = addressTransliterated
        self.soleTraderInitials = soleTraderInitials
        self.innTypoValid = innTypoValid
        self.commonName = commonName
        self.groupCompany = groupCompany
        self.sameNameOtherForm = sameNameOtherForm
    }

    /// Whether any held-out error class is switched on (when not, nothing of them is computed at all).
    public var hasHeldOutClasses: Bool {
        [
            sharedFreeMail, sameSurnameColleague, sharedInitial, surnameTypoTransliterated, initialsInSource,
            swappedInSource, variantEmployer, noContact, addressTransliterated, soleTraderInitials, innTypoValid,
            commonName, groupCompany, sameNameOtherForm,
        ].contains { $0 > 0 }
    }

    /// The defaults above.
    public static let standard = NoiseProfile()

    /// The standard noise plus the error classes of CRM data held out from us (`GeneratedErrorClass`), at rates
    /// that are a guess, like the defaults: each class is common enough to be measured at 100k records. Selected by
    /// `golden bench match --noise held-out`; `.standard` stays what the pinned digests and figures were made with.
    public static let heldOutClasses = NoiseProfile(
        sharedFreeMail: 0.3, sameSurnameColleague: 0.05, sharedInitial: 0.03, surnameTypoTransliterated: 0.03,
        initialsInSource: 0.05, swappedInSource: 0.02, variantEmployer: 0.03, noContact: 0.05,
        addressTransliterated: 0.1, soleTraderInitials: 0.3, innTypoValid: 0.1, commonName: 0.01,
        groupCompany: 0.02, sameNameOtherForm: 0.02)

    /// No record-level noise and no tricky entities: every source spells everything canonically.
    /// Entity facts (free-mail users, birth dates, INN coverage in CRMs) keep their defaults.
    public static let clean = NoiseProfile(
        typo: 0, initials: 0, transliteration: 0, swappedNames: 0, caseNoise: 0, phoneFormat: 0, missingField: 0,
        staleEmail: 0, legalFormVariant: 0, jobTitleVariant: 0, invalidINN: 0, deleted: 0, duplicateInSource: 0,
        hardNegative: 0, branch: 0, consentOptOut: 0)
}
