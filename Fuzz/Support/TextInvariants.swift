import Foundation

@testable import GoldenCore

/// The text primitives against slow, obviously correct references built on the standard library.
func requireTextInvariants(_ text: String) {
    let what = debug(text)
    // Scalar decoding over a String's bytes agrees with the standard library's decoder.
    ScalarText.withUTF8(text) { bytes in
        var scalars = text.unicodeScalars.makeIterator()
        var i = 0
        while i < bytes.count {
            let (value, length) = ScalarText.decode(bytes, at: i)
            require(scalars.next()?.value == value, "\(what): decode at \(i)")
            i += length
        }
        require(scalars.next() == nil, "\(what): decode stopped early")
    }
    // Collapsing spaces: the words between whitespace scalars, joined by one space.
    var words: [String] = []
    var word = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        if ScalarText.isSpace(scalar) {
            if !word.isEmpty { words.append(String(word)) }
            word = String.UnicodeScalarView()
        } else {
            word.append(scalar)
        }
    }
    if !word.isEmpty { words.append(String(word)) }
    let collapsed = ScalarText.collapseSpaces(text)
    require(ScalarText.sameBytes(collapsed, words.joined(separator: " ")), "\(what): collapseSpaces")
    // Lowercasing and lookup bytes: scalar by scalar, ё → е for lookups.
    var lower = String.UnicodeScalarView()
    for scalar in text.unicodeScalars { lower.append(ScalarText.lower(scalar)) }
    require(ScalarText.sameBytes(ScalarText.lowercased(text), String(lower)), "\(what): lowercased")
    let lookup = String(String.UnicodeScalarView(lower.map { $0 == "ё" ? "е" : $0 }))
    require(ScalarText.lookupBytes(text) == Array(lookup.utf8), "\(what): lookupBytes")
    // Transliteration: valid ASCII keys, folding is idempotent, and the combined call agrees with the single ones.
    let key = Transliteration.latinKey(text)
    require(key.utf8.allSatisfy { $0 == 32 || $0 &- 97 < 26 || $0 &- 48 < 10 || $0 >= 0x80 }, "\(what): key bytes")
    requireCleanText(key, from: text, "latin key")
    require(!key.hasPrefix(" ") && !key.hasSuffix(" ") && !key.contains("  "), "\(what): key spacing")
    requireIdempotent(Transliteration.latinKey(key) == key, "\(what): latin key \(debug(key)) is not a fixpoint")
    let both = Transliteration.latinAndPhoneticKeys(text)
    require(both.latin == key, "\(what): latinAndPhoneticKeys latin")
    require(both.phonetic == Transliteration.phoneticKey(text), "\(what): latinAndPhoneticKeys phonetic")
    requireCleanText(Transliteration.romanize(text), from: text, "romanization")
    // Simple graphemes: when the byte test says every scalar is its own character, the counts agree.
    let simple = ScalarText.withUTF8(text) { ScalarText.hasSimpleGraphemes($0) }
    if simple { require(text.count == text.unicodeScalars.count, "\(what): hasSimpleGraphemes") }
}
