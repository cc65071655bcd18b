/// A person's name split into parts, with the keys matching needs.
///
/// Parts that are known only by an initial (`М. Смирнов`) have `given == nil` and `givenInitial` set.
public struct PersonName: Sendable, Codable, Hashable, MatchKeyed {
    public var given: String?
    /// Patronymic (Russian отчество) or Western middle name(s).
    public var middle: String?
    public var family: String?
    /// The given name's initial as written (`М`), also when the full name is known.
    public var givenInitial: String?
    public var middleInitial: String?
    /// The middle part is a Russian patronymic (-ович, -евна…), so the display uses Russian order.
    public var middleIsPatronymic: Bool
    /// "Given Family" would read back differently (the family name ends like a patronymic, as Абрамович does, or
    /// the words are otherwise ambiguous), so the display uses the explicit "Family, Given Middle".
    public var familyFirstDisplay: Bool

    /// The diminutive-resolved given name in its own script (Саша → Александр, Bob → Robert).
    public var givenCanonical: String?
    /// Folded transliteration of the given name (`aleksandr`).
    public var givenTranslit: String?
    /// Folded transliteration of the canonical given name's Latin form: the same for Саша, Alexander, Sasha.
    public var givenGroup: String?
    /// First letter of the folded given name or initial, so `М.` and `Mikhail` meet (`m`).
    public var givenInitialKey: String?
    /// Folded transliteration of the family name (`ivanov` for Иванов, Ivanov, Ivanoff).
    public var familyTranslit: String?
    /// Phonetic key of the family name (see `PhoneticKey`).
    public var familyPhonetic: String?

    public init(
        given: String?, middle: String?, family: String?, givenInitial: String?, middleInitial: String?,
        middleIsPatronymic: Bool, familyFirstDisplay: Bool = false, givenCanonical: String?, givenTranslit: String?,
        givenGroup: String?,
        givenInitialKey: String?, familyTranslit: String?, familyPhonetic: String?
    ) {
        self.given = given
        self.middle = middle
        self.family = family
        self.givenInitial = givenInitial
        self.middleInitial = middleInitial
        self.middleIsPatronymic = middleIsPatronymic
        self.familyFirstDisplay = familyFirstDisplay
        self.givenCanonical = givenCanonical
        self.givenTranslit = givenTranslit
        self.givenGroup = givenGroup
        self.givenInitialKey = givenInitialKey
        self.familyTranslit = familyTranslit
        self.familyPhonetic = familyPhonetic
    }

    /// "Иванов Иван Иванович" when there is a patronymic (the Russian official order, recognisable again by its
    /// suffix); "Абрамович, Роман" or "Ivanov A, Ivan Petrovich" when the comma-less form would be read back
    /// differently; otherwise
    /// "Given Middle Family" with initials as `М.`.
    public var display: String {
        var parts: [String] = []
        if middleIsPatronymic, !familyFirstDisplay, let family, let given, let middle {
            return family + " " + given + " " + middle
        }
        if let given { parts.append(given) } else if let givenInitial { parts.append(givenInitial + ".") }
        if let middle { parts.append(middle) } else if let middleInitial { parts.append(middleInitial + ".") }
        if familyFirstDisplay, let family { return family + ", " + parts.joined(separator: " ") }
        if let family { parts.append(family) }
        return parts.joined(separator: " ")
    }

    public var canonical: String { display }

    public var matchKeys: [String: String] {
        var keys: [String: String] = [:]
        keys["given_translit"] = givenTranslit
        keys["family_translit"] = familyTranslit
        keys["family_phonetic"] = familyPhonetic
        keys["given_canonical"] = givenCanonical
        keys["given_group"] = givenGroup
        keys["given_initial"] = givenInitialKey
        return keys
    }
}
