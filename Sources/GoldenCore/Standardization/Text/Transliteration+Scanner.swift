/// The byte-level half of `Transliteration`: romanizing UTF-8 through the packed tables and folding words in stack
/// buffers behind `ByteBuffer` views.
///
/// The romanization tables are in `Transliteration.swift`. The folding rules are listed in the type's documentation
/// and written out as the byte cases of `foldWord`; `ReferenceTransliteration` (in the tests) states them again as
/// plain string rewriting and is compared with this code on random text.
extension Transliteration {
    /// Reusable buffers for romanizing and folding: one set per standardizer call instead of arrays per key.
    struct KeyBuilder {
        /// The romanized, then folded, key (lowercase ASCII words separated by single spaces).
        var key: [UInt8] = []

        init() {}

        /// Replaces `key` with the folded key of `text`.
        mutating func fold(_ text: some StringProtocol) {
            key.removeAll(keepingCapacity: true)
            reserve(text.utf8.count)
            Transliteration.appendRomanized(text, to: &key)
            foldInPlace()
        }

        /// Replaces `key` with the folded key of UTF-8 `bytes`.
        mutating func fold(utf8 bytes: UnsafeBufferPointer<UInt8>) {
            key.removeAll(keepingCapacity: true)
            reserve(bytes.count)
            Transliteration.appendRomanized(utf8: bytes, to: &key)
            foldInPlace()
        }

        /// Sizes the key once for input of `count` UTF-8 bytes, so appending does not regrow it: a letter
        /// romanizes to at most twice its UTF-8 length (щ, two bytes, is `shch`). Growing it a few bytes at a time
        /// was three allocations per key.
        private mutating func reserve(_ count: Int) {
            let capacity = 2 * count + 16
            if key.capacity < capacity {
                key.reserveCapacity(capacity)
            }
        }

        /// Folds `key` to its fixpoint, word by word.
        ///
        /// Words fold independently, so folding each word until it stops changing gives the same key as folding
        /// the whole key until nothing changes, without copying and comparing the whole key on every pass.
        mutating func foldInPlace() {
            // The folded words go to a stack buffer and are copied back into `key`, whose capacity is kept: a
            // second array that the two swapped was one more allocation per key. A word folds to at most twice its
            // length (x → ks), and words are joined by single spaces.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * key.count + 1) { storage in
                var folded = ByteBuffer(storage)
                key.withUnsafeBufferPointer { key in
                    var start = 0
                    while start < key.count {
                        var end = start
                        while end < key.count && key[end] != 32 { end += 1 }
                        if end > start {
                            if !folded.isEmpty { folded.append(32) }
                            Transliteration.foldToFixpoint(UnsafeBufferPointer(rebasing: key[start..<end]), into: &folded)
                        }
                        start = end + 1
                    }
                }
                key.removeAll(keepingCapacity: true)
                key.append(contentsOf: folded.bytes)
            }
        }

        var latinKey: String { String(decoding: key, as: UTF8.self) }
    }

    // MARK: - Romanization

    /// Appends the lowercase romanization of `text`; separators become single spaces, apostrophes vanish.
    static func appendRomanized(_ text: some StringProtocol, to output: inout [UInt8]) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { appendRomanized(utf8: $0, to: &output) }
        if done == nil {
            Array(text.utf8).withUnsafeBufferPointer { appendRomanized(utf8: $0, to: &output) }
        }
    }

    /// Appends the lowercase romanization of valid UTF-8 `bytes` (see `appendRomanized(_:to:)`).
    static func appendRomanized(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        // The tables are read once per call: each read of a `static let` goes through its lazy initializer's check.
        let cyrillic = cyrillicPacked
        let latin = latinPacked
        var i = 0
        let end = bytes.count
        while i < end {
            let byte = bytes[i]
            if byte < 0x80 {
                i += 1
                if byte &- 97 < 26 || byte &- 48 < 10 {
                    output.append(byte)
                } else if byte &- 65 < 26 {
                    output.append(byte + 32)
                } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`") {
                    continue
                } else if byte == UInt8(ascii: "&") {
                    appendSeparator(&output)
                    output.append(97); output.append(110); output.append(100)  // "and"
                    appendSeparator(&output)
                } else {
                    appendSeparator(&output)
                }
                continue
            }
            let (value, length) = ScalarText.decode(bytes, at: i)
            i += length
            if value >= 0x400 && value <= 0x4FF {
                let lower = ScalarText.lower(Unicode.Scalar(value)!).value
                let index = Int(lower - 0x400)
                if index < cyrillic.count {
                    appendPacked(cyrillic[index], to: &output)
                }
            } else if value >= 0xC0 && value < 0x250 {
                appendPacked(latin[Int(value - 0xC0)], to: &output)
            } else if value == 0x2019 || value == 0x02BC || value == 0x2032 {
                continue  // typographic apostrophes: O’Brien
            } else {
                let scalar = Unicode.Scalar(value)!
                if ScalarText.isLetter(scalar) || scalar.properties.numericType != nil {
                    ScalarText.appendUTF8(ScalarText.lower(scalar), to: &output)
                } else {
                    appendSeparator(&output)
                }
            }
        }
        if output.last == 32 { output.removeLast() }
    }

    @inline(__always)
    private static func appendSeparator(_ output: inout [UInt8]) {
        if let last = output.last, last != 32 { output.append(32) }
    }

    /// `cyrillicTable` packed for appending: up to seven bytes, low byte first, and the length in the top byte.
    /// `append(contentsOf:)` of a one- or two-byte array cost more than the rest of the romanization.
    static let cyrillicPacked: [UInt64] = cyrillicTable.map(pack)
    /// `latinTable`, packed like `cyrillicPacked`.
    static let latinPacked: [UInt64] = latinTable.map(pack)

    /// Packs up to seven bytes and their count into one word.
    static func pack(_ bytes: [UInt8]) -> UInt64 {
        precondition(bytes.count <= 7, "romanization entries are at most seven bytes")
        var packed = UInt64(bytes.count) << 56
        for (index, byte) in bytes.enumerated() { packed |= UInt64(byte) << (8 * UInt64(index)) }
        return packed
    }

    @inline(__always)
    static func appendPacked(_ packed: UInt64, to output: inout [UInt8]) {
        var remaining = packed >> 56
        var bytes = packed
        while remaining > 0 {
            output.append(UInt8(truncatingIfNeeded: bytes))
            bytes >>= 8
            remaining -= 1
        }
    }

    // MARK: - Folding

    @inline(__always)
    private static func isVowel(_ byte: UInt8) -> Bool {
        byte == 97 || byte == 101 || byte == 105 || byte == 111 || byte == 117
    }

    @inline(__always)
    private static func isLetterByte(_ byte: UInt8) -> Bool { byte &- 97 < 26 }

    /// Appends `word` (lowercase romanized bytes, no spaces) folded until it stops changing.
    ///
    /// Real names settle after one or two passes; hostile chains need more (`shch` followed by n `ch`s loses one
    /// `ch` a pass), and stopping at four left keys that folded again to other keys. After the first pass no rule
    /// lengthens a word and every change shortens it or replaces a letter that no rule writes back (c, q, w, j, y,
    /// the z of tz), so the passes end; `word.count + 4` bounds them in code all the same.
    ///
    /// The passes run in one stack buffer: a word is short, and the array version's per-byte appends, uniqueness
    /// checks and regrowing cost more than the rules themselves.
    static func foldToFixpoint(_ word: UnsafeBufferPointer<UInt8>, into output: inout some ByteAppending) {
        // Only the first pass can lengthen a word (x → ks; no rule writes an x), and by at most twice. The three
        // buffers are checked views: a wrong bound stops the process instead of writing past the allocation.
        let capacity = 2 * word.count
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3 * capacity) { buffer in
            var scratch = ByteBuffer(UnsafeMutableBufferPointer(rebasing: buffer[0..<capacity]))
            var current = ByteBuffer(UnsafeMutableBufferPointer(rebasing: buffer[capacity..<(2 * capacity)]))
            var previous = ByteBuffer(UnsafeMutableBufferPointer(rebasing: buffer[(2 * capacity)..<(3 * capacity)]))
            foldWord(word, scratch: &scratch, into: &current)
            var passes = 1
            var settled = isEvidentlyFolded(current.bytes) || current.bytes.elementsEqual(word)
            while !settled && passes < word.count + 4 {
                swap(&current, &previous)
                foldWord(previous.bytes, scratch: &scratch, into: &current)
                passes += 1
                settled = current.bytes.elementsEqual(previous.bytes)
            }
            output.append(contentsOf: current.bytes)
        }
    }

    /// `true` when no folding rule can apply to `word`, so `foldWord` would return it unchanged: no x, q, w, j or
    /// y; c only in a ch that no s, t or h precedes; no kh, ph, tz, final ff, ie, ou or io; no doubled letter.
    ///
    /// Conservative (a `false` only costs a confirming pass). Most words are settled after one pass, and this scan
    /// is cheaper than the second `foldWord` that would otherwise prove it.
    static func isEvidentlyFolded(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        let count = word.count
        for i in 0..<count {
            let c = word[i]
            switch c {
            case UInt8(ascii: "x"), UInt8(ascii: "q"), UInt8(ascii: "w"), UInt8(ascii: "j"), UInt8(ascii: "y"):
                return false
            case UInt8(ascii: "c"):
                // sch, tch, and the shch that starts with sh
                if previous == UInt8(ascii: "s") || previous == UInt8(ascii: "t") || previous == UInt8(ascii: "h") {
                    return false
                }
                if i + 1 >= count || word[i + 1] != UInt8(ascii: "h") { return false }
            case UInt8(ascii: "h"):
                if previous == UInt8(ascii: "k") || previous == UInt8(ascii: "p") { return false }
            case UInt8(ascii: "z"):
                if previous == UInt8(ascii: "t") { return false }
            case UInt8(ascii: "e"):
                if previous == UInt8(ascii: "i") { return false }
            case UInt8(ascii: "u"):
                if previous == UInt8(ascii: "o") { return false }
            case UInt8(ascii: "o"):
                if previous == UInt8(ascii: "i") { return false }
            default:
                break
            }
            if c == previous, isLetterByte(c) { return false }
            previous = c
        }
        return true
    }

    /// Folds one word once into `output` (emptied first). Two passes: consonant clusters into `scratch` (emptied
    /// first), then vowel clusters and doubled letters, rewriting the output's tail so that folding a folded word
    /// changes nothing. Both buffers need twice `word.count` bytes; they check every write.
    static func foldWord(_ word: UnsafeBufferPointer<UInt8>, scratch: inout ByteBuffer, into output: inout ByteBuffer) {
        let end = word.count
        scratch.truncate(to: 0)
        output.truncate(to: 0)
        @inline(__always) func at(_ index: Int) -> UInt8 { index < end ? word[index] : 0 }
        @inline(__always) func put(_ byte: UInt8) { scratch.append(byte) }
        var i = 0
        while i < end {
            let c = word[i]
            let n1 = at(i + 1)
            switch c {
            case UInt8(ascii: "s"):
                if n1 == 104, at(i + 2) == 99, at(i + 3) == 104 {  // shch
                    put(115); put(104); i += 4; continue
                }
                if n1 == 99, at(i + 2) == 104 {  // sch
                    put(115); put(104); i += 3; continue
                }
                if n1 == 104 { put(115); put(104); i += 2; continue }
                put(c)
            case UInt8(ascii: "t"):
                if n1 == 115, at(i + 2) == 99, at(i + 3) == 104 {  // tsch
                    put(99); put(104); i += 4; continue
                }
                if n1 == 99, at(i + 2) == 104 {  // tch
                    put(99); put(104); i += 3; continue
                }
                if n1 == 122 { put(116); put(115); i += 2; continue }  // tz
                put(c)
            case UInt8(ascii: "z"):
                if n1 == 104 { put(122); put(104); i += 2; continue }  // zh
                put(c)
            case UInt8(ascii: "k"):
                if n1 == 104 { put(104); i += 2; continue }  // kh → h
                put(c)
            case UInt8(ascii: "c"):
                if n1 == 104 { put(99); put(104); i += 2; continue }  // ch
                if n1 == 107 { put(107); i += 2; continue }  // ck
                put(107)
            case UInt8(ascii: "p"):
                if n1 == 104 { put(102); i += 2; continue }  // ph
                put(c)
            case UInt8(ascii: "f"):
                if n1 == 102, i + 2 == end { put(118); i += 2; continue }  // final ff → v
                put(c)
            case UInt8(ascii: "x"):
                put(107); put(115)
            case UInt8(ascii: "q"):
                put(107)
            case UInt8(ascii: "w"):
                put(118)
            case UInt8(ascii: "j"), UInt8(ascii: "y"):
                put(105)
            default:
                put(c)
            }
            i += 1
        }
        /// Drops the last byte when it doubles the one before it.
        @inline(__always) func collapseTail() {
            let count = output.count
            if count >= 2, output[count - 1] == output[count - 2], isLetterByte(output[count - 1]) {
                output.removeLast()
            }
        }
        let consonants = scratch.bytes
        for c in consonants {
            let last: UInt8 = output.last ?? 0
            if c == 101, last == 105 {  // ie → e
                output.replaceLast(with: 101)
                collapseTail()
                continue
            }
            if c == 117, last == 111 {  // ou → u
                output.replaceLast(with: 117)
                collapseTail()
                continue
            }
            if isLetterByte(c), !isVowel(c), output.count >= 3, last == 111, output[output.count - 2] == 105 {
                output.truncate(to: output.count - 2)  // i o + consonant → e (Pyotr, Solovyov), not at the word start
                output.append(101)
                collapseTail()
            }
            if isLetterByte(c), output.last == c { continue }
            output.append(c)
        }
    }
}
