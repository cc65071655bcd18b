import Foundation

/// Builds the clean master entities from the seed and an index, with no state and no memory.
///
/// Everything about organization `i` is a pure function of `(seed, i)`, and about its person `j` of
/// `(seed, i, j)`. That is what lets a 1,000,000-record dataset stay lazy: any record can be rebuilt on
/// demand, in any order, on any thread, and still come out identical. Uniqueness of INNs, OGRNs, phone
/// numbers and company names comes from keyed permutations of the index, not from a set of used values.
struct MasterDataFactory: Sendable {
    let seed: UInt64
    let noise: NoiseProfile
    private let innBodies: FeistelPermutation
    private let soleTraderBodies: FeistelPermutation
    private let ogrnBodies: FeistelPermutation
    private let phoneNumbers: FeistelPermutation
    private let russianNames: FeistelPermutation
    private let westernNames: FeistelPermutation

    private static let russianNameSpace = CompanyVocabulary.russianStems.count
        * (CompanyVocabulary.russianIndustries.count + 1) * CompanyVocabulary.russianSuffixes.count
    private static let westernNameSpace = CompanyVocabulary.westernStems.count
        * CompanyVocabulary.westernQualifiers.count * CompanyVocabulary.westernIndustries.count

    /// Organizations beyond this count would reuse identifier bodies (about 60 million source records).
    static let maximumOrganizations = 9_000_000

    /// Legal forms with integer weights: ООО dominates, sole traders are common, foreign forms are a minority.
    private static let formWeights: [(MasterOrganization.LegalForm, Int)] = [
        (.ooo, 62), (.ao, 6), (.pao, 2), (.zao, 4), (.ip, 12), (.llc, 6), (.ltd, 3), (.gmbh, 3), (.inc, 2),
    ]

    /// Organizations per pool of shared free-mail addresses (held-out class `sharedFreeMail`).
    static let sharedMailboxSpan = 256

    private static let mobilePrefixes = [
        "903", "905", "906", "909", "910", "912", "915", "916", "917", "919", "925", "926", "929", "977", "985",
        "999",
    ]

    init(seed: UInt64, noise: NoiseProfile) {
        self.seed = seed
        self.noise = noise
        innBodies = FeistelPermutation(size: 10_000_000, seed: seed, domain: 1)
        soleTraderBodies = FeistelPermutation(size: 100_000_000, seed: seed, domain: 2)
        ogrnBodies = FeistelPermutation(size: 10_000_000, seed: seed, domain: 3)
        phoneNumbers = FeistelPermutation(size: 9_000_000, seed: seed, domain: 4)
        russianNames = FeistelPermutation(size: UInt64(Self.russianNameSpace), seed: seed, domain: 5)
        westernNames = FeistelPermutation(size: UInt64(Self.westernNameSpace), seed: seed, domain: 6)
    }

    // MARK: Organization skeleton (legal form and intended role), cheap and recursion-free

    private func skeleton(_ index: Int) -> (form: MasterOrganization.LegalForm, roll: Double, target: Int) {
        var rng = SplitMix64(seed: seed, 10, UInt64(index))
        let form = Self.formWeights[rng.weighted(Self.formWeights.map(\.1))].0
        let roll = rng.unit()
        let target = index > 0 ? index - 1 - rng.below(min(index, 40)) : 0
        return (form, roll, target)
    }

    /// Resolved role: a twin or branch only refers to an earlier *plain* organization of a compatible form.
    func role(of index: Int) -> MasterOrganization.Role {
        let own = skeleton(index)
        guard index > 0 else { return .plain }
        let wantsTwin = own.roll < noise.hardNegative
        let wantsBranch = !wantsTwin && own.roll < noise.hardNegative + noise.branch
        guard wantsTwin || wantsBranch else { return heldOutRole(of: index, own: own) }
        let parent = skeleton(own.target)
        let parentIsPlain = parent.roll >= noise.hardNegative + noise.branch || own.target == 0
        guard parentIsPlain, parent.form != .ip else { return .plain }
        if wantsTwin { return .twin(of: own.target) }
        return parent.form.isRussian ? .branch(of: own.target) : .plain
    }

    /// The legal form an organization ends up with (twins and branches take their parent's; a group company is a
    /// Russian company; a namesake takes another Russian form than its parent's).
    func legalForm(of index: Int) -> MasterOrganization.LegalForm {
        switch role(of: index) {
        case .plain: return skeleton(index).form
        case .twin(let parent), .branch(let parent): return skeleton(parent).form
        case .group:
            let form = skeleton(index).form
            return form.isRussian && form != .ip ? form : .ooo
        case .namesake(let parent):
            let others = Self.companyForms.filter { $0 != skeleton(parent).form }
            return others[heldOutDraws(index).form % others.count]
        }
    }

    // MARK: Held-out error classes (streams of their own: a rate of 0 leaves every other draw as it was)

    private static let companyForms: [MasterOrganization.LegalForm] = [.ooo, .ao, .zao, .pao]

    /// Per-organization draws of the held-out classes: role roll, common-name roll, a form pick, an address roll.
    private func heldOutDraws(_ index: Int) -> (role: Double, common: Double, form: Int, address: Double) {
        var rng = SplitMix64(seed: seed, 20, UInt64(index))
        return (rng.unit(), rng.unit(), rng.below(12), rng.unit())
    }

    /// A group company or a namesake of an earlier plain Russian company (never of a sole trader).
    private func heldOutRole(of index: Int, own: (form: MasterOrganization.LegalForm, roll: Double, target: Int))
        -> MasterOrganization.Role
    {
        let share = noise.groupCompany + noise.sameNameOtherForm
        guard share > 0 else { return .plain }
        let roll = heldOutDraws(index).role
        guard roll < share else { return .plain }
        let parent = skeleton(own.target)
        let parentIsPlain = own.target == 0
            || (parent.roll >= noise.hardNegative + noise.branch && heldOutDraws(own.target).role >= share)
        guard parentIsPlain, parent.form.isRussian, parent.form != .ip else { return .plain }
        return roll < noise.groupCompany ? .group(of: own.target) : .namesake(of: own.target)
    }

    /// Whether a plain Russian company carries one of the common names (held-out class `commonName`).
    func hasCommonName(_ index: Int) -> Bool {
        guard noise.commonName > 0, case .plain = role(of: index) else { return false }
        let form = skeleton(index).form
        return form.isRussian && form != .ip && heldOutDraws(index).common < noise.commonName
    }

    // MARK: Organizations

    func organization(_ index: Int) -> MasterOrganization {
        let role = role(of: index)
        var rng = SplitMix64(seed: seed, 1, UInt64(index))
        let city = GeographyVocabulary.cities[rng.weighted(GeographyVocabulary.cityWeights)]
        let street = rng.pick(GeographyVocabulary.streets)
        let streetType = rng.weighted(GeographyVocabulary.streetTypes.map(\.weight))
        let house = rng.int(in: 1...160)
        let office: Int? = rng.chance(0.5) ? rng.int(in: 1...450) : nil
        let postcode = String(city.postcodeBase + rng.below(city.postcodeSpan * 1000))
        let subscriber = phoneNumbers.apply(UInt64(index % Self.maximumOrganizations)) + 1_000_000
        let phone = rng.pick(city.areaCodes) + String(subscriber)
        let mailbox = rng.pick(CompanyVocabulary.contactMailboxes)
        let tld = rng.pick(CompanyVocabulary.topLevelDomains)
        let year = rng.int(in: 2...23)
        let yearText = MasterOrganization.pad(year, 2)
        let innSerial = MasterOrganization.pad(Int(innBodies.apply(UInt64(index % 10_000_000))), 7)

        switch role {
        case .branch(let parentIndex):
            let parent = organization(parentIndex)
            let kpp = city.region + rng.digits(2) + "43" + MasterOrganization.pad(rng.int(in: 1...9), 3)
            return MasterOrganization(
                index: index, legalForm: parent.legalForm, role: role, coreCyrillic: parent.coreCyrillic,
                coreLatin: parent.coreLatin, inn: parent.inn, kpp: kpp, ogrn: parent.ogrn, city: city,
                street: street, streetType: streetType, house: house, office: office, postcode: postcode,
                phone: phone, domain: parent.domain, mailbox: mailbox, fallbackEmail: parent.fallbackEmail,
                registrationYear: parent.registrationYear)
        case .twin(let parentIndex):
            let parent = organization(parentIndex)
            let modifier = twinModifier(for: parent.coreCyrillic, rng: &rng)
            let coreCyrillic = parent.coreCyrillic + modifier
            let coreLatin = parent.isInternational
                ? parent.coreLatin + Transliterator.latin(modifier)
                : Transliterator.latin(coreCyrillic)
            return build(
                index: index, form: parent.legalForm, role: role, coreCyrillic: coreCyrillic, coreLatin: coreLatin,
                innSerial: innSerial, city: city, street: street, streetType: streetType, house: house,
                office: office, postcode: postcode, phone: phone, mailbox: mailbox, tld: tld, year: yearText,
                rng: &rng)
        case .group(let parentIndex):
            let parent = organization(parentIndex)
            let names = russianCompanyName(index)
            var org = build(
                index: index, form: legalForm(of: index), role: role, coreCyrillic: names.cyrillic,
                coreLatin: names.latin, innSerial: innSerial, city: city, street: street, streetType: streetType,
                house: house, office: office, postcode: postcode, phone: parent.phone, mailbox: mailbox, tld: tld,
                year: yearText, rng: &rng)
            org.domain = parent.domain ?? org.domain
            if heldOutDraws(index).address < 0.5 {
                // One business centre: the group shares the parent's office address.
                (org.city, org.street, org.streetType) = (parent.city, parent.street, parent.streetType)
                (org.house, org.office, org.postcode) = (parent.house, parent.office, parent.postcode)
            }
            return org
        case .namesake(let parentIndex):
            let parent = organization(parentIndex)
            let form = legalForm(of: index)
            var org = build(
                index: index, form: form, role: role, coreCyrillic: parent.coreCyrillic, coreLatin: parent.coreLatin,
                innSerial: innSerial, city: city, street: street, streetType: streetType, house: house,
                office: office, postcode: postcode, phone: phone, mailbox: mailbox, tld: tld, year: yearText,
                rng: &rng)
            org.domain = Self.slug(parent.coreLatin + " " + form.latinAbbreviation) + "." + tld
            return org
        case .plain:
            let form = skeleton(index).form
            let names: (cyrillic: String, latin: String)
            if hasCommonName(index) {
                let common = CompanyVocabulary.commonNames[heldOutDraws(index).form % CompanyVocabulary.commonNames.count]
                var org = build(
                    index: index, form: form, role: role, coreCyrillic: common, coreLatin: Transliterator.latin(common),
                    innSerial: innSerial, city: city, street: street, streetType: streetType, house: house,
                    office: office, postcode: postcode, phone: phone, mailbox: mailbox, tld: tld, year: yearText,
                    rng: &rng)
                // Few other fields: no web site to tell the companies apart.
                org.domain = nil
                org.isCommonName = true
                return org
            }
            if form == .ip {
                let owner = russianName(rng: &rng)
                names = (owner.cyrillic, owner.latin)
            } else if form.isRussian {
                names = russianCompanyName(index)
            } else {
                names = westernCompanyName(index)
            }
            return build(
                index: index, form: form, role: role, coreCyrillic: names.cyrillic, coreLatin: names.latin,
                innSerial: innSerial, city: city, street: street, streetType: streetType, house: house,
                office: office, postcode: postcode, phone: phone, mailbox: mailbox, tld: tld, year: yearText,
                rng: &rng)
        }
    }

    private func build(
        index: Int, form: MasterOrganization.LegalForm, role: MasterOrganization.Role, coreCyrillic: String,
        coreLatin: String, innSerial: String, city: GeographyVocabulary.City, street: String, streetType: Int,
        house: Int, office: Int?, postcode: String, phone: String, mailbox: String, tld: String, year: String,
        rng: inout SplitMix64
    ) -> MasterOrganization {
        let inn: String
        let kpp: String?
        let ogrn: String?
        var domain: String? = Self.slug(coreLatin) + "." + tld
        switch form {
        case .ip:
            let body = city.region
                + MasterOrganization.pad(Int(soleTraderBodies.apply(UInt64(index % 100_000_000))), 8)
            inn = RussianIdentifiers.inn12(body: body)
            kpp = nil
            let ogrnBody = "3" + year + city.region + MasterOrganization.pad(
                Int(ogrnBodies.apply(UInt64(index % 10_000_000))), 7) + rng.digits(2)
            ogrn = RussianIdentifiers.ogrnip(body: ogrnBody)
            domain = rng.chance(0.2) ? domain : nil
        case .ooo, .ao, .pao, .zao:
            inn = RussianIdentifiers.inn10(body: city.region + innSerial)
            let serial = innSerial.utf8.prefix(2).map { String(UnicodeScalar($0)) }.joined()
            kpp = city.region + serial + "01001"
            let ogrnBody = (rng.chance(0.8) ? "1" : "5") + year + city.region
                + MasterOrganization.pad(Int(ogrnBodies.apply(UInt64(index % 10_000_000))), 7)
            ogrn = RussianIdentifiers.ogrn(body: ogrnBody)
        case .llc, .ltd, .gmbh, .inc:
            inn = RussianIdentifiers.inn10(body: "99" + innSerial)
            kpp = "7747" + "51" + MasterOrganization.pad(rng.int(in: 1...999), 3)
            ogrn = nil
        }
        let localPart = String(Self.slug(coreLatin).map { $0 == "-" ? "." : $0 })
        let fallback = localPart + "@" + rng.pick(PersonNameVocabulary.freeMailDomains)
        return MasterOrganization(
            index: index, legalForm: form, role: role, coreCyrillic: coreCyrillic, coreLatin: coreLatin, inn: inn,
            kpp: kpp, ogrn: ogrn, city: city, street: street, streetType: streetType, house: house, office: office,
            postcode: postcode, phone: phone, domain: domain, mailbox: mailbox, fallbackEmail: fallback,
            registrationYear: 2000 + (Int(year) ?? 10))
    }

    private func twinModifier(for core: String, rng: inout SplitMix64) -> String {
        let options = CompanyVocabulary.twinModifiers.filter { !core.hasSuffix($0) }
        return rng.pick(options)
    }

    /// Distinct indices give distinct names: a permutation picks (stem, industry, suffix), and every
    /// further pass over the name space appends a tier number ("Альфа-Строй 2").
    private func russianCompanyName(_ index: Int) -> (cyrillic: String, latin: String) {
        let space = Self.russianNameSpace
        var key = Int(russianNames.apply(UInt64(index % space)))
        let tier = index / space
        let suffixes = CompanyVocabulary.russianSuffixes
        let industries = CompanyVocabulary.russianIndustries
        let suffix = suffixes[key % suffixes.count]
        key /= suffixes.count
        let industry = key % (industries.count + 1)
        key /= industries.count + 1
        let stem = CompanyVocabulary.russianStems[key]
        var name: String
        if industry == industries.count {
            name = stem
        } else {
            let word = industries[industry]
            switch (key + industry) % 3 {
            case 0: name = stem + "-" + word
            case 1: name = stem + word
            default: name = stem + word.lowercased()
            }
        }
        name += suffix
        if tier > 0 { name += " " + String(tier + 1) }
        return (name, Transliterator.latin(name))
    }

    private func westernCompanyName(_ index: Int) -> (cyrillic: String, latin: String) {
        let space = Self.westernNameSpace
        var key = Int(westernNames.apply(UInt64(index % space)))
        let tier = index / space
        let industries = CompanyVocabulary.westernIndustries
        let qualifiers = CompanyVocabulary.westernQualifiers
        let industry = industries[key % industries.count]
        key /= industries.count
        let qualifier = qualifiers[key % qualifiers.count]
        key /= qualifiers.count
        let stem = CompanyVocabulary.westernStems[key]
        let number = tier > 0 ? " " + String(tier + 1) : ""
        return (
            stem.cyrillic + qualifier.cyrillic + " " + industry.cyrillic + number,
            stem.latin + qualifier.latin + " " + industry.latin + number
        )
    }

    private func russianName(rng: inout SplitMix64) -> (cyrillic: String, latin: String) {
        let male = rng.chance(0.7)
        let family = PersonNameVocabulary.russianSurnames[PersonNameVocabulary.russianSurnameWeights.draw(&rng)]
        let father = PersonNameVocabulary.russianMale[PersonNameVocabulary.russianMaleWeights.draw(&rng)]
        let given = male
            ? PersonNameVocabulary.russianMale[PersonNameVocabulary.russianMaleWeights.draw(&rng)].name
            : PersonNameVocabulary.russianFemale[PersonNameVocabulary.russianFemaleWeights.draw(&rng)]
        let familyForm = male ? family : RussianGrammar.feminineSurname(family)
        let full = familyForm + " " + given + " " + RussianGrammar.patronymic(stem: father.patronymicStem, male: male)
        return (full, Transliterator.latin(full))
    }

    /// Lower-case ASCII domain label: letters and digits, words joined by hyphens.
    static func slug(_ latin: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingHyphen = false
        for scalar in latin.lowercased().unicodeScalars {
            let isAlnum = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if isAlnum {
                if pendingHyphen, !result.isEmpty { result.append("-") }
                pendingHyphen = false
                result.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        return String(result)
    }

    // MARK: Persons

    func person(of organization: MasterOrganization, ordinal: Int) -> MasterPerson {
        var rng = SplitMix64(seed: seed, 2, UInt64(organization.index), UInt64(ordinal))
        var isRussian = organization.isInternational ? rng.chance(0.4) : rng.chance(0.93)
        var male: Bool
        var givenCyrillic: String
        var givenLatin: String
        var familyCyrillic: String
        var familyLatin: String
        var patronymic: String?
        if isRussian {
            male = rng.chance(0.55)
            let family = PersonNameVocabulary.russianSurnames[PersonNameVocabulary.russianSurnameWeights.draw(&rng)]
            familyCyrillic = male ? family : RussianGrammar.feminineSurname(family)
            givenCyrillic = male
                ? PersonNameVocabulary.russianMale[PersonNameVocabulary.russianMaleWeights.draw(&rng)].name
                : PersonNameVocabulary.russianFemale[PersonNameVocabulary.russianFemaleWeights.draw(&rng)]
            let father = PersonNameVocabulary.russianMale[PersonNameVocabulary.russianMaleWeights.draw(&rng)]
            patronymic = RussianGrammar.patronymic(stem: father.patronymicStem, male: male)
            givenLatin = Transliterator.latin(givenCyrillic)
            familyLatin = Transliterator.latin(familyCyrillic)
        } else {
            let given = PersonNameVocabulary.westernGiven[PersonNameVocabulary.westernGivenWeights.draw(&rng)]
            let family = PersonNameVocabulary.westernSurnames[PersonNameVocabulary.westernSurnameWeights.draw(&rng)]
            male = given.male
            givenLatin = given.latin
            givenCyrillic = given.cyrillic
            familyLatin = family.latin
            familyCyrillic = family.cyrillic
        }
        // Held-out classes: a relative or namesake colleague of the company's first contact (own stream).
        var heldOut: GeneratedErrorClasses = []
        var extra = SplitMix64(seed: seed, 21, UInt64(organization.index), UInt64(ordinal))
        let kinRoll = extra.unit()
        if ordinal > 0, kinRoll < noise.sameSurnameColleague + noise.sharedInitial {
            let first = person(of: organization, ordinal: 0)
            let sameInitial = kinRoll >= noise.sameSurnameColleague
            if let kin = Self.kinGivenName(of: first, sameInitial: sameInitial, rng: &extra) {
                if first.isRussian, patronymic == nil || first.male != male {
                    let father = PersonNameVocabulary.russianMale[PersonNameVocabulary.russianMaleWeights.draw(&extra)]
                    patronymic = RussianGrammar.patronymic(stem: father.patronymicStem, male: first.male)
                } else if !first.isRussian {
                    patronymic = nil
                }
                (isRussian, male) = (first.isRussian, first.male)
                (familyCyrillic, familyLatin) = (first.familyCyrillic, first.familyLatin)
                (givenCyrillic, givenLatin) = kin
                heldOut.insert(sameInitial ? .sharedInitial : .sameSurnameColleague)
            }
        }
        let titleIndex = ordinal == 0 && rng.chance(0.5) ? 0 : rng.weighted(JobTitleVocabulary.weights)
        let mobile = rng.pick(Self.mobilePrefixes) + rng.digits(7)
        // One extension per colleague: a PBX never gives two people the same one (ordinal < 8 picks the range).
        var officeExtension: String? = rng.chance(0.6) ? String(100 + ordinal * 50 + rng.int(in: 0...49)) : nil
        if !heldOut.isEmpty, officeExtension == nil {
            officeExtension = String(100 + ordinal * 50 + extra.int(in: 0...49))
        }
        let given = Self.slug(givenLatin)
        let family = Self.slug(familyLatin)
        var emailLocal: String
        switch rng.below(4) {
        case 0: emailLocal = given + "." + family
        case 1: emailLocal = String(given.prefix(1)) + "." + family
        // A bare-surname mailbox goes to the first colleague only; later ones would collide with a namesake.
        case 2: emailLocal = ordinal == 0 ? family : String(given.prefix(1)) + "." + family
        default: emailLocal = String(given.prefix(1)) + family
        }
        // A namesake colleague gets the full-name mailbox: the company never hands `a.ivanov@` out twice.
        if !heldOut.isEmpty { emailLocal = given + "." + family }
        let usesFreeMail = organization.domain == nil || rng.chance(noise.freeMail)
        // A mailbox belongs to one person: the provider never hands `smirnov@mail.ru` out twice. The trailing
        // number (a bijection of organization and ordinal) keeps free-mail addresses unique, as real users end
        // up with `smirnov.sergey1987`-style names when the short ones are taken.
        var freeMail: String? = usesFreeMail
            ? family + (rng.chance(0.5) ? "." + given : "") + String(organization.index * 8 + ordinal)
                + "@" + rng.pick(PersonNameVocabulary.freeMailDomains)
            : nil
        // Held-out class: the address from a small per-surname pool, which people at other employers give too
        // (a relative's address, a family mailbox). A mailbox is shared by a few people, however large the data
        // set: the pool is per neighbourhood of `sharedMailboxSpan` organizations (the number in the address), and
        // per surname one provider, so `smirnov17@mail.ru` is shared by the Smirnovs of that neighbourhood only.
        if usesFreeMail, extra.unit() < noise.sharedFreeMail {
            let domains = PersonNameVocabulary.freeMailDomains
            let domain = domains[Int(SplitMix64.hash(family) % UInt64(domains.count))]
            let neighbourhood = String(organization.index / Self.sharedMailboxSpan)
            freeMail = family + (extra.chance(0.5) ? "." + given : "") + neighbourhood + "@" + domain
            heldOut.insert(.sharedFreeMail)
        }
        let birthDate = rng.chance(noise.birthDate)
            ? (year: rng.int(in: 1958...2002), month: rng.int(in: 1...12), day: rng.int(in: 1...28)) : nil
        let optedOut = rng.chance(noise.consentOptOut)
        let previous: Int? = organization.index > 0 ? rng.below(organization.index) : nil
        return MasterPerson(
            organizationIndex: organization.index, ordinal: ordinal, isRussian: isRussian, male: male,
            givenCyrillic: givenCyrillic, givenLatin: givenLatin, familyCyrillic: familyCyrillic,
            familyLatin: familyLatin, patronymic: patronymic, titleIndex: titleIndex, mobile: mobile,
            officeExtension: officeExtension, emailLocal: emailLocal, freeMail: freeMail, birthDate: birthDate,
            optedOut: optedOut, previousEmployerIndex: previous, heldOut: heldOut)
    }

    /// Another given name of the same script and sex as `first`'s (with the same initial when `sameInitial`), in
    /// (Cyrillic, Latin); `nil` when the vocabulary has none.
    private static func kinGivenName(of first: MasterPerson, sameInitial: Bool, rng: inout SplitMix64)
        -> (cyrillic: String, latin: String)?
    {
        let names: [(cyrillic: String, latin: String)]
        if first.isRussian {
            let cyrillic = first.male
                ? PersonNameVocabulary.russianMale.map(\.name) : PersonNameVocabulary.russianFemale
            names = cyrillic.map { ($0, Transliterator.latin($0)) }
        } else {
            names = PersonNameVocabulary.westernGiven.filter { $0.male == first.male }.map { ($0.cyrillic, $0.latin) }
        }
        let candidates = names.filter { name in
            name.latin != first.givenLatin && (!sameInitial || name.cyrillic.first == first.givenCyrillic.first)
        }
        return candidates.isEmpty ? nil : rng.pick(candidates)
    }
}
