import Foundation

/// Turns clean master values into the strings people actually type into CRMs.
///
/// Each function draws from the record's own random stream and applies one kind of noise with the rate
/// from `NoiseProfile`, so rates can be measured on the output.
struct NoiseApplier: Sendable {
    let noise: NoiseProfile

    private static let cyrillicLower = Array("абвгдежзиклмнопрстуфхцчшэюя".unicodeScalars)
    private static let latinLower = Array("abcdefghijklmnoprstuvwyz".unicodeScalars)

    // MARK: Typos and case

    /// One edit that keeps the first letter: transposition, deletion, substitution or doubled letter.
    /// Always returns a different string for inputs of three letters or more.
    static func typo(_ text: String, rng: inout SplitMix64) -> String {
        var scalars = Array(text.unicodeScalars)
        let positions = (1..<max(scalars.count, 1)).filter { scalars[$0].properties.isAlphabetic }
        guard scalars.count >= 3, let position = positions.isEmpty ? nil : rng.pick(positions) else { return text }
        switch rng.below(4) {
        case 0 where position + 1 < scalars.count && scalars[position] != scalars[position + 1]
            && scalars[position + 1].properties.isAlphabetic:
            scalars.swapAt(position, position + 1)
        case 1:
            scalars.remove(at: position)
        case 2:
            let original = scalars[position]
            let isUpper = original.properties.isUppercase
            let alphabet = Transliterator.isCyrillicLetter(original) ? cyrillicLower : latinLower
            var replacement = rng.pick(alphabet)
            if String(replacement) == String(original).lowercased() {
                replacement = alphabet[(alphabet.firstIndex(of: replacement).map { $0 + 1 } ?? 0) % alphabet.count]
            }
            scalars[position] = isUpper ? (String(replacement).uppercased().unicodeScalars.first ?? replacement)
                : replacement
        default:
            scalars.insert(scalars[position], at: position)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    // MARK: Persons

    struct PersonName: Sendable, Equatable {
        var first: String
        var last: String
        var middle: String?
    }

    /// What the held-out classes force on one record's name (`GeneratedErrorClass`); nothing by default.
    struct NameForcing: Sendable {
        /// Transliterated, with a typo in the family name.
        var typoAndTransliteration = false
        var swapped = false
        var initials = false
    }

    /// A record's rendering of a person's name: native script, then transliteration, typo, swapped fields, initials
    /// and case noise, in that order; what `forcing` asks comes on top (the usual draws happen first and unchanged,
    /// and the forced typo draws from `extra`).
    func personName(_ person: MasterPerson, forcing: NameForcing, rng: inout SplitMix64, extra: inout SplitMix64)
        -> PersonName
    {
        var first = person.nativeGiven
        var last = person.nativeFamily
        var middle = person.patronymic
        if rng.chance(noise.transliteration) || forcing.typoAndTransliteration {
            if person.isRussian {
                let scheme = rng.pick(Transliterator.Scheme.allCases)
                first = Transliterator.latin(first, scheme: scheme)
                last = Transliterator.latin(last, scheme: scheme)
                middle = middle.map { Transliterator.latin($0, scheme: scheme) }
            } else {
                first = person.givenCyrillic
                last = person.familyCyrillic
            }
        }
        if rng.chance(noise.typo) {
            if rng.chance(0.7) { last = Self.typo(last, rng: &rng) } else { first = Self.typo(first, rng: &rng) }
        }
        if forcing.typoAndTransliteration { last = Self.typo(last, rng: &extra) }
        if rng.chance(noise.swappedNames) || forcing.swapped { swap(&first, &last) }
        if rng.chance(noise.initials) || forcing.initials, let initial = first.first { first = String(initial) + "." }
        if rng.chance(noise.caseNoise) {
            if rng.chance(0.5) {
                last = last.uppercased()
            } else {
                first = first.lowercased()
                last = last.lowercased()
            }
        }
        if rng.chance(noise.missingField) { middle = nil }
        return PersonName(first: first, last: last, middle: middle)
    }

    /// The usual label for the person's language, or with `jobTitleVariant` one of the variants.
    func jobTitle(_ person: MasterPerson, rng: inout SplitMix64) -> String? {
        let title = JobTitleVocabulary.titles[person.titleIndex]
        if rng.chance(noise.missingField) { return nil }
        if rng.chance(noise.jobTitleVariant) { return rng.pick(title.variants) }
        return person.isRussian ? title.russian : title.english
    }

    /// Company mailbox or free mail; a stale address on a previous employer's domain when one is given.
    func email(_ person: MasterPerson, employer: MasterOrganization, staleDomain: String?) -> String {
        if let staleDomain { return person.emailLocal + "@" + staleDomain }
        if let freeMail = person.freeMail { return freeMail }
        return person.emailLocal + "@" + (employer.domain ?? "example.ru")
    }

    // MARK: Organizations

    /// Company name as a CRM user types it; `usualStyle` is the record's house style without noise.
    func companyName(_ org: MasterOrganization, rng: inout SplitMix64) -> String {
        var name: String
        let core = org.coreCyrillic
        let quoted = "«" + core + "»"
        if org.isInternational {
            if rng.chance(noise.transliteration) {
                name = rng.chance(0.5) ? org.coreCyrillic : "ООО «" + org.coreCyrillic + "»"
            } else if rng.chance(noise.legalFormVariant) {
                let variants = [org.coreLatin, org.coreLatin + ", " + org.legalForm.abbreviation,
                                "\"" + org.coreLatin + "\" " + org.legalForm.abbreviation,
                                org.coreLatin + " " + org.legalForm.abbreviation + " (Russia)"]
                name = rng.pick(variants)
            } else {
                name = org.coreLatin + " " + org.legalForm.abbreviation
            }
        } else if org.legalForm == .ip {
            if org.recordStyle.soleTraderInitials {
                name = "ИП " + Self.withInitials(core)
            } else if rng.chance(noise.transliteration) {
                name = "IP " + org.coreLatin
            } else if rng.chance(noise.legalFormVariant) {
                let initials = Self.withInitials(core)
                name = rng.pick(["ИП " + initials, core + " ИП", "Индивидуальный предприниматель " + core, core])
            } else {
                name = "ИП " + core
            }
        } else {
            let form = org.legalForm.abbreviation
            if rng.chance(noise.transliteration) {
                name = org.coreLatin + " " + org.legalForm.latinAbbreviation
            } else if rng.chance(noise.legalFormVariant) {
                let variants = [form + " \"" + core + "\"", form + " " + core, "\"" + core + "\" " + form,
                                core + " " + form, core, org.legalForm.fullRussian + " " + quoted]
                name = rng.pick(variants)
            } else {
                name = form + " " + quoted
            }
        }
        if case .branch = org.role, rng.chance(0.5) {
            name += rng.chance(0.5) ? " (филиал " + org.city.cyrillic + ")" : " " + org.city.cyrillic
        }
        if rng.chance(noise.typo) { name = Self.typo(name, rng: &rng) }
        if rng.chance(noise.caseNoise) { name = rng.chance(0.7) ? name.uppercased() : name.lowercased() }
        return name
    }

    /// "Иванов Иван Иванович" → "Иванов И. И."; other shapes unchanged.
    static func withInitials(_ fullName: String) -> String {
        let parts = fullName.split(separator: " ").map(String.init)
        guard parts.count == 3 else { return fullName }
        return parts[0] + " " + String(parts[1].prefix(1)) + ". " + String(parts[2].prefix(1)) + "."
    }

    /// Accounting spelling: short name "Ромашка ООО" and the full formal name with straight quotes.
    static func accountingNames(_ org: MasterOrganization) -> (short: String, full: String) {
        let branchNote: String
        if case .branch = org.role { branchNote = " (" + org.city.cyrillic + ")" } else { branchNote = "" }
        switch org.legalForm {
        case .ip:
            return (org.coreCyrillic + " ИП", "Индивидуальный предприниматель " + org.coreCyrillic)
        case .ooo, .ao, .pao, .zao:
            return (org.coreCyrillic + " " + org.legalForm.abbreviation + branchNote,
                    org.legalForm.fullRussian + " \"" + org.coreCyrillic + "\"" + branchNote)
        case .llc, .ltd, .gmbh, .inc:
            let name = org.coreLatin + " " + org.legalForm.abbreviation
            return (name + branchNote, name)
        }
    }

    /// The street line: "ул. Лесная, д. 1, оф. 12" or a shorter variant, sometimes in Latin.
    func streetLine(_ org: MasterOrganization, latin: Bool, rng: inout SplitMix64) -> String {
        let type = GeographyVocabulary.streetTypes[org.streetType]
        if latin || org.recordStyle.latinAddress {
            return type.latin + " " + Transliterator.latin(org.street) + " " + String(org.house)
                + (org.office.map { ", of. " + String($0) } ?? "")
        }
        switch rng.below(3) {
        case 0:
            return type.cyrillic + " " + org.street + ", д. " + String(org.house)
                + (org.office.map { ", оф. " + String($0) } ?? "")
        case 1:
            return org.street + " " + type.cyrillic + ", " + String(org.house)
        default:
            return type.cyrillic + " " + org.street + ", " + String(org.house)
        }
    }

    /// Full one-line address as 1C and ELMA365 keep it: "101000, Москва г, Лесная ул, дом 1".
    static func accountingAddress(_ org: MasterOrganization) -> String {
        let type = String(GeographyVocabulary.streetTypes[org.streetType].cyrillic.filter { $0 != "." })
        return org.postcode + ", " + org.city.cyrillic + " г, " + org.street + " " + type + ", дом "
            + String(org.house) + (org.office.map { ", офис " + String($0) } ?? "")
    }

    /// Website as typed: bare domain, with www, or as a URL.
    static func website(_ domain: String, rng: inout SplitMix64) -> String {
        switch rng.below(4) {
        case 0: return domain
        case 1: return "www." + domain
        case 2: return "https://" + domain
        default: return "http://www." + domain + "/"
        }
    }

    // MARK: Phones

    /// A ten-digit national number in the canonical style, or with `phoneFormat` in one of the others.
    func phone(_ national: String, extension ext: String? = nil, rng: inout SplitMix64) -> String {
        let d = Array(national)
        let area = String(d[0..<3])
        let a = String(d[3..<6])
        let b = String(d[6..<8])
        let c = String(d[8..<10])
        guard rng.chance(noise.phoneFormat) else {
            return "+7 (" + area + ") " + a + "-" + b + "-" + c + (ext.map { " доб. " + $0 } ?? "")
        }
        let base: String
        switch rng.below(7) {
        case 0: base = "8" + national
        case 1: base = "8 (" + area + ") " + a + "-" + b + "-" + c
        case 2: base = area + "-" + a + "-" + b + c
        case 3: base = "+7 " + area + " " + a + b + c
        case 4: base = "+7" + national
        case 5: base = "7 " + area + " " + a + " " + b + " " + c
        default: base = "8-" + area + "-" + a + "-" + b + "-" + c
        }
        guard let ext else { return base }
        return base + (rng.chance(0.5) ? " доб. " : " ext. ") + ext
    }

    /// `value`, or nil with the missing-field rate.
    func keep<T>(_ value: T?, rng: inout SplitMix64) -> T? {
        rng.chance(noise.missingField) ? nil : value
    }
}
