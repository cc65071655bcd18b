/// A Russian personal insurance number (СНИЛС): 9 digits and a 2-digit checksum.
///
/// Check: the sum of digit × (9…1) over the first nine digits; below 100 it is the checksum, 100 and 101 give
/// 00, above that take it modulo 101 (and 100 again gives 00). Numbers up to 001-001-998 predate the checksum
/// and are accepted as issued.
public struct SNILS: Sendable, Codable, Hashable, MatchKeyed {
    public var digits: String

    public init?(_ digits: String) {
        guard SNILS.isValid(Array(digits.utf8)) else { return nil }
        self.digits = digits
    }

    init(trusted digits: String) { self.digits = digits }

    /// The usual written form `XXX-XXX-XXX YY`.
    public var formatted: String {
        let d = Array(digits)
        return "\(String(d[0..<3]))-\(String(d[3..<6]))-\(String(d[6..<9])) \(String(d[9..<11]))"
    }

    public var canonical: String { digits }
    public var matchKeys: [String: String] { ["snils": digits] }

    public static func isValid(_ text: String) -> Bool { isValid(Array(text.utf8)) }

    static func checksum(_ bytes: some Collection<UInt8>) -> Int {
        var sum = 0
        for (index, byte) in bytes.prefix(9).enumerated() { sum += Int(byte - 48) * (9 - index) }
        if sum < 100 { return sum }
        if sum <= 101 { return 0 }
        let remainder = sum % 101
        return remainder == 100 ? 0 : remainder
    }

    static func isValid(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 11, IdentifierText.allDigits(bytes) else { return false }
        var number = 0
        for byte in bytes.prefix(9) { number = number * 10 + Int(byte - 48) }
        if number <= 1_001_998 { return true }
        return checksum(bytes) == Int(bytes[9] - 48) * 10 + Int(bytes[10] - 48)
    }

    public static func standardize(_ raw: String) -> Standardized<SNILS> {
        let bytes = IdentifierText.compact(raw)
        if bytes.isEmpty { return .failure(.init("snils.empty", "snils is empty")) }
        guard IdentifierText.allDigits(bytes) else {
            return .failure(.init("snils.not_digits", "snils '\(raw)' must contain digits only"))
        }
        guard bytes.count == 11 else {
            return .failure(.init("snils.length", "snils '\(raw)' has \(bytes.count) digits; expected 11"))
        }
        guard isValid(bytes), !bytes.allSatisfy({ $0 == 48 }) else {
            return .failure(.init("snils.bad_checksum", "snils '\(raw)' fails its checksum"))
        }
        return Standardized(value: SNILS(trusted: String(decoding: bytes, as: UTF8.self)))
    }
}
