/// The consonants of a company name as a Russian speaker hears them, so a Western name and its Cyrillic rendering
/// by ear meet: `Brightline Europe Chemicals` and `Брайтлайн Европа Кемикалс` → `prtlnfrpkmkls` both.
///
/// Transliteration cannot relate the two: Russian writes a foreign name as it sounds, not letter by letter, so the
/// romanized Cyrillic (`braitlain evropa kemikals`) shares few letters with the original. The consonants survive,
/// and the few spellings English uses for them are folded here:
/// - every vowel, `y` and `h` is dropped (`h` is mostly silent in English, or a vowel's mark: `bright`, `john`);
/// - `gh` inside a word is silent (`bright` → Брайт), `th` is `t` (`Smith` → Смит);
/// - `eu` at the start of a word is said `ev` (`Europe` → Европа, `Euro` → Евро);
/// - `ch` is `k` (`Chemicals` → Кемикалс; Ричмонд and Richmond still meet, since both sides fold alike);
/// - `dg`, `dzh` (Cyrillic дж) and `g` before `e` or `i` are one sound (`Bridge` → Бридж, `Energy` → Энерджи,
///   `Technologies` → Текнолоджис; a Russian `г` there folds alike on both sides);
/// - voiced and voiceless pairs merge as in ``PhoneticKey`` (b/p, v/f, g/k, d/t, z/s, zh/sh), `ts` is `s`;
/// - a run of one class is written once, and words are joined (`Bright Line` / `Брайтлайн`).
/// Digits are kept: `Ромашка-2` is another company. It reads the *folded* name key (``Transliteration/latinKey``),
/// and it is a loose key for blocking and for a weak comparison level only; it must never decide on its own.
public enum CrossScriptSoundKey {
    /// The key of a folded name key (lowercase ASCII words separated by spaces); empty when no consonant or digit.
    public static func encode(_ folded: some StringProtocol) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(folded.utf8.count)
        var last: UInt8 = 0
        for word in folded.utf8.split(separator: 32) {
            let word = Array(word)
            var i = 0
            // `eu` at the start of a word is said `ev`.
            if word.count >= 2, word[0] == UInt8(ascii: "e"), word[1] == UInt8(ascii: "u") {
                if last != UInt8(ascii: "f") { output.append(UInt8(ascii: "f")) }
                last = UInt8(ascii: "f")
                i = 2
            }
            while i < word.count {
                let c = word[i]
                let next = i + 1 < word.count ? word[i + 1] : 0
                let afterNext = i + 2 < word.count ? word[i + 2] : 0
                var code: UInt8 = 0
                var advance = 1
                switch c {
                case UInt8(ascii: "g"):
                    if next == UInt8(ascii: "h"), i > 0 {
                        advance = 2
                    } else if next == UInt8(ascii: "e") || next == UInt8(ascii: "i") {
                        code = UInt8(ascii: "j")
                    } else {
                        code = UInt8(ascii: "k")
                    }
                case UInt8(ascii: "d"):
                    if next == UInt8(ascii: "g") {
                        code = UInt8(ascii: "j")
                        advance = 2
                    } else if next == UInt8(ascii: "z"), afterNext == UInt8(ascii: "h") {
                        code = UInt8(ascii: "j")
                        advance = 3
                    } else {
                        code = UInt8(ascii: "t")
                    }
                case UInt8(ascii: "z"), UInt8(ascii: "s"):
                    if next == UInt8(ascii: "h") {
                        code = UInt8(ascii: "x")
                        advance = 2
                    } else {
                        code = UInt8(ascii: "s")
                    }
                case UInt8(ascii: "c"):
                    code = UInt8(ascii: "k")
                    if next == UInt8(ascii: "h") { advance = 2 }
                case UInt8(ascii: "t"):
                    if next == UInt8(ascii: "s") {
                        code = UInt8(ascii: "s")
                        advance = 2
                    } else {
                        code = UInt8(ascii: "t")
                        if next == UInt8(ascii: "h") { advance = 2 }
                    }
                case UInt8(ascii: "b"), UInt8(ascii: "p"): code = UInt8(ascii: "p")
                case UInt8(ascii: "v"), UInt8(ascii: "f"), UInt8(ascii: "w"): code = UInt8(ascii: "f")
                case UInt8(ascii: "k"), UInt8(ascii: "q"), UInt8(ascii: "x"): code = UInt8(ascii: "k")
                case UInt8(ascii: "l"), UInt8(ascii: "m"), UInt8(ascii: "n"), UInt8(ascii: "r"): code = c
                case UInt8(ascii: "0")...UInt8(ascii: "9"): code = c
                default: code = 0
                }
                if code != 0 && code != last { output.append(code) }
                if code != 0 { last = code }
                i += advance
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
