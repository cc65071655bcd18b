/// A fast check that bytes are well-formed UTF-8, for the per-value path of the CSV reader.
///
/// `String(validating:as:)` goes through generic metadata lookups that cost more than the parsing itself at
/// hundreds of thousands of rows per second; this loop is specialised for a buffer of bytes and returns at once for
/// the common all-ASCII value.
enum UTF8Validation {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lowest: UInt8 = 0x80
            var highest: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lowest = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; highest = 0x9F
            case 0xF0: length = 4; lowest = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; highest = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            if second < lowest || second > highest { return false }
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
