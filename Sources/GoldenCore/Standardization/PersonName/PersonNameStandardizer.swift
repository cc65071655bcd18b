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
    }

    /// Standardizes a full name in one string.
    public func standardize(_ raw: String) -> Standardized<PersonName> {
        parse(raw, verifyDisplay: true)
    }

    private func parse(_ raw: String, verifyDisplay: Bool) -> Standardized<PersonName> {
        var familyWords: [Word] = []
        var restText = Substring(raw)
        if let comma = raw.utf8.firstIndex(of: UInt8(ascii: ",")) {
            familyWords = Self.words(raw[..<comma])
            restText = raw[raw.index(after: comma)...]
        }
        if let problem = Self.problem(raw) { return .failure(problem) }
        var words = Self.words(restText)
        words.removeAll { Self.honorifics.contains(NameDictionary.normalize($0.text)) }
        familyWords.removeAll { Self.honorifics.contains(NameDictionary.normalize($0.text)) }
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
            patronymic = middle.count == 1 && !middle[0].isInitial && Self.isPatronymic(middle[0].text)
        } else if words.contains(where: \.isInitial) && words.contains(where: { !$0.isInitial }) {
            (given, middle, family) = Self.splitWithInitials(words)
        } else if words.count == 3, Self.isPatronymic(words[2].text) {
            family = [words[0]]
            given = words[1]
            middle = [words[2]]
            patronymic = true
        } else if words.count == 3, Self.isPatronymic(words[1].text) {
            given = words[0]
            middle = [words[1]]
            family = Array(words[2...])
            patronymic = true
        } else if words.count == 2, Self.isPatronymic(words[1].text), dictionary.isGivenName(words[0].text) {
            given = words[0]
            middle = [words[1]]
            patronymic = true
        } else if words.count == 1 {
            if words[0].isInitial || dictionary.isGivenName(words[0].text) { given = words[0] } else { family = words }
        } else if words.allSatisfy(\.isInitial) {
            given = words[0]
            middle = Array(words.dropFirst())
        } else {
            let firstGiven = dictionary.isGivenName(words[0].text)
            if words.count == 2, !firstGiven, dictionary.isGivenName(words[1].text) {
                family = [words[0]]
                given = words[1]
                middle = Array(words.dropFirst(2))
            } else {
                var familyStart = words.count - 1
                while familyStart > 1, Self.particles.contains(NameDictionary.normalize(words[familyStart - 1].text)) {
                    familyStart -= 1
                }
                given = words[0]
                middle = Array(words[1..<familyStart])
                family = Array(words[familyStart...])
            }
        }
        return Standardized(
            value: build(given: given, middle: middle, family: family, patronymic: patronymic, verify: verifyDisplay))
    }

    /// Standardizes a name that a source keeps in separate fields; swapped given and family names are detected
    /// when the dictionary knows the family field as a given name and not the given field.
    public func standardize(given: String?, middle: String?, family: String?) -> Standardized<PersonName> {
        let givenText = given.map(ScalarText.collapseSpaces) ?? ""
        let middleText = middle.map(ScalarText.collapseSpaces) ?? ""
        let familyText = family.map(ScalarText.collapseSpaces) ?? ""
        if familyText.isEmpty && middleText.isEmpty { return standardize(givenText) }
        if givenText.isEmpty && middleText.isEmpty { return standardize(familyText) }
        for text in [givenText, middleText, familyText] {
            if let problem = Self.problem(text) { return .failure(problem) }
        }
        var givenWords = Self.words(Substring(givenText))
        var familyWords = Self.words(Substring(familyText))
        let middleWords = Self.words(Substring(middleText))
        var issues: [StandardizationIssue] = []
        if let f = familyWords.first, let g = givenWords.first, familyWords.count == 1,
            dictionary.isGivenName(f.text), !dictionary.isGivenName(g.text)
        {
            swap(&givenWords, &familyWords)
            issues.append(
                .init(
                    "person_name.swapped",
                    "person name: given '\(givenText)' and family '\(familyText)' look swapped; read the other way",
                    severity: .warning))
        }
        let given = givenWords.first
        let middle = Array(givenWords.dropFirst()) + middleWords
        let patronymic = middle.count == 1 && !middle[0].isInitial && Self.isPatronymic(middle[0].text)
        let name = build(given: given, middle: middle, family: familyWords, patronymic: patronymic, verify: true)
        return Standardized(value: name, issues: issues)
    }

    // MARK: - Building

    private func build(given: Word?, middle: [Word], family: [Word], patronymic: Bool, verify: Bool) -> PersonName {
        let givenFull = given.flatMap { $0.isInitial ? nil : Self.fixCase($0.text, first: true) }
        let givenInitial = given.map { Self.initial(of: $0.text) }
        var middleFull: String?
        var middleInitial: String?
        if !middle.isEmpty {
            if middle.count == 1 && middle[0].isInitial {
                middleInitial = Self.initial(of: middle[0].text)
            } else {
                middleFull = middle.map { $0.isInitial ? Self.initial(of: $0.text) + "." : Self.fixCase($0.text) }
                    .joined(separator: " ")
                middleInitial = Self.initial(of: middle[0].text)
            }
        }
        var familyFull: String?
        if !family.isEmpty {
            familyFull = family.enumerated().map { index, word in
                Self.fixCase(word.text, first: index == family.count - 1)
            }.joined(separator: " ")
        }
        var canonical = givenFull
        var givenTranslit: String?
        var group: String?
        if let givenFull {
            let translit = Transliteration.latinKey(givenFull)
            givenTranslit = translit
            group = translit
            if let match = dictionary.lookup(givenFull, latinKey: translit) {
                canonical = match.canonical
                group = match.groupKey
            }
        }
        // The initial of the formal name: Саша Иванов and A. Ivanov share `a`.
        var initialKey: String?
        if let given {
            let key = group ?? Transliteration.latinKey(given.text)
            initialKey = key.first.map(String.init)
        }
        let familyKeys = familyFull.map(Transliteration.latinAndPhoneticKeys)
        var name = PersonName(
            given: givenFull, middle: middleFull, family: familyFull, givenInitial: givenInitial,
            middleInitial: middleInitial, middleIsPatronymic: patronymic && middleFull != nil,
            givenCanonical: canonical, givenTranslit: givenTranslit, givenGroup: group, givenInitialKey: initialKey,
            familyTranslit: familyKeys?.latin, familyPhonetic: familyKeys?.phonetic)
        if verify, !isPlain(name, family: family, middle: middle) {
            // Read the display back; if the words would land in other parts, spell the family out first.
            if let reread = parse(name.display, verifyDisplay: false).value, !Self.sameParts(reread, name) {
                name.familyFirstDisplay = true
            }
        }
        return name
    }

    /// The common, unambiguous shapes whose display certainly reads back the same: "Фамилия Имя Отчество", and
    /// "Given Family" where the family name is one word that neither ends like a patronymic nor is a given name.
    private func isPlain(_ name: PersonName, family: [Word], middle: [Word]) -> Bool {
        if name.middleIsPatronymic, name.given != nil, name.family != nil { return true }
        guard middle.isEmpty, family.count == 1, !family[0].isInitial, let familyText = name.family else {
            return false
        }
        return !Self.isPatronymic(familyText) && !dictionary.isGivenName(familyText)
    }

    static func sameParts(_ a: PersonName, _ b: PersonName) -> Bool {
        a.given == b.given && a.middle == b.middle && a.family == b.family && a.givenInitial == b.givenInitial
            && a.middleInitial == b.middleInitial
    }

    /// Words of a name: letters with inner hyphens and apostrophes. A dot ends an initial ("М.А." is two).
    static func words(_ text: Substring) -> [Word] {
        var words: [Word] = []
        var current: [UInt8] = []
        current.reserveCapacity(32)
        var letters = 0
        func flush(dotted: Bool) {
            while let last = current.last, last == UInt8(ascii: "-") || last == UInt8(ascii: "'") {
                current.removeLast()
                letters -= 1
            }
            if !current.isEmpty {
                let word = Word(text: ScalarText.string(current), isInitial: letters == 1 || (dotted && letters <= 2))
                words.append(word)
            }
            current.removeAll(keepingCapacity: true)
            letters = 0
        }
        for scalar in text.unicodeScalars {
            if ScalarText.isLetter(scalar) {
                ScalarText.appendUTF8(scalar, to: &current)
                letters += 1
            } else if !current.isEmpty && (ScalarText.isDash(scalar) || scalar == "'" || scalar == "\u{2019}") {
                current.append(ScalarText.isDash(scalar) ? UInt8(ascii: "-") : UInt8(ascii: "'"))
                letters += 1
            } else {
                flush(dotted: scalar == ".")
            }
        }
        flush(dotted: false)
        return words
    }

    static func problem(_ text: String) -> StandardizationIssue? {
        if text.unicodeScalars.contains(where: { ScalarText.isDigit($0) || $0 == "@" }) {
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
            if turkicMarkers.contains(NameDictionary.normalize(words[index].text)) {
                words[index - 1].text += " " + words[index].text
                words.remove(at: index)
            } else {
                index += 1
            }
        }
    }

    static let turkicMarkers: Set<[UInt8]> = Set(
        ["оглы", "кызы", "улы", "угли", "ogly", "oglu", "kyzy", "kizi", "uly"].map(ScalarText.lookupBytes))

    /// Lowercase UTF-8 suffixes (ё is already folded to е by the lookup form).
    static let patronymicSuffixes: [[UInt8]] = [
        "ович", "евич", "овна", "евна", "ична", "ьич", "ич", "ovich", "evich", "ovna", "evna", "ichna", "ovitch",
        "evitch", "оглы", "кызы", "ogly", "kyzy",
    ].map(ScalarText.lookupBytes)

    /// A patronymic by its suffix; at least five letters so "Ович" alone is not one.
    static func isPatronymic(_ word: String) -> Bool {
        guard word.unicodeScalars.count >= 5 else { return false }
        let lower = ScalarText.lookupBytes(word)
        return patronymicSuffixes.contains { ScalarText.hasSuffix(lower, $0) }
    }

    static let honorifics: Set<[UInt8]> = Set(
        [
            "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "jr", "sr", "phd", "mba", "г-н", "г-жа", "господин",
            "госпожа",
        ].map(ScalarText.lookupBytes))
    static let particles: Set<[UInt8]> = Set(
        [
            "van", "von", "de", "der", "den", "da", "di", "del", "della", "la", "le", "du", "dos", "das", "ten", "ter",
            "bin", "ibn", "al", "el", "st",
        ].map(ScalarText.lookupBytes))

    static func initial(of word: String) -> String {
        guard let first = word.unicodeScalars.first else { return "" }
        return String(ScalarText.upper(first))
    }

    /// Fixes the case of one word if it is all-lower or all-upper; keeps deliberate mixed case.
    static func fixCase(_ word: String, first: Bool = true) -> String {
        var hasUpper = false
        var hasLower = false
        for scalar in word.unicodeScalars {
            if ScalarText.isUpper(scalar) { hasUpper = true } else if ScalarText.isLower(scalar) { hasLower = true }
        }
        if hasUpper && hasLower { return word }
        if !first, particles.contains(ScalarText.lookupBytes(word)) { return ScalarText.lowercased(word) }
        var result: [UInt8] = []
        result.reserveCapacity(word.utf8.count)
        var capitalizeNext = true
        var index = 0
        var mc = false
        for scalar in word.unicodeScalars {
            let lower = ScalarText.lower(scalar)
            if index == 1 { mc = lower == "c" && result.first == UInt8(ascii: "M") && word.utf8.count > 3 }
            if capitalizeNext || (mc && index == 2) {
                ScalarText.appendUTF8(ScalarText.upper(lower), to: &result)
            } else {
                ScalarText.appendUTF8(lower, to: &result)
            }
            capitalizeNext = lower == "-" || (lower == "'" && index == 1)
            index += 1
        }
        return ScalarText.string(result)
    }
}
