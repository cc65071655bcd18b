import Foundation

@testable import GoldenCore

/// A plain, slow transliteration key written from the rules in `Transliteration`'s documentation, for
/// `KeyBuilder` to be checked against.
///
/// It shares nothing with the code under test: no byte tables, no packed entries, no stack buffers, no per-word
/// shortcut (`isEvidentlyFolded`). Romanization goes scalar by scalar through dictionaries written out here; folding
/// rewrites a word's text with the rules in the order they take precedence, and the whole key is folded again until
/// it stops changing (no pass limit: a folded key folds to itself).
enum ReferenceTransliteration {
    /// The folded Latin key of `text`: the words of its romanization, each folded, joined by single spaces.
    static func latinKey(_ text: String) -> String {
        var words = romanizedWords(text)
        while true {
            let folded = words.map(foldOnce)
            if folded == words { break }
            words = folded
        }
        return words.joined(separator: " ")
    }

    // MARK: - Romanization

    /// Russian letters (ICAO-like), then the other Cyrillic letters the key knows; any other Cyrillic letter is
    /// dropped.
    static let cyrillic: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "й": "i",
        "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
        "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
        "ю": "iu", "я": "ia",
        "ѐ": "e", "ё": "e", "ђ": "dj", "ѓ": "g", "є": "ie", "ѕ": "dz", "і": "i", "ї": "i", "ј": "j", "љ": "lj",
        "њ": "nj", "ћ": "c", "ќ": "k", "ѝ": "i", "ў": "u", "џ": "dz",
        "ґ": "g", "ғ": "g", "қ": "k", "ң": "n", "ү": "u", "ұ": "u", "һ": "h", "ә": "a", "ө": "o",
    ]

    /// Latin letters that lose more than a diacritic; × and ÷ separate words.
    static let latinSpecial: [Unicode.Scalar: String] = [
        "Æ": "ae", "æ": "ae", "Ø": "o", "ø": "o", "Œ": "oe", "œ": "oe", "Ł": "l", "ł": "l", "Đ": "d", "đ": "d",
        "Þ": "th", "þ": "th", "ß": "ss", "ı": "i", "Ð": "d", "ð": "d", "×": " ", "÷": " ",
    ]

    static func romanizedWords(_ text: String) -> [String] {
        var romanized = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x30...0x39, 0x61...0x7A:
                romanized.unicodeScalars.append(scalar)
            case 0x41...0x5A:
                romanized += String(scalar).lowercased()
            case 0x27, 0x60, 0x2019, 0x02BC, 0x2032:
                continue  // apostrophes: O'Brien, O’Brien
            case 0x26:
                romanized += " and "
            case 0...0x7F:
                romanized += " "
            case 0x400...0x4FF:
                let lower = Character(String(scalar).lowercased())
                romanized += cyrillic[lower] ?? ""
            case 0xC0..<0x250:
                if let special = latinSpecial[scalar] {
                    romanized += special
                } else {
                    let folded = String(scalar).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
                    romanized += String(String.UnicodeScalarView(folded.unicodeScalars.filter(\.isASCII))).lowercased()
                }
            default:
                if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    let lower = scalar.properties.lowercaseMapping
                    romanized += lower.unicodeScalars.count == 1 ? lower : String(scalar)
                } else {
                    romanized += " "
                }
            }
        }
        // Split on the space scalar, not on Characters: a space followed by a combining mark is one Character.
        return romanized.unicodeScalars.split(separator: " ").map { String(String.UnicodeScalarView($0)) }
    }

    // MARK: - Folding

    /// Consonant rules in order of precedence: at each position the first pattern that matches is rewritten and
    /// skipped; `ff` only at the end of the word.
    static let consonantRules: [(pattern: String, replacement: String)] = [
        ("shch", "sh"), ("sch", "sh"), ("sh", "sh"), ("tsch", "ch"), ("tch", "ch"), ("tz", "ts"), ("zh", "zh"),
        ("kh", "h"), ("ch", "ch"), ("ck", "k"), ("c", "k"), ("ph", "f"), ("x", "ks"), ("q", "k"), ("w", "v"),
        ("j", "i"), ("y", "i"),
    ]

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) }
    static func isConsonant(_ scalar: Unicode.Scalar) -> Bool {
        isLetter(scalar) && !"aeiou".unicodeScalars.contains(scalar)
    }

    /// One pass of every folding rule over one word, scalar by scalar (a letter followed by a combining mark is
    /// one `Character` but two scalars, and the rules read letters).
    static func foldOnce(_ word: String) -> String {
        // Consonant clusters, left to right.
        var clusters: [Unicode.Scalar] = []
        var rest = Array(word.unicodeScalars)[...]
        while let first = rest.first {
            if rest.elementsEqual("ff".unicodeScalars) {
                clusters += "v".unicodeScalars
                break
            }
            if let rule = consonantRules.first(where: { rest.starts(with: $0.pattern.unicodeScalars) }) {
                clusters += rule.replacement.unicodeScalars
                rest = rest.dropFirst(rule.pattern.unicodeScalars.count)
            } else {
                clusters.append(first)
                rest = rest.dropFirst()
            }
        }
        // Vowel clusters and doubled letters, rewriting what is already written so that a folded word is stable.
        var folded: [Unicode.Scalar] = []
        func dropDoubledEnd() {
            if folded.count >= 2, folded[folded.count - 1] == folded[folded.count - 2], isLetter(folded.last!) {
                folded.removeLast()
            }
        }
        for scalar in clusters {
            if scalar == "e", folded.last == "i" {  // ie → e
                folded[folded.count - 1] = "e"
                dropDoubledEnd()
                continue
            }
            if scalar == "u", folded.last == "o" {  // ou → u
                folded[folded.count - 1] = "u"
                dropDoubledEnd()
                continue
            }
            if isConsonant(scalar), folded.count >= 3, folded.suffix(2) == ["i", "o"] {  // io + consonant → e
                folded.removeLast(2)
                folded.append("e")
                dropDoubledEnd()
            }
            if isLetter(scalar), folded.last == scalar { continue }  // doubled letters once
            folded.append(scalar)
        }
        return String(String.UnicodeScalarView(folded))
    }
}
