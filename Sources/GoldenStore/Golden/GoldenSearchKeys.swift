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
        var seen = Set<String>()
        func add(_ key: String) {
            guard key.unicodeScalars.count > 2, seen.insert(key).inserted else { return }
            keys.append(key)
        }
        for name in names {
            // Words are runs of [a-z0-9] code points, as the SQL side splits them (not grapheme clusters).
            var word = String.UnicodeScalarView()
            for scalar in fold(name).unicodeScalars {
                if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                    word.append(scalar)
                } else if !word.isEmpty {
                    add("n:" + String(word))
                    word = String.UnicodeScalarView()
                }
            }
            if !word.isEmpty { add("n:" + String(word)) }
        }
        for email in emails { add("e:" + lower(email)) }
        for value in digitValues { add("d:" + String(value.unicodeScalars.filter { ("0"..."9").contains($0) })) }
        return keys
    }

    /// `golden_search_fold`: lower case, Cyrillic transliterated to Latin, and a few Latin spellings merged, so
    /// Иванов and Ivanov fold to one word.
    public static func fold(_ text: String) -> String {
        var latin = String.UnicodeScalarView()
        for scalar in lower(text).unicodeScalars {
            switch scalar {
            case "щ": latin.append(contentsOf: "shch".unicodeScalars)
            case "ж": latin.append(contentsOf: "zh".unicodeScalars)
            case "х": latin.append(contentsOf: "kh".unicodeScalars)
            case "ц": latin.append(contentsOf: "ts".unicodeScalars)
            case "ч": latin.append(contentsOf: "ch".unicodeScalars)
            case "ш": latin.append(contentsOf: "sh".unicodeScalars)
            case "ю": latin.append(contentsOf: "yu".unicodeScalars)
            case "я": latin.append(contentsOf: "ya".unicodeScalars)
            case "ъ", "ь": continue
            default:
                if let mapped = cyrillic[scalar] { latin.append(mapped) } else { latin.append(scalar) }
            }
        }
        // Then, in the SQL function's order: kh → h, x → ks, w → v, y → i, j → i.
        var folded = String.UnicodeScalarView()
        var previousK = false
        for scalar in latin {
            if previousK {
                previousK = false
                if scalar == "h" {
                    folded.append("h")
                    continue
                }
                folded.append("k")
            }
            switch scalar {
            case "k": previousK = true
            case "x": folded.append(contentsOf: "ks".unicodeScalars)
            case "w": folded.append("v")
            case "y", "j": folded.append("i")
            default: folded.append(scalar)
            }
        }
        if previousK { folded.append("k") }
        return String(folded)
    }

    /// `translate(…, 'абвгдезийклмнопрстуфыэ', 'abvgdeziiklmnoprstufye')` and `ё` → `e`.
    private static let cyrillic: [Unicode.Scalar: Unicode.Scalar] = {
        var table: [Unicode.Scalar: Unicode.Scalar] = ["ё": "e"]
        for (from, to) in zip("абвгдезийклмнопрстуфыэ".unicodeScalars, "abvgdeziiklmnoprstufye".unicodeScalars) {
            table[from] = to
        }
        return table
    }()

    /// PostgreSQL's `lower()` under a UTF-8 ctype: one code point for one (Swift's `lowercased()` maps `İ` to two,
    /// `i` and a combining dot, where the server gives `i`).
    static func lower(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                result.append(("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar)
            } else {
                result.append(scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar)
            }
        }
        return String(result)
    }
}
