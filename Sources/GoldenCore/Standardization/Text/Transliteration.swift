import Foundation

/// Cyrillic→Latin transliteration and spelling-variant folding, so Иванов, Ivanov and Ivanoff meet.
///
/// Two layers, both lowercase ASCII:
/// 1. **Romanization** maps each Cyrillic letter with one scheme, close to the ICAO 9303 (Russian passport) table:
///    ж→zh, х→kh, ц→ts, ч→ch, ш→sh, щ→shch, ю→iu, я→ia, й→i, ы→y, ъ and ь dropped, ё→e. Latin letters with
///    diacritics lose them (é→e, ß→ss, ł→l). Ukrainian, Belarusian and Kazakh letters map to their nearest Latin.
/// 2. **Folding** erases the differences between romanization schemes and Western spellings of Russian names:
///    shch/sch→sh, tch/tsch→ch, kh→h, ph→f, ck/c/q→k, tz→ts, x→ks, w→v, j/y→i, word-final ff→v, ie→e,
///    io before a consonant→e (Pyotr/Пётр, Solovyov), ou→u, doubled letters once.
///
/// The folded key is for matching only and is deliberately lossy; never show it to people.
public enum Transliteration {
    /// The folded Latin match key of `text`: words separated by one space, punctuation dropped.
    public static func latinKey(_ text: some StringProtocol) -> String {
        var builder = KeyBuilder()
        builder.fold(text)
        return builder.latinKey
    }

    /// Folds until nothing changes (a rule can create another rule's input, as x→ks before ch does), so a key
    /// folded again stays the same. Real names settle after one or two passes.
    static func fold(_ romanized: [UInt8]) -> [UInt8] {
        var builder = KeyBuilder()
        builder.key = romanized
        builder.foldInPlace()
        return builder.key
    }

    /// Lowercase romanization without folding (readable, for display hints and tests).
    public static func romanize(_ text: String) -> String {
        var romanized: [UInt8] = []
        romanized.reserveCapacity(text.utf8.count + 8)
        appendRomanized(text, to: &romanized)
        return String(decoding: romanized, as: UTF8.self)
    }

    /// The folded key and the phonetic key of one text, romanizing and folding once.
    static func latinAndPhoneticKeys(_ text: String) -> (latin: String, phonetic: String) {
        var builder = KeyBuilder()
        builder.fold(text)
        return (builder.latinKey, PhoneticKey.encode(builder.key))
    }

    /// A Russian-aware consonant-skeleton key over the folded transliteration (see `PhoneticKey`).
    public static func phoneticKey(_ text: String) -> String {
        var builder = KeyBuilder()
        builder.fold(text)
        return PhoneticKey.encode(builder.key)
    }

    /// Romanization of U+0400…U+04FF after lowercasing (uppercase slots map like their lowercase letters).
    static let cyrillicTable: [[UInt8]] = {
        var table = [[UInt8]](repeating: [], count: 0x100)
        let russian = [
            "a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
            "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia",
        ]
        for (offset, latin) in russian.enumerated() {
            table[0x30 + offset] = Array(latin.utf8)
            table[0x10 + offset] = Array(latin.utf8)
        }
        // U+0450…U+045F: ѐ ё ђ ѓ є ѕ і ї ј љ њ ћ ќ ѝ ў џ
        let extended = ["e", "e", "dj", "g", "ie", "dz", "i", "i", "j", "lj", "nj", "c", "k", "i", "u", "dz"]
        for (offset, latin) in extended.enumerated() {
            table[0x50 + offset] = Array(latin.utf8)
            table[0x00 + offset] = Array(latin.utf8)
        }
        // Ukrainian ґ, Kazakh ғ қ ң ү ұ һ ә ө (upper and lower forms share a slot pair).
        let pairs: [(UInt32, String)] = [
            (0x490, "g"), (0x492, "g"), (0x49A, "k"), (0x4A2, "n"), (0x4AE, "u"), (0x4B0, "u"), (0x4BA, "h"),
            (0x4D8, "a"), (0x4E8, "o"),
        ]
        for (code, latin) in pairs {
            table[Int(code - 0x400)] = Array(latin.utf8)
            table[Int(code - 0x400) + 1] = Array(latin.utf8)
        }
        return table
    }()

    /// Romanization of U+00C0…U+024F: diacritics stripped once at start-up with Foundation, a few letters by hand.
    static let latinTable: [[UInt8]] = {
        let special: [UInt32: String] = [
            0xC6: "ae", 0xE6: "ae", 0xD8: "o", 0xF8: "o", 0x152: "oe", 0x153: "oe", 0x141: "l", 0x142: "l",
            0x110: "d", 0x111: "d", 0xDE: "th", 0xFE: "th", 0xDF: "ss", 0x131: "i", 0xD0: "d", 0xF0: "d",
            0xD7: " ", 0xF7: " ",
        ]
        return (UInt32(0xC0)..<UInt32(0x250)).map { code in
            if let text = special[code] { return Array(text.utf8) }
            let folded = String(Unicode.Scalar(code)!)
                .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            let ascii = folded.unicodeScalars.compactMap { scalar -> UInt8? in
                guard scalar.isASCII else { return nil }
                let byte = UInt8(scalar.value)
                return byte &- 65 < 26 ? byte + 32 : byte
            }
            return ascii.isEmpty ? [] : ascii
        }
    }()
}
