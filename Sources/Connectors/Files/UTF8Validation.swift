/// A fast check that bytes are well-formed UTF-8, for the per-value path of the CSV reader.
///
/// `String(validating:as:)` goes through generic metadata lookups that cost more than the parsing itself at
/// hundreds of thousands of rows per second; this loop is specialised for a buffer of bytes and returns at once for
/// the common all-ASCII value.
enum UTF8Validation {
    /// The length of the sequence a lead byte starts and the range its second byte must fall in (RFC 3629: no
    /// overlongs, no surrogates, at most U+10FFFF); `nil` for a byte that cannot start a multi-byte sequence.
    @inline(__always)
    static func leadRule(_ lead: UInt8) -> (length: Int, second: ClosedRange<UInt8>)? {
        switch lead {
        case 0xC2...0xDF: return (2, 0x80...0xBF)
        case 0xE0: return (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: return (3, 0x80...0xBF)
        case 0xED: return (3, 0x80...0x9F)
        case 0xF0: return (4, 0x90...0xBF)
        case 0xF1...0xF3: return (4, 0x80...0xBF)
        case 0xF4: return (4, 0x80...0x8F)
        default: return nil
        }
    }

    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            guard let (length, second) = leadRule(lead), index + length <= count else { return false }
            guard second.contains(bytes[index + 1]) else { return false }
            var offset = 2
            while offset < length {
                if bytes[index + offset] & 0xC0 != 0x80 { return false }
                offset += 1
            }
            index += length
        }
        return true
    }
}
