/// Splits and cleans person names in Russian and Western conventions.
///
/// Order detection, in priority: a comma means "Family, Given"; a patronymic suffix (-ович, -евна, -ична…) fixes
/// Russian order (Фамилия Имя Отчество or Имя Отчество Фамилия); initials stick to the given name; otherwise the
/// name dictionary decides ("Иванов Иван": Иван is a given name, Иванов is not), and the default is Western
/// "Given Family". Casing is fixed only when a word is all-lower or all-upper, so McDonald and DiCaprio survive.
public struct PersonNameStandardizer: Sendable {
    public var dictionary: NameDictionary

    public init(dictionary: NameDictionary = .builtIn) {
        self.dictionary = dictionary
    }

    struct Word {
        var text: String
        var isInitial: Bool
        /// The lookup form of `text` (lowercase UTF-8, ё→е), computed once for every dictionary check.
        var lower: [UInt8]

        init(text: String, isInitial: Bool, lower: [UInt8]) {
            self.text = text
            self.isInitial = isInitial
            self.lower = lower
        }

        init(text: String, isInitial: Bool) {
            self.init(text: text, isInitial: isInitial, lower: ScalarText.lookupBytes(text))
        }
    }

    /// Standardizes a full name in one string.
    public func standardize(_ raw: String) -> Standardized<PersonName> {
        parse(raw, verifyDisplay: true)
    }

    /// - Parameter verifyDisplay: `true` for a real call; `false` when reading a display back, which needs only
    ///   the parts (no keys, no further verification).
    private func parse(_ raw: String, verifyDisplay: Bool) -> Standardized<PersonName> {
        var familyWords: [Word] = []
        var restText = Substring(raw)
        if let comma = raw.utf8.firstIndex(of: UInt8(ascii: ",")) {
            familyWords = Self.words(raw[..<comma])
            restText = raw[raw.index(after: comma)...]
        }
        if let problem = Self.problem(raw) { return .failure(problem) }
        var words = Self.words(restText)
        words.removeAll { Self.honorifics.contains($0.lower) }
        familyWords.removeAll { Self.honorifics.contains($0.lower) }
        if words.isEmpty || familyWords.allSatisfy(\.isInitial) {
            words = familyWords + words  // "Smith," is just "Smith"; "М., М." has no family
            familyWords = []
        }
        Self.mergeTurkicPatronymics(&words)
        if words.isEmpty && familyWords.isEmpty {
            return .failure(.init("person_name.empty", "person name is empty"))
        }
        var given: Word?
        var middle: [Word] = []
        var family: [Word] = familyWords
        var patronymic = false

        if !familyWords.isEmpty {
            if !words.isEmpty { given = words.removeFirst() }
            middle = words
            patronymic = middle.count == 1 && !middle[0].isInitial && Self.isPatronymic(lower: middle[0].lower)
        } else if words.contains(where: \.isInitial) && words.contains(where: { !$0.isInitial }) {
            (given, middle, family) = Self.splitWithInitials(words)
        } else if words.count == 3, Self.isPatronymic(lower: words[2].lower) {
            family = [words[0]]
            given = words[1]
            middle = [words[2]]
            patronymic = true
        } else if words.count == 3, Self.isPatronymic(lower: words[1].lower) {
            given = words[0]
            middle = [words[1]]
            family = Array(words[2...])
            patronymic = true
        } else if words.count == 2, Self.isPatronymic(lower: words[1].lower), dictionary.isGivenName(lower: words[0].lower) {
            given = words[0]
            middle = [words[1]]
            patronymic = true
        } else if words.count == 1 {
            if words[0].isInitial || dictionary.isGivenName(lower: words[0].lower) { given = words[0] } else { family = words }
        } else if words.allSatisfy(\.isInitial) {
            given = words[0]
            middle = Array(words.dropFirst())
        } else {
            let firstGiven = dictionary.isGivenName(lower: words[0].lower)
            if words.count == 2, !firstGiven, dictionary.isGivenName(lower: words[1].lower) {
                family = [words[0]]
                given = words[1]
                middle = Array(words.dropFirst(2))
            } else {
                var familyStart = words.count - 1
                while familyStart > 1, Self.particles.contains(words[familyStart - 1].lower) {
                    familyStart -= 1
                }
                given = words[0]
                middle = Array(words[1..<familyStart])
                family = Array(words[familyStart...])
            }
        }
        return Standardized(
            value: build(
                given: given, middle: middle, family: family, patronymic: patronymic, verify: verifyDisplay,
                keys: verifyDisplay))
    }

    /// Standardizes a name that a source keeps in separate fields; swapped given and family names are detected
    /// when the dictionary knows the family field as a given name and not the given field.
    public func standardize(given: String?, middle: String?, family: String?) -> Standardized<PersonName> {
        let givenText = given.map(ScalarText.collapseSpaces) ?? ""
        let middleText = middle.map(ScalarText.collapseSpaces) ?? ""
        let familyText = family.map(ScalarText.collapseSpaces) ?? ""
        if familyText.isEmpty && middleText.isEmpty { return standardize(givenText) }
        if givenText.isEmpty && middleText.isEmpty { return standardize(familyText) }
        // One part at a time: an array literal of the three would be allocated for every name.
        if let problem = Self.problem(givenText) ?? Self.problem(middleText) ?? Self.problem(familyText) {
            return .failure(problem)
        }
        var givenWords = Self.words(givenText)
        var familyWords = Self.words(familyText)
        let middleWords = Self.words(middleText)
        var issues: [StandardizationIssue] = []
        if let f = familyWords.first, let g = givenWords.first, familyWords.count == 1,
            dictionary.isGivenName(lower: f.lower), !dictionary.isGivenName(lower: g.lower)
        {
            swap(&givenWords, &familyWords)
            issues.append(
                .init(
                    "person_name.swapped",
                    "person name: given '\(givenText)' and family '\(familyText)' look swapped; read the other way",
                    severity: .warning))
        }
        let given = givenWords.first
        let middle = givenWords.count <= 1 ? middleWords : Array(givenWords.dropFirst()) + middleWords
        let patronymic = middle.count == 1 && !middle[0].isInitial && Self.isPatronymic(lower: middle[0].lower)
        // Built in the return: a named local was copied (every string retained) into the result.
        return Standardized(
            value: build(
                given: given, middle: middle, family: familyWords, patronymic: patronymic, verify: true, keys: true),
            issues: issues)
    }

    // MARK: - Building

    /// - Parameter keys: Computes transliteration, dictionary and phonetic keys; a display read back for
    ///   verification compares parts only and skips them.
    private func build(
        given: Word?, middle: [Word], family: [Word], patronymic: Bool, verify: Bool, keys: Bool
    ) -> PersonName {
        let givenFull = given.flatMap { $0.isInitial ? nil : Self.fixCase($0, first: true) }
        let givenInitial = given.map { Self.initial(of: $0.text) }
        var middleFull: String?
        var middleInitial: String?
        if !middle.isEmpty {
            if middle.count == 1 && middle[0].isInitial {
                middleInitial = Self.initial(of: middle[0].text)
            } else if middle.count == 1 {
                middleFull = Self.fixCase(middle[0])
                middleInitial = Self.initial(of: middle[0].text)
            } else {
                middleFull = middle.map { $0.isInitial ? Self.initial(of: $0.text) + "." : Self.fixCase($0) }
                    .joined(separator: " ")
                middleInitial = Self.initial(of: middle[0].text)
            }
        }
        var familyFull: String?
        if family.count == 1 {
            familyFull = Self.fixCase(family[0], first: true)
        } else if !family.isEmpty {
            familyFull = family.enumerated().map { index, word in
                Self.fixCase(word, first: index == family.count - 1)
            }.joined(separator: " ")
        }
        var canonical = givenFull
        var givenTranslit: String?
        var group: String?
        var initialKey: String?
        var familyTranslit: String?
        var familyPhonetic: String?
        if keys {
            var builder = Transliteration.KeyBuilder()
            if let givenFull {
                builder.fold(givenFull)
                let translit = builder.latinKey
                givenTranslit = translit
                group = translit
                // The word's lookup form is reused when the case fix kept its bytes (the usual "Иван").
                var lower: [UInt8]?
                if let given, ScalarText.sameBytes(givenFull, given.text) { lower = given.lower }
                if let index = dictionary.index(of: givenFull, lower: lower, folded: builder.key) {
                    canonical = dictionary.canonical(index, for: givenFull)
                    group = dictionary.groupKey(index)
                }
            }
            // The initial of the formal name: Саша Иванов and A. Ivanov share `a`.
            if let given {
                let key: String
                if let group {
                    key = group
                } else {
                    builder.fold(given.text)
                    key = builder.latinKey
                }
                initialKey = Self.firstCharacter(key)
            }
            if let familyFull {
                builder.fold(familyFull)
                familyTranslit = builder.latinKey
                familyPhonetic = PhoneticKey.encode(builder.key)
            }
        }
        let middleIsPatronymic = patronymic && middleFull != nil
        var familyFirstDisplay = false
        if verify,
            !isPlain(
                given: givenFull, familyText: familyFull, middleIsPatronymic: middleIsPatronymic, family: family,
                middle: middle)
        {
            // Read the display back; if the words would land in other parts, spell the family out first.
            let parts = PersonName(
                given: givenFull, middle: middleFull, family: familyFull, givenInitial: givenInitial,
                middleInitial: middleInitial, middleIsPatronymic: middleIsPatronymic, givenCanonical: nil,
                givenTranslit: nil, givenGroup: nil, givenInitialKey: nil, familyTranslit: nil, familyPhonetic: nil)
            if let reread = parse(parts.display, verifyDisplay: false).value, !Self.sameParts(reread, parts) {
                familyFirstDisplay = true
            }
        }
        // Built in the return: a `var name` modified and then returned was compiled as a copy of all its strings
        // and a destroy of the original.
        return PersonName(
            given: givenFull, middle: middleFull, family: familyFull, givenInitial: givenInitial,
            middleInitial: middleInitial, middleIsPatronymic: middleIsPatronymic,
            familyFirstDisplay: familyFirstDisplay, givenCanonical: canonical, givenTranslit: givenTranslit,
            givenGroup: group, givenInitialKey: initialKey, familyTranslit: familyTranslit,
            familyPhonetic: familyPhonetic)
    }

    /// The common, unambiguous shapes whose display certainly reads back the same: "Фамилия Имя Отчество" with a
    /// one-word family name, and "Given Family" where the family name is one word that neither ends like a
    /// patronymic nor is a given name.
    ///
    /// A family name of several words ("Smith A, Ivan Petrovich", from a comma or a separate field) is not plain:
    /// written without the comma its words would be read as other parts, so its display is read back.
    private func isPlain(
        given: String?, familyText: String?, middleIsPatronymic: Bool, family: [Word], middle: [Word]
    ) -> Bool {
        guard family.count == 1, let familyText else { return false }
        if middleIsPatronymic, given != nil { return true }
        guard middle.isEmpty, !family[0].isInitial else { return false }
        let lower =
            ScalarText.sameBytes(familyText, family[0].text) ? family[0].lower : ScalarText.lookupBytes(familyText)
        return !Self.isPatronymic(lower: lower) && !dictionary.isGivenName(lower: lower)
    }

    static func sameParts(_ a: PersonName, _ b: PersonName) -> Bool {
        a.given == b.given && a.middle == b.middle && a.family == b.family && a.givenInitial == b.givenInitial
            && a.middleInitial == b.middleInitial
    }

    static func problem(_ text: String) -> StandardizationIssue? {
        // Bytes read directly: `utf8.contains(where:)` is an unspecialized collection walk.
        let suspicious = ScalarText.withUTF8(text) { bytes in
            bytes.contains { $0 &- 48 < 10 || $0 == UInt8(ascii: "@") }
        }
        if suspicious {
            return .init("person_name.syntax", "person name '\(text)' contains digits or an e-mail address")
        }
        return nil
    }

    /// Initials around whole words: "М. Смирнов", "Smirnov M.", "М.А. Смирнов", "Михаил А. Смирнов".
    static func splitWithInitials(_ words: [Word]) -> (Word?, [Word], [Word]) {
        let full = words.filter { !$0.isInitial }
        let initials = words.filter(\.isInitial)
        if words[0].isInitial {
            // М. [А.] Смирнов
            return (initials[0], Array(initials.dropFirst()), full)
        }
        if words[words.count - 1].isInitial {
            // Смирнов М. [А.] or Смирнов Михаил А.
            if full.count >= 2 { return (full[1], Array(full.dropFirst(2)) + initials, [full[0]]) }
            return (initials[0], Array(initials.dropFirst()), full)
        }
        // Михаил А. Смирнов
        let family = [full[full.count - 1]]
        return (full[0], Array(words.dropFirst().dropLast()), family)
    }

    /// "Алиев Рашид Гейдар оглы": the Turkic patronymic marker belongs to the word before it.
    static func mergeTurkicPatronymics(_ words: inout [Word]) {
        var index = 1
        while index < words.count {
            if turkicMarkers.contains(words[index].lower) {
                words[index - 1].text += " " + words[index].text
                words[index - 1].lower += [32] + words[index].lower
                words.remove(at: index)
            } else {
                index += 1
            }
        }
    }

    static let turkicMarkers = ByteSet(
        ["оглы", "кызы", "улы", "угли", "ogly", "oglu", "kyzy", "kizi", "uly"].map(ScalarText.lookupBytes))

    /// Lowercase UTF-8 suffixes (ё is already folded to е by the lookup form).
    static let patronymicSuffixes: [[UInt8]] = [
        "ович", "евич", "овна", "евна", "ична", "ьич", "ич", "ovich", "evich", "ovna", "evna", "ichna", "ovitch",
        "evitch", "оглы", "кызы", "ogly", "kyzy",
    ].map(ScalarText.lookupBytes)

    /// A patronymic by its suffix; at least five letters so "Ович" alone is not one.
    static func isPatronymic(_ word: String) -> Bool {
        isPatronymic(lower: ScalarText.lookupBytes(word))
    }

    /// `isPatronymic` on the lookup form (which has exactly one scalar per scalar of the word).
    static func isPatronymic(lower: [UInt8]) -> Bool {
        guard lower.count >= 5, CompanyNameStandardizer.letterCount(lower) >= 5 else { return false }
        return patronymicSuffixes.contains { ScalarText.hasSuffix(lower, $0) }
    }

    static let honorifics = ByteSet(
        [
            "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "jr", "sr", "phd", "mba", "г-н", "г-жа", "господин",
            "госпожа",
        ].map(ScalarText.lookupBytes))
    static let particles = ByteSet(
        [
            "van", "von", "de", "der", "den", "da", "di", "del", "della", "la", "le", "du", "dos", "das", "ten", "ter",
            "bin", "ibn", "al", "el", "st",
        ].map(ScalarText.lookupBytes))
}
