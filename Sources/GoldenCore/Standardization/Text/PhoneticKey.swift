/// A Russian-aware phonetic key: the consonant skeleton of the folded transliteration.
///
/// Soundex and Metaphone are tuned to English spelling; Russian surnames mostly differ by voicing (final -ов is
/// said -of), vowel reduction (Коваленко/Каваленко) and transliteration. The key therefore
/// - keeps the first letter's class (any first vowel becomes `a`),
/// - drops the remaining vowels,
/// - merges voiced/voiceless pairs: b/p→p, v/f→f, g/k→k, d/t→t, z/s→s, zh/sh→x, ch→c, ts→s,
/// - keeps l, m, n, r, h, and writes each run of one class once.
/// So Иванов, Ivanov and Ivanoff → `afnf`; Кузнецов and Kusnezow → `ksnsf`.
enum PhoneticKey {
    /// Encodes folded transliteration bytes (lowercase ASCII words separated by spaces).
    ///
    /// The key is never longer than its input, so it is written straight into the string's storage (through a
    /// `ByteBuffer`, which checks every write).
    static func encode(_ folded: [UInt8]) -> String {
        folded.withUnsafeBufferPointer { folded in
            String(utf8Capacity: folded.count) { output in
                var i = 0
                var wordStart = true
                var last: UInt8 = 0
                while i < folded.count {
                    let c = folded[i]
                    let n1 = i + 1 < folded.count ? folded[i + 1] : 0
                    if c == 32 {
                        if let previous = output.last, previous != 32 { output.append(32) }
                        wordStart = true
                        last = 0
                        i += 1
                        continue
                    }
                    var code: UInt8 = 0
                    var advance = 1
                    switch c {
                    case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"),
                        UInt8(ascii: "y"):
                        code = wordStart ? UInt8(ascii: "a") : 0
                    case UInt8(ascii: "z"), UInt8(ascii: "s"):
                        if n1 == 104 { code = UInt8(ascii: "x"); advance = 2 } else { code = UInt8(ascii: "s") }
                    case UInt8(ascii: "c"):
                        if n1 == 104 { code = UInt8(ascii: "c"); advance = 2 } else { code = UInt8(ascii: "k") }
                    case UInt8(ascii: "t"):
                        if n1 == 115 { code = UInt8(ascii: "s"); advance = 2 } else { code = UInt8(ascii: "t") }
                    case UInt8(ascii: "d"): code = UInt8(ascii: "t")
                    case UInt8(ascii: "b"), UInt8(ascii: "p"): code = UInt8(ascii: "p")
                    case UInt8(ascii: "v"), UInt8(ascii: "f"), UInt8(ascii: "w"): code = UInt8(ascii: "f")
                    case UInt8(ascii: "g"), UInt8(ascii: "k"), UInt8(ascii: "q"): code = UInt8(ascii: "k")
                    case UInt8(ascii: "x"): code = UInt8(ascii: "k")
                    case UInt8(ascii: "l"), UInt8(ascii: "m"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "h"):
                        code = c
                    default:
                        code = 0
                    }
                    wordStart = false
                    if code != 0 && code != last { output.append(code) }
                    if code != 0 { last = code }
                    i += advance
                }
                if output.last == 32 { output.removeLast() }
            }
        }
    }
}
