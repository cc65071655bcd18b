import GoldenCore

extension MatchRecord {
    /// The match view of one standardized source record.
    ///
    /// Only valid values become attributes (an invalid INN or phone is no evidence, never a disagreement). Names,
    /// cities and given names are reduced to their folded Latin keys so Cyrillic and Latin spellings meet.
    /// - Parameters:
    ///   - id: the record id used in the table, explanations and steward decisions; `source/id` by default.
    ///   - employerCluster: for persons, the cluster of the employer's organization record (`person.employer`),
    ///     known only after organizations were matched; `nil` when there is no employer or it is unknown.
    ///   - companyPhones: numbers that belong to organizations (switchboards). On a person such a number stays in
    ///     `phone` but not in `personal_phone`: colleagues share it, so it must not weigh like a mobile number.
    public init(
        _ record: SourceRecord, id: String? = nil, employerCluster: String? = nil, companyPhones: Set<String> = []
    ) {
        var values: [MatchAttribute: [String]] = [:]
        func add(_ attribute: MatchAttribute, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            if values[attribute]?.contains(value) == true { return }
            values[attribute, default: []].append(value)
        }
        switch record.party {
        case .organization(let organization):
            for name in [organization.legalName, organization.shortName].compactMap({ $0?.value }) {
                add(.nameKey, name.nameKey)
                // The key without spaces: "Рога и Копыта" / "РогаКопыта", "Ромашка-М" / "Ромашка М".
                add(.translitKey, name.nameKey.split(separator: " ").joined())
                add(.nameInitials, Self.initialsKey(name.nameKey))
            }
            add(.inn, organization.inn?.value?.digits)
            add(.kpp, organization.kpp?.value?.value)
            add(.ogrn, organization.ogrn?.value?.digits)
            for phone in organization.phones { add(.phone, phone.value?.e164) }
            for email in organization.emails.compactMap(\.value) {
                add(.email, email.key)
                // A company's own mailbox domain (info@romashka.ru included) identifies it; a free-mail one does not.
                if !email.isFreeMail { add(.emailDomain, email.domain) }
            }
            add(.emailDomain, organization.website?.value.map { Self.registrableHost($0.host) })
            Self.addAddresses(organization.addresses, into: add)
        case .person(let person):
            if let name = person.name?.value {
                add(.family, name.family?.lowercased())
                add(.familyTranslit, name.familyTranslit)
                add(.phoneticKey, name.familyPhonetic)
                // The cross-script canonical group (Саша / Sasha / Alexander → aleksandr) when the name is known,
                // else the folded spelling (initial-only names keep just their initial).
                let initial = name.givenInitialKey ?? name.givenInitial.map { Transliteration.latinKey($0) }
                // An initial-only given name keeps its initial, so "initial vs full name" can compare it.
                let given = name.givenGroup ?? name.givenTranslit ?? initial
                add(.givenTranslit, given)
                add(.givenInitial, initial)
                // Family and given name as an unordered pair: "Tamara Vinogradova" entered into swapped fields.
                if let family = name.familyTranslit, let given {
                    add(.namePair, [family, given].sorted().joined(separator: " "))
                }
            }
            add(.birthDate, person.birthDate?.value?.description)
            add(.nationalID, person.nationalID?.value?.storedForm)
            add("job_title_code", person.jobTitle?.value?.code)
            for phone in person.phones.compactMap(\.value) {
                add(.phone, phone.e164)
                if let ext = phone.extensionNumber, !ext.isEmpty {
                    // A PBX line: the number is the company's, the extension is the person's.
                    add(.personalPhone, phone.e164 + ";ext=" + ext)
                } else if !companyPhones.contains(phone.e164) {
                    add(.personalPhone, phone.e164)
                }
            }
            for email in person.emails.compactMap(\.value) {
                add(.email, email.key)
                // A personal work address says which company; free-mail and role mailboxes do not.
                if !email.isFreeMail, !email.isRole { add(.emailDomain, email.domain) }
            }
            Self.addAddresses(person.addresses, into: add)
            add(.employerCluster, employerCluster)
        }
        Self.deriveVerifiedNationalIDs(&values)
        Self.deriveNameSounds(&values)
        self.init(
            id: id ?? "\(record.ref.source)/\(record.ref.id)", source: record.ref.source,
            entity: record.kind == .organization ? .organization : .person, values: values)
    }

    /// Copies the `national_id` values of checked kinds into `verified_national_id`; an opaque id (`other:…`) may
    /// carry a typo and is evidence for the model, not a fact for a hard rule.
    static func deriveVerifiedNationalIDs(_ values: inout [MatchAttribute: [String]]) {
        let verified = (values[.nationalID] ?? []).filter { NationalID(storedForm: $0)?.kind.hasCheckDigits == true }
        values[.verifiedNationalID] = verified.isEmpty ? nil : verified
    }

    /// A pure function of the stored name keys, so it is derived on read: a change of the key needs no re-landing.
    static func deriveNameSounds(_ values: inout [MatchAttribute: [String]]) {
        var sounds: [String] = []
        for key in values[.nameKey] ?? [] {
            let sound = CrossScriptSoundKey.encode(key)
            if !sound.isEmpty, !sounds.contains(sound) { sounds.append(sound) }
        }
        values[.nameSound] = sounds.isEmpty ? nil : sounds
    }

    private static func addAddresses(
        _ addresses: [AttributeValue<PostalAddress>], into add: (MatchAttribute, String?) -> Void
    ) {
        for address in addresses.compactMap(\.value) {
            add(.city, address.city.map { Transliteration.latinKey($0) })
            add(.postcode, address.postcode)
            // Folded Latin tokens (ул/ul, Москва/Moskva meet), without street-type and unit words that every
            // address carries and that would make any two addresses overlap.
            for token in address.tokenText.split(separator: " ") {
                let key = Transliteration.latinKey(token)
                if !addressStopWords.contains(key) { add(.addressTokens, key) }
            }
        }
    }

    /// Folded keys of the abbreviations the address standardizer emits (and their romanized spellings).
    static let addressStopWords: Set<String> = Set(
        [
            "ул", "пр-т", "пер", "б-р", "ш", "пл", "наб", "проезд", "мкр", "г", "пос", "п", "с", "д", "вл", "корп",
            "к", "стр", "кв", "оф", "пом", "эт", "обл", "р-н", "респ", "край", "st", "ave", "rd", "blvd", "ln", "dr",
            "sq", "apt", "ste", "fl", "ul", "of", "d", "g", "kv", "korp", "str",
        ].map { Transliteration.latinKey($0) })

    /// First word plus the initials of the following words (`sokolov dmitri antonovich` and `sokolov d a` both give
    /// `sokolov d a`): sole traders are written with full names or initials. `nil` for one-word names.
    static func initialsKey(_ key: String) -> String? {
        let words = key.split(separator: " ")
        guard words.count >= 2, let first = words.first else { return nil }
        return ([String(first)] + words.dropFirst().compactMap { $0.first.map { String($0) } }).joined(separator: " ")
    }

    /// `www.romashka.ru` → `romashka.ru`, so a website meets the mailbox domain.
    static func registrableHost(_ host: String) -> String {
        let lower = host.lowercased()
        return lower.hasPrefix("www.") ? String(lower.dropFirst(4)) : lower
    }
}

extension MatchRecord {
    /// What landing stores for matching (``StoredMatchValues``): every value the adapter derives, minus the two that
    /// depend on other records and are only known at match time (the employer's cluster, and whether a person's
    /// number is a company switchboard), plus the employer's `source/key` so the match run can resolve it.
    public static func storedValues(of record: SourceRecord) -> [MatchAttribute: [String]] {
        var values = MatchRecord(record).values
        values[.verifiedNationalID] = nil
        values[.nameSound] = nil
        if let employer = record.party.person?.employer {
            values[.employerRef] = ["\(employer.source)/\(employer.id)"]
        }
        return values
    }

    /// The match view of a record read back from ``storedValues(of:)``; equal to `init(_:id:employerCluster:
    /// companyPhones:)` on the standardized record it was stored from.
    public init(
        stored values: [MatchAttribute: [String]], id: String, source: String, entity: MatchEntity,
        employerCluster: String? = nil, companyPhones: Set<String> = []
    ) {
        var values = values
        values[.employerRef] = nil
        Self.deriveVerifiedNationalIDs(&values)
        if entity == .organization { Self.deriveNameSounds(&values) }
        if entity == .person {
            if let personal = values[.personalPhone], !companyPhones.isEmpty {
                let kept = personal.filter { !companyPhones.contains($0) }
                values[.personalPhone] = kept.isEmpty ? nil : kept
            }
            if let employerCluster, !employerCluster.isEmpty { values[.employerCluster] = [employerCluster] }
        }
        self.init(id: id, source: source, entity: entity, values: values)
    }
}

extension MatchRecord {
    /// The attributes ``init(_:id:employerCluster:companyPhones:)`` can give a record of `entity`: what blocking
    /// rules and comparisons in `match.yaml` may read. A configuration naming anything else could never see a value
    /// (every pair would be null or unblocked), so the settings loader refuses it with the file and line; a test
    /// keeps this list and the adapter in step.
    public static func standardizedAttributes(of entity: MatchEntity) -> [MatchAttribute] {
        let address: [MatchAttribute] = [.city, .postcode, .addressTokens]
        switch entity {
        case .organization:
            return [
                .nameKey, .translitKey, .nameSound, .nameInitials, .inn, .kpp, .ogrn, .phone, .email, .emailDomain,
            ] + address
        case .person:
            return [
                .family, .familyTranslit, .phoneticKey, .givenTranslit, .givenInitial, .namePair, .birthDate,
                .nationalID, .verifiedNationalID, "job_title_code", .phone, .personalPhone, .email, .emailDomain,
                .employerCluster,
            ] + address
        }
    }
}
