/// Shared cleaning for registry identifiers (ИНН, КПП, ОГРН, СНИЛС).
enum IdentifierText {
    /// The ASCII bytes of `raw` without spaces, dashes, dots and slashes, upper-cased; `nil` when empty.
    ///
    /// Spreadsheets also turn long numbers into `7.707083893E9` or prefix an apostrophe; the apostrophe is
    /// dropped, the float form is left to fail loudly (its digits are lost).
    static func compact(_ raw: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for scalar in raw.unicodeScalars {
            if ScalarText.isSpace(scalar) || ScalarText.isDash(scalar) || ScalarText.isQuote(scalar) { continue }
            switch scalar.value {
            case 0x2E, 0x2F, 0x5F: continue  // . / _
            case 0xFF10...0xFF19: bytes.append(UInt8(scalar.value - 0xFF10 + 48))
            default:
                if scalar.value < 0x80 {
                    let byte = UInt8(scalar.value)
                    bytes.append(byte &- 97 < 26 ? byte - 32 : byte)
                } else {
                    bytes.append(0xFF)  // marks a non-ASCII character; never a digit
                }
            }
        }
        return bytes
    }

    @inline(__always)
    static func allDigits(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 &- 48 < 10 }
    }

    /// Weighted digit sum `mod 11 mod 10`, the check used by ИНН.
    @inline(__always)
    static func weightedCheck(_ digits: [UInt8], weights: [Int]) -> UInt8 {
        var sum = 0
        for index in weights.indices { sum += Int(digits[index] - 48) * weights[index] }
        return UInt8(sum % 11 % 10)
    }
}
