/// A Russian state registration number: ОГРН (13 digits, legal entity) or ОГРНИП (15 digits, sole trader).
///
/// The check digit is the number before it modulo 11 (ОГРН) or 13 (ОГРНИП), then modulo 10; both fit in Int64.
public struct OGRN: Sendable, Codable, Hashable, MatchKeyed {
    public enum Kind: String, Sendable, Codable, Hashable {
        case legalEntity = "legal_entity"
        case soleTrader = "sole_trader"
    }

    public var digits: String
    public var kind: Kind

    public init?(_ digits: String) {
        let bytes = Array(digits.utf8)
        guard OGRN.isValid(bytes) else { return nil }
        self.digits = digits
        self.kind = bytes.count == 13 ? .legalEntity : .soleTrader
    }

    init(trusted digits: String, kind: Kind) {
        self.digits = digits
        self.kind = kind
    }

    public var canonical: String { digits }
    public var matchKeys: [String: String] { ["ogrn": digits, "ogrn_kind": kind.rawValue] }

    public static func isValid(_ text: String) -> Bool { isValid(Array(text.utf8)) }

    static func isValid(_ bytes: [UInt8]) -> Bool {
        guard IdentifierText.allDigits(bytes), bytes.count == 13 || bytes.count == 15 else { return false }
        // Record sign: 1 or 5 for a legal entity, 3 for a sole trader.
        if bytes.count == 13 ? !(bytes[0] == 49 || bytes[0] == 53) : bytes[0] != 51 { return false }
        var number: Int64 = 0
        for byte in bytes.dropLast() { number = number * 10 + Int64(byte - 48) }
        let modulus: Int64 = bytes.count == 13 ? 11 : 13
        return UInt8(number % modulus % 10) == bytes[bytes.count - 1] - 48
    }

    public static func standardize(_ raw: String) -> Standardized<OGRN> {
        let bytes = IdentifierText.compact(raw)
        if bytes.isEmpty { return .failure(.init("ogrn.empty", "ogrn is empty")) }
        guard IdentifierText.allDigits(bytes) else {
            return .failure(.init("ogrn.not_digits", "ogrn '\(raw)' must contain digits only"))
        }
        guard bytes.count == 13 || bytes.count == 15 else {
            return .failure(
                .init(
                    "ogrn.length",
                    "ogrn '\(raw)' has \(bytes.count) digits; expected 13 (ОГРН) or 15 (ОГРНИП)"))
        }
        if bytes.count == 13 ? !(bytes[0] == 49 || bytes[0] == 53) : bytes[0] != 51 {
            return .failure(
                .init(
                    "ogrn.format",
                    "ogrn '\(raw)' must start with 1 or 5 (ОГРН) or 3 (ОГРНИП)"))
        }
        guard isValid(bytes) else {
            return .failure(.init("ogrn.bad_checksum", "ogrn '\(raw)' fails its check digit"))
        }
        let kind: Kind = bytes.count == 13 ? .legalEntity : .soleTrader
        return Standardized(value: OGRN(trusted: String(decoding: bytes, as: UTF8.self), kind: kind))
    }
}
