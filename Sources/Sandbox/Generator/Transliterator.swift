/// Cyrillic → Latin transliteration in the spellings that actually meet in CRMs.
///
/// The same person is "Иванов" in 1C, "Ivanov" in an international Salesforce org and "Ivanoff" on an old
/// business card; "Алексей" is "Aleksei" in a new passport and "Alexey" elsewhere. Matching must bring
/// these together, so the generator produces all of them rather than one clean standard.
enum Transliterator {
    enum Scheme: Sendable, CaseIterable {
        /// ICAO / Russian passports since 2013: й→i, ю→iu, я→ia, щ→shch.
        case passport
        /// Common informal style: й→y, ю→yu, я→ya, щ→sch, ё→yo.
        case common
        /// Old-fashioned: кс→x, х→h, final -ов/-ев → -off/-eff.
        case old
    }

    static func latin(_ text: String, scheme: Scheme = .common) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let lower = lowercase(scalar)
            guard let letter = cyrillicIndex(lower) else {
                result.append(scalar)
                index += 1
                continue
            }
            let isUpper = lower != scalar
            let nextIsUpper = index + 1 < scalars.count && lowercase(scalars[index + 1]) != scalars[index + 1]
            let atWordEnd = index + 1 >= scalars.count || !isCyrillicLetter(scalars[index + 1])
            var mapped: [UInt8]
            var consumed = 1
            if scheme == .old, lower == "к", index + 1 < scalars.count, lowercase(scalars[index + 1]) == "с" {
                mapped = [0x78]
                consumed = 2
            } else if scheme == .old, lower == "в", atWordEnd, index > 0,
                lowercase(scalars[index - 1]) == "о" || lowercase(scalars[index - 1]) == "е"
                    || lowercase(scalars[index - 1]) == "ё"
            {
                mapped = [0x66, 0x66]
            } else {
                mapped = table[letter][scheme == .passport ? 0 : scheme == .common ? 1 : 2]
            }
            for (offset, byte) in mapped.enumerated() {
                let upper = isUpper && (offset == 0 || nextIsUpper)
                result.append(Unicode.Scalar(upper ? byte - 32 : byte))
            }
            index += consumed
        }
        return String(result)
    }

    /// Position in `table`: а…я are 0…31, ё is 32.
    private static func cyrillicIndex(_ lower: Unicode.Scalar) -> Int? {
        if (0x0430...0x044F).contains(lower.value) { return Int(lower.value - 0x0430) }
        return lower.value == 0x0451 ? 32 : nil
    }

    /// ASCII spellings per letter: (passport, common, old).
    private static let table: [[[UInt8]]] = {
        let letters = Array("абвгдежзийклмнопрстуфхцчшщъыьэюяё".unicodeScalars)
        return letters.map { letter in
            Scheme.allCases.map { Array((latinLetter(letter, scheme: $0) ?? "").utf8) }
        }
    }()

    static func isCyrillicLetter(_ scalar: Unicode.Scalar) -> Bool {
        (0x0410...0x044F).contains(scalar.value) || scalar.value == 0x0401 || scalar.value == 0x0451
    }

    /// True if the text contains at least one Cyrillic letter.
    static func containsCyrillic(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isCyrillicLetter)
    }

    private static func lowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if (0x0410...0x042F).contains(value) { return Unicode.Scalar(value + 0x20) ?? scalar }
        if value == 0x0401 { return "ё" }
        if (0x41...0x5A).contains(value) { return Unicode.Scalar(value + 0x20) ?? scalar }
        return scalar
    }

    private static func latinLetter(_ letter: Unicode.Scalar, scheme: Scheme) -> String? {
        switch letter {
        case "а": return "a"
        case "б": return "b"
        case "в": return "v"
        case "г": return "g"
        case "д": return "d"
        case "е": return "e"
        case "ё": return scheme == .common ? "yo" : "e"
        case "ж": return "zh"
        case "з": return "z"
        case "и": return "i"
        case "й": return scheme == .common ? "y" : "i"
        case "к": return "k"
        case "л": return "l"
        case "м": return "m"
        case "н": return "n"
        case "о": return "o"
        case "п": return "p"
        case "р": return "r"
        case "с": return "s"
        case "т": return "t"
        case "у": return "u"
        case "ф": return "f"
        case "х": return scheme == .old ? "h" : "kh"
        case "ц": return scheme == .old ? "tz" : "ts"
        case "ч": return "ch"
        case "ш": return "sh"
        case "щ": return scheme == .passport ? "shch" : "sch"
        case "ъ": return scheme == .passport ? "ie" : ""
        case "ы": return "y"
        case "ь": return ""
        case "э": return "e"
        case "ю": return scheme == .passport ? "iu" : "yu"
        case "я": return scheme == .passport ? "ia" : "ya"
        default: return nil
        }
    }
}
