/// Record ids in each source's own style, derived from a unique per-source key so they never collide.
///
/// Ids are computed, not stored: a contact's `AccountId` can be produced without looking the account up,
/// which keeps the dataset lazy. The key packs (organization, person ordinal, copy) and is injective.
enum SourceIdentifiers {
    private static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".unicodeScalars)
    private static let suffixAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".unicodeScalars)

    /// 18-character Salesforce id: key prefix (001 Account, 003 Contact, 005 User), a 2-character instance
    /// code per org, a reserved "0", nine base-62 digits, and the real case-folding checksum suffix.
    static func salesforce(prefix: String, source: String, key: UInt64) -> String {
        let podHash = SplitMix64.hash(source)
        var scalars = Array(prefix.unicodeScalars)
        scalars.append(base62[Int(podHash % 62)])
        scalars.append(base62[Int(podHash / 62 % 62)])
        scalars.append("0")
        var digits: [Unicode.Scalar] = []
        var value = key + 1_000_000
        for _ in 0..<9 {
            digits.append(base62[Int(value % 62)])
            value /= 62
        }
        scalars.append(contentsOf: digits.reversed())
        for chunk in 0..<3 {
            var bits = 0
            for offset in 0..<5 where ("A"..."Z").contains(scalars[chunk * 5 + offset]) {
                bits |= 1 << offset
            }
            scalars.append(suffixAlphabet[bits])
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return String(text)
    }

    /// Lower-case UUID (version 4 layout). The low 64 bits are a bijection of the key, so ids are unique.
    static func uuid(seed: UInt64, source: String, kind: UInt64, key: UInt64) -> String {
        var rng = SplitMix64(seed: seed, SplitMix64.hash(source), kind, key)
        var high = rng.next()
        high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        // A bijection on 62 bits (xor, odd multipliers, xor-shifts), topped with the RFC 4122 variant bits.
        let mask: UInt64 = (1 << 62) - 1
        var low = (key ^ (kind << 58) ^ SplitMix64.hash(source)) & mask
        low = (low &* 0x9E37_79B9_7F4A_7C15) & mask
        low ^= low >> 29
        low = (low &* 0xBF58_476D_1CE4_E5B9) & mask
        low ^= low >> 32
        low |= 0x8000_0000_0000_0000
        let hex = hex16(high) + hex16(low)
        let chars = Array(hex)
        return String(chars[0..<8]) + "-" + String(chars[8..<12]) + "-" + String(chars[12..<16]) + "-"
            + String(chars[16..<20]) + "-" + String(chars[20..<32])
    }

    private static func hex16(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
