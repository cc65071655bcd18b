/// Scalar-level text helpers for the hot path.
///
/// Foundation's `lowercased()` and character classes allocate and walk grapheme clusters; standardizers run on
/// millions of short strings, so the common scripts (ASCII, Latin-1, Cyrillic) are handled with integer arithmetic
/// and only rare scripts fall back to the Unicode property tables.
enum ScalarText {
    /// Lowercases one scalar; exact for ASCII, Latin-1, Latin Extended-A and Cyrillic.
    @inline(__always)
    static func lower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value < 0x80 {
            return value &- 65 < 26 ? Unicode.Scalar(UInt8(value + 32)) : scalar
        }
        if value >= 0x410 && value <= 0x42F { return Unicode.Scalar(value + 32)! }
        if value >= 0x430 && value <= 0x45F { return scalar }
        if value >= 0x400 && value <= 0x40F { return Unicode.Scalar(value + 80)! }
        return slowLower(scalar)
    }

    /// Uppercases one scalar; exact for ASCII, Latin-1, Latin Extended-A and Cyrillic.
    @inline(__always)
    static func upper(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value < 0x80 {
            return value &- 97 < 26 ? Unicode.Scalar(UInt8(value - 32)) : scalar
        }
        if value >= 0x430 && value <= 0x44F { return Unicode.Scalar(value - 32)! }
        if value >= 0x410 && value <= 0x42F { return scalar }
        if value >= 0x450 && value <= 0x45F { return Unicode.Scalar(value - 80)! }
        return slowUpper(scalar)
    }

    private static func slowLower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard scalar.properties.changesWhenLowercased else { return scalar }
        let mapped = scalar.properties.lowercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first! : scalar
    }

    private static func slowUpper(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard scalar.properties.changesWhenUppercased else { return scalar }
        let mapped = scalar.properties.uppercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first! : scalar
    }

    @inline(__always)
    static func isUpper(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value &- 65 < 26 }
        if value >= 0x410 && value <= 0x42F { return true }
        if value >= 0x430 && value <= 0x45F { return false }
        if value >= 0x400 && value <= 0x40F { return true }
        return scalar.properties.isUppercase
    }

    @inline(__always)
    static func isLower(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value &- 97 < 26 }
        if value >= 0x430 && value <= 0x45F { return true }
        if value >= 0x400 && value <= 0x42F { return false }
        return scalar.properties.isLowercase
    }

    @inline(__always)
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return (value | 0x20) &- 97 < 26 }
        if value >= 0x400 && value <= 0x45F { return true }
        if value >= 0xC0 && value <= 0x24F { return value != 0xD7 && value != 0xF7 }  // Latin-1 and Extended
        return scalar.properties.isAlphabetic
    }

    @inline(__always)
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value &- 48 < 10
    }

    @inline(__always)
    static func isCyrillic(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x400 && scalar.value <= 0x4FF
    }

    /// Whitespace including no-break spaces, which spreadsheets and CRMs export freely.
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 32 || (value >= 9 && value <= 13) }
        if value < 0x1680 { return value == 0xA0 || value == 0x85 }  // Latin, Cyrillic…: no other spaces
        return value == 0xA0 || value == 0x202F || value == 0x2007 || scalar.properties.isWhitespace
    }

    /// Quotation marks of every kind: ASCII, typographic, guillemets, German low quotes, primes.
    @inline(__always)
    static func isQuote(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x22, 0x27, 0x60, 0xAB, 0xBB, 0x2018...0x201F, 0x2039, 0x203A, 0x2032, 0x2033, 0x300C, 0x300D,
            0xFF02:
            return true
        default:
            return false
        }
    }

    /// Hyphens and dashes that join or separate words.
    @inline(__always)
    static func isDash(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: return true
        default: return false
        }
    }

    /// Collapses runs of whitespace to one space and trims both ends; returns the input when already clean.
    static func collapseSpaces(_ text: String) -> String {
        // The check for clean text (the usual case) reads bytes; only text that needs work is rebuilt.
        let clean = withUTF8(text) { bytes -> Bool in
            var previousSpace = true
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                let space: Bool
                let plainSpace: Bool
                if byte < 0x80 {
                    space = byte == 32 || (byte >= 9 && byte <= 13)
                    plainSpace = byte == 32
                    i += 1
                } else if byte == 0xD0 || byte == 0xD1 {
                    // U+0400…U+047F, Cyrillic letters: never a space, no need to decode.
                    space = false
                    plainSpace = false
                    i += 2
                } else {
                    let (value, length) = decode(bytes, at: i)
                    space = isSpace(Unicode.Scalar(value)!)
                    plainSpace = false
                    i += length
                }
                if space && (previousSpace || !plainSpace) { return false }
                previousSpace = space
            }
            return !previousSpace
        }
        if clean { return text }
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(32) }
                pendingSpace = false
                appendUTF8(scalar, to: &result)
            }
        }
        return string(result)
    }

    /// Lowercases a whole string with the fast scalar mapping; returns the input when nothing changes.
    ///
    /// "Nothing changes" is asked of `lower` itself, not of `isUpper`: titlecase letters (ǅ, ǋ) are not uppercase
    /// but do lowercase, and were left as they were (found by fuzzing against the scalar-by-scalar reference).
    static func lowercased(_ text: String) -> String {
        if !text.unicodeScalars.contains(where: { lower($0) != $0 }) { return text }
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { appendUTF8(lower(scalar), to: &result) }
        return string(result)
    }
}

extension ScalarText {
    /// Uppercases ASCII letters only (region codes, KPP letters).
    static func uppercasedASCII(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 &- 97 < 26 }) else { return text }
        return String(decoding: text.utf8.map { $0 &- 97 < 26 ? $0 - 32 : $0 }, as: UTF8.self)
    }
}

extension ScalarText {
    /// Appends the UTF-8 encoding of `scalar`. Building `[UInt8]` and decoding once is several times faster than
    /// appending scalars to a `String` one by one.
    @inline(__always)
    static func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout some ByteAppending) {
        let value = scalar.value
        if value < 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value))
        } else if value < 0x800 {
            bytes.append(UInt8(truncatingIfNeeded: 0xC0 | (value >> 6)))
            bytes.append(UInt8(truncatingIfNeeded: 0x80 | (value & 0x3F)))
        } else if value < 0x10000 {
            bytes.append(UInt8(truncatingIfNeeded: 0xE0 | (value >> 12)))
            bytes.append(UInt8(truncatingIfNeeded: 0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(truncatingIfNeeded: 0x80 | (value & 0x3F)))
        } else {
            bytes.append(UInt8(truncatingIfNeeded: 0xF0 | (value >> 18)))
            bytes.append(UInt8(truncatingIfNeeded: 0x80 | ((value >> 12) & 0x3F)))
            bytes.append(UInt8(truncatingIfNeeded: 0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(truncatingIfNeeded: 0x80 | (value & 0x3F)))
        }
    }

    /// Appends the lookup form of `scalar`: lowercase, with ё folded to е.
    @inline(__always)
    static func appendLookup(_ scalar: Unicode.Scalar, to bytes: inout some ByteAppending) {
        let lower = ScalarText.lower(scalar)
        appendUTF8(lower.value == 0x451 ? "е" : lower, to: &bytes)
    }

    /// The lookup bytes of a whole string (lowercase, ё→е): the key type of the internal dictionaries.
    ///
    /// Hashing a non-ASCII `String` normalizes it to NFC first, which dominated the profile; byte arrays hash as
    /// they are. Dictionary entries are written in NFC, and so is almost all real input.
    static func lookupBytes(_ text: some StringProtocol) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        withUTF8(text) { appendLookup(utf8: $0, to: &bytes) }
        return bytes
    }

    /// Appends the lookup form (lowercase, ё→е) of valid UTF-8 `bytes`.
    static func appendLookup(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x80 {
                output.append(byte &- 65 < 26 ? byte + 32 : byte)
                i += 1
                continue
            }
            let (value, length) = decode(bytes, at: i)
            i += length
            appendLookup(Unicode.Scalar(value)!, to: &output)
        }
    }

    /// Calls `body` with the UTF-8 bytes of `text`, copying only when the string is not contiguous UTF-8.
    @inline(__always)
    static func withUTF8<R>(_ text: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// Decodes the scalar starting at `i` of valid UTF-8 (a `String`'s bytes): its value and its byte length.
    ///
    /// The bounds are checked in every build (`precondition`): `UnsafeBufferPointer` checks its subscript in debug
    /// builds only, and a truncated sequence must stop the process rather than read past the buffer. Validity of
    /// the sequence is the caller's contract (the bytes come from a `String`), not re-checked here.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
        precondition(i >= 0 && i < bytes.count, "UTF-8 index out of range")
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (b0, 1) }
        precondition(i + (b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4) <= bytes.count, "truncated UTF-8 sequence")
        if b0 < 0xE0 { return (((b0 & 0x1F) << 6) | (UInt32(bytes[i + 1]) & 0x3F), 2) }
        if b0 < 0xF0 {
            return (((b0 & 0x0F) << 12) | ((UInt32(bytes[i + 1]) & 0x3F) << 6) | (UInt32(bytes[i + 2]) & 0x3F), 3)
        }
        return (
            ((b0 & 0x07) << 18) | ((UInt32(bytes[i + 1]) & 0x3F) << 12) | ((UInt32(bytes[i + 2]) & 0x3F) << 6)
                | (UInt32(bytes[i + 3]) & 0x3F), 4
        )
    }

    /// `true` when every scalar of `bytes` is its own grapheme cluster for the purposes of byte-level splitting:
    /// below U+0300 (ASCII, Latin-1, Latin Extended) or a Cyrillic letter. Combining marks, joiners, Hangul and
    /// the like make this `false`, and callers fall back to `Character`-level code.
    static func hasSimpleGraphemes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x80 {
                if byte == 13 { return false }  // CR LF is one cluster
                i += 1
                continue
            }
            let (value, length) = decode(bytes, at: i)
            if value >= 0x300 && !(value >= 0x400 && value < 0x483) && !(value >= 0x48A && value < 0x500) {
                return false
            }
            i += length
        }
        return true
    }

    /// Byte-wise lexicographic order: the order of the `String`s the UTF-8 bytes spell (scalar order).
    @inline(__always)
    static func precedes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = min(a.count, b.count)
        var i = 0
        while i < count {
            if a[i] != b[i] { return a[i] < b[i] }
            i += 1
        }
        return a.count < b.count
    }

    /// `words` sorted byte-wise (the order of their `String`s), without repeats, joined by single spaces: the token
    /// text of addresses and company names, written once into the result.
    static func sortedUniqueJoined(_ words: inout [UnsafeBufferPointer<UInt8>]) -> String {
        words.sort(by: precedes)
        let total = words.reduce(0) { $0 + $1.count + 1 }
        return String(utf8Capacity: total) { text in
            var previous: UnsafeBufferPointer<UInt8>?
            for word in words {
                if let previous, previous.elementsEqual(word) { continue }
                if !text.isEmpty { text.append(32) }
                text.append(contentsOf: word)
                previous = word
            }
        }
    }

    /// `true` when both strings have the same UTF-8 bytes (no Unicode normalization, unlike `==`).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        withUTF8(a) { a in
            withUTF8(b) { b in
                a.count == b.count && a.elementsEqual(b)
            }
        }
    }

    /// `a + b + c + d` written into one new string: chained `+` allocates an intermediate string per step.
    static func concatenate(_ a: String, _ b: String, _ c: String, _ d: String = "") -> String {
        let count = a.utf8.count + b.utf8.count + c.utf8.count + d.utf8.count
        return String(utf8Capacity: count) { text in
            withUTF8(a) { text.append(contentsOf: $0) }
            withUTF8(b) { text.append(contentsOf: $0) }
            withUTF8(c) { text.append(contentsOf: $0) }
            withUTF8(d) { text.append(contentsOf: $0) }
        }
    }

    @inline(__always)
    static func string(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// `true` when `bytes` ends with `suffix`.
    @inline(__always)
    static func hasSuffix(_ bytes: [UInt8], _ suffix: [UInt8]) -> Bool {
        guard bytes.count >= suffix.count else { return false }
        var i = bytes.count - suffix.count
        for byte in suffix {
            if bytes[i] != byte { return false }
            i += 1
        }
        return true
    }
}
