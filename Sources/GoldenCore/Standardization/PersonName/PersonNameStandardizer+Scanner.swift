/// The byte-level half of `PersonNameStandardizer`: reading words out of UTF-8 and fixing their case.
///
/// The rules (order detection, initials, patronymics, honorifics, particles) are in `PersonNameStandardizer.swift`;
/// this file only turns text into `Word`s and back, scalar by scalar, and changes no rule.
extension PersonNameStandardizer {
    /// The first `Character` of `key` as a string; ASCII keys skip grapheme breaking.
    static func firstCharacter(_ key: String) -> String? {
        let ascii: UInt8? = key.utf8.withContiguousStorageIfAvailable { bytes -> UInt8? in
            // Two ASCII scalars other than CR LF always have a grapheme break between them.
            guard bytes.count >= 1, bytes[0] < 0x80, bytes[0] != 13 else { return nil }
            if bytes.count == 1 || bytes[1] < 0x80 { return bytes[0] }
            return nil
        } ?? nil
        if let ascii { return String(Unicode.Scalar(ascii)) }
        return key.first.map(String.init)
    }

    /// Words of a name: letters with inner hyphens and apostrophes. A dot ends an initial ("М.А." is two).
    static func words(_ text: Substring) -> [Word] {
        ScalarText.withUTF8(text) { words(utf8: $0) }
    }

    /// `words(_:)` of a whole string. A name part that is one plain word (letters only, the usual "Иван") becomes
    /// that word with the string itself as its text: the word reader's buffers and a copy of the string are
    /// three allocations per part otherwise.
    static func words(_ text: String) -> [Word] {
        let letters = ScalarText.withUTF8(text) { plainWordLetters($0) }
        guard let letters else { return words(Substring(text)) }
        return [Word(text: text, isInitial: letters == 1)]
    }

    /// The number of scalars when `bytes` is one or more letters and nothing else (what `words(utf8:)` would
    /// return unchanged as a single word), else `nil`.
    static func plainWordLetters(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if bytes.isEmpty { return nil }
        var letters = 0
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x80 {
                guard (byte | 0x20) &- 97 < 26 else { return nil }
                i += 1
            } else {
                let (value, length) = ScalarText.decode(bytes, at: i)
                guard ScalarText.isLetter(Unicode.Scalar(value)!) else { return nil }
                i += length
            }
            letters += 1
        }
        return letters
    }

    static func words(utf8 text: UnsafeBufferPointer<UInt8>) -> [Word] {
        var reader = WordReader(capacity: text.count)
        var i = 0
        while i < text.count {
            let byte = text[i]
            if byte < 0x80 {
                i += 1
                if (byte | 0x20) &- 97 < 26 {
                    reader.append(letter: byte, lower: byte &- 65 < 26 ? byte + 32 : byte)
                } else if !reader.current.isEmpty && (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "'")) {
                    reader.append(mark: byte)
                } else {
                    reader.flush(dotted: byte == UInt8(ascii: "."))
                }
                continue
            }
            let (value, length) = ScalarText.decode(text, at: i)
            let scalar = Unicode.Scalar(value)!
            if ScalarText.isLetter(scalar) {
                reader.append(letter: UnsafeBufferPointer(rebasing: text[i..<(i + length)]), scalar: scalar)
            } else if !reader.current.isEmpty && (ScalarText.isDash(scalar) || value == 0x2019) {
                reader.append(mark: value == 0x2019 ? UInt8(ascii: "'") : UInt8(ascii: "-"))
            } else {
                reader.flush(dotted: false)
            }
            i += length
        }
        reader.flush(dotted: false)
        return reader.words
    }

    /// The state of `words(utf8:)`: a struct with mutating methods rather than a closure over local variables,
    /// whose captured variables would be boxed and checked for exclusive access on every byte.
    private struct WordReader {
        var words: [Word] = []
        var current: [UInt8] = []
        var lower: [UInt8] = []
        var letters = 0
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            current.reserveCapacity(capacity)
        }

        @inline(__always)
        mutating func append(letter byte: UInt8, lower lowerByte: UInt8) {
            if lower.isEmpty { lower.reserveCapacity(capacity) }
            current.append(byte)
            lower.append(lowerByte)
            letters += 1
        }

        @inline(__always)
        mutating func append(letter bytes: UnsafeBufferPointer<UInt8>, scalar: Unicode.Scalar) {
            if lower.isEmpty { lower.reserveCapacity(capacity) }
            for byte in bytes { current.append(byte) }
            ScalarText.appendLookup(scalar, to: &lower)
            letters += 1
        }

        @inline(__always)
        mutating func append(mark: UInt8) {
            current.append(mark)
            lower.append(mark)
            letters += 1
        }

        mutating func flush(dotted: Bool) {
            while let last = current.last, last == UInt8(ascii: "-") || last == UInt8(ascii: "'") {
                current.removeLast()
                lower.removeLast()
                letters -= 1
            }
            if !current.isEmpty {
                // Names have a few words; growing the array from one element reallocated it per word.
                if words.isEmpty { words.reserveCapacity(4) }
                words.append(
                    Word(
                        text: ScalarText.string(current), isInitial: letters == 1 || (dotted && letters <= 2),
                        lower: lower))
                current.removeAll(keepingCapacity: true)
                lower = []
            }
            letters = 0
        }
    }

    static func initial(of word: String) -> String {
        let first = ScalarText.withUTF8(word) { bytes -> Unicode.Scalar? in
            bytes.isEmpty ? nil : Unicode.Scalar(ScalarText.decode(bytes, at: 0).value)
        }
        guard let first else { return "" }
        return String(ScalarText.upper(first))
    }

    /// Fixes the case of one word if it is all-lower or all-upper; keeps deliberate mixed case.
    static func fixCase(_ word: Word, first: Bool = true) -> String {
        fixCase(word.text, first: first, lower: word.lower)
    }

    static func fixCase(_ word: String, first: Bool = true, lower wordLower: [UInt8]? = nil) -> String {
        // Read as UTF-8 bytes: iterating `unicodeScalars` twice was a tenth of building a name.
        ScalarText.withUTF8(word) { bytes in
            var hasUpper = false
            var hasLower = false
            var i = 0
            while i < bytes.count {
                let (value, length) = ScalarText.decode(bytes, at: i)
                let scalar = Unicode.Scalar(value)!
                if ScalarText.isUpper(scalar) { hasUpper = true } else if ScalarText.isLower(scalar) { hasLower = true }
                i += length
            }
            if hasUpper && hasLower { return word }
            if !first, particles.contains(wordLower ?? ScalarText.lookupBytes(word)) {
                return ScalarText.lowercased(word)
            }
            let mc = bytes.count > 3 && bytes[0] | 0x20 == UInt8(ascii: "m") && bytes[1] | 0x20 == UInt8(ascii: "c")
            // Case mapping keeps ASCII one byte and moves a scalar to at most one byte more than its own width
            // (ⱥ, U+2C65, lowercases a two-byte letter to three), so twice the input always suffices.
            return String(utf8Capacity: 2 * bytes.count) { result in
                var capitalizeNext = true
                var index = 0
                var i = 0
                while i < bytes.count {
                    let (value, length) = ScalarText.decode(bytes, at: i)
                    i += length
                    let lower = ScalarText.lower(Unicode.Scalar(value)!)
                    let mapped = capitalizeNext || (mc && index == 2) ? ScalarText.upper(lower) : lower
                    ScalarText.appendUTF8(mapped, to: &result)
                    capitalizeNext = lower == "-" || (lower == "'" && index == 1)
                    index += 1
                }
            }
        }
    }
}
