/// The search keys of a golden record, made by the application when it writes the record
/// (`golden_records.search_keys`, migration 13).
///
/// Why not the SQL function any more: migration 8 indexed `golden_search_keys(attributes)`, an expression the server
/// evaluated for every written row (seven JSON path queries, a transliteration and a regular-expression split): about
/// 22 µs a record, 13 s of a full run's 573k golden records, on the one core the server has. The application already
/// holds the values it survived. The keys are the same: `golden_search_keys` stays the definition (the query side and
/// the migration's backfill use it), and a test checks this port against it on generated and hostile documents.
public enum GoldenSearchKeys {
    /// Keys of one golden record: `n:` + each folded word of its names, `e:` + each lower-cased e-mail, `d:` + the
    /// digits of each phone, INN and OGRN; keys of two characters or fewer are left out, each key once.
    public static func keys(names: [String], emails: [String], digitValues: [String]) -> [String] {
        var keys: [String] = []
        // A record has a dozen keys or so: a linear look beats hashing each.
        func add(_ key: String) {
            guard key.unicodeScalars.count > 2, !keys.contains(key) else { return }
            keys.append(key)
        }
        var folded: [UInt32] = []
        var word: [UInt8] = []
        for name in names {
            // Words are runs of [a-z0-9] code points, as the SQL side splits them (not grapheme clusters).
            folded.removeAll(keepingCapacity: true)
            fold(name, into: &folded)
            word.removeAll(keepingCapacity: true)
            for scalar in folded {
                if (0x61...0x7A).contains(scalar) || (0x30...0x39).contains(scalar) {
                    word.append(UInt8(scalar))
                } else if !word.isEmpty {
                    add("n:" + String(decoding: word, as: UTF8.self))
                    word.removeAll(keepingCapacity: true)
                }
            }
            if !word.isEmpty { add("n:" + String(decoding: word, as: UTF8.self)) }
        }
        for email in emails { add("e:" + lower(email)) }
        for value in digitValues { add("d:" + String(value.unicodeScalars.filter { ("0"..."9").contains($0) })) }
        return keys
    }

    /// `golden_search_fold`: lower case, Cyrillic transliterated to Latin, and a few Latin spellings merged, so
    /// Иванов and Ivanov fold to one word.
    public static func fold(_ text: String) -> String {
        var folded: [UInt32] = []
        fold(text, into: &folded)
        var result = String.UnicodeScalarView()
        for value in folded { result.append(Unicode.Scalar(value)!) }
        return String(result)
    }

    /// The fold of `text` as code points: ``keys(names:emails:digitValues:)`` reads them without building a string.
    static func fold(_ text: String, into folded: inout [UInt32]) {
        var previousK = false
        // In the SQL function's order: lower, transliterate, then kh → h, x → ks, w → v, y → i, j → i.
        func merge(_ scalar: UInt32) {
            if previousK {
                previousK = false
                if scalar == 0x68 {  // h
                    folded.append(0x68)
                    return
                }
                folded.append(0x6B)  // k
            }
            switch scalar {
            case 0x6B: previousK = true
            case 0x78: folded.append(contentsOf: [0x6B, 0x73])  // x → ks
            case 0x77: folded.append(0x76)  // w → v
            case 0x79, 0x6A: folded.append(0x69)  // y, j → i
            default: folded.append(scalar)
            }
        }
        for scalar in text.unicodeScalars {
            let lowered = lower(scalar).value
            if lowered >= 0x430 && lowered <= 0x44F {
                for latin in transliteration[Int(lowered - 0x430)] { merge(latin) }
            } else if lowered == 0x451 {  // ё
                merge(0x65)
            } else {
                merge(lowered)
            }
        }
        if previousK { folded.append(0x6B) }
    }

    /// а…я (U+0430…U+044F) in Latin: `translate(…, 'абвгдезийклмнопрстуфыэ', 'abvgdeziiklmnoprstufye')`, the
    /// digraphs the SQL function replaces first, and nothing for ъ and ь.
    private static let transliteration: [[UInt32]] = {
        var table = [[UInt32]](repeating: [], count: 0x20)
        func set(_ from: Unicode.Scalar, _ to: String) {
            table[Int(from.value - 0x430)] = to.unicodeScalars.map(\.value)
        }
        for (from, to) in zip("абвгдезийклмнопрстуфыэ".unicodeScalars, "abvgdeziiklmnoprstufye".unicodeScalars) {
            set(from, String(to))
        }
        for (from, to) in [("щ", "shch"), ("ж", "zh"), ("х", "kh"), ("ц", "ts"), ("ч", "ch"), ("ш", "sh"), ("ю", "yu"),
            ("я", "ya"), ("ъ", ""), ("ь", "")] as [(Unicode.Scalar, String)]
        {
            set(from, to)
        }
        return table
    }()

    /// PostgreSQL's `lower()` under a UTF-8 ctype: one code point for one (Swift's `lowercased()` maps `İ` to two,
    /// `i` and a combining dot, where the server gives `i`).
    static func lower(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(lower(scalar)) }
        return String(result)
    }

    /// One code point lower-cased as the server does. ASCII and the Russian alphabet are answered without Unicode's
    /// property tables, which cost more than the rest of a record's keys (a test checks the two agree on every
    /// code point of the first plane).
    static func lower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x41...0x5A, 0x410...0x42F: return Unicode.Scalar(scalar.value + 0x20)!  // A–Z, А–Я
        case 0x401: return "ё"
        case 0...0x7F, 0x430...0x44F, 0x451: return scalar
        default: return scalarLowercasedByProperty(scalar)
        }
    }

    /// Unicode's own lower-case mapping, first code point (the server maps one code point to one).
    static func scalarLowercasedByProperty(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
    }
}
