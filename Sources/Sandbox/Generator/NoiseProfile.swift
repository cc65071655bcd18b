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

    public init(
        typo: Double = 0.06, initials: Double = 0.05, transliteration: Double = 0.12, swappedNames: Double = 0.03,
        caseNoise: Double = 0.04, phoneFormat: Double = 0.6, missingField: Double = 0.08, staleEmail: Double = 0.05,
        legalFormVariant: Double = 0.5, jobTitleVariant: Double = 0.5, innInCRM: Double = 0.25,
        invalidINN: Double = 0.03, deleted: Double = 0.01, duplicateInSource: Double = 0.03,
        hardNegative: Double = 0.03, branch: Double = 0.01, consentOptOut: Double = 0.08, freeMail: Double = 0.2,
        birthDate: Double = 0.3
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
    }

    /// The defaults above.
    public static let standard = NoiseProfile()

    /// No record-level noise and no tricky entities: every source spells everything canonically.
    /// Entity facts (free-mail users, birth dates, INN coverage in CRMs) keep their defaults.
    public static let clean = NoiseProfile(
        typo: 0, initials: 0, transliteration: 0, swappedNames: 0, caseNoise: 0, phoneFormat: 0, missingField: 0,
        staleEmail: 0, legalFormVariant: 0, jobTitleVariant: 0, invalidINN: 0, deleted: 0, duplicateInSource: 0,
        hardNegative: 0, branch: 0, consentOptOut: 0)
}
