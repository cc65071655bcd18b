/// A Russian taxpayer number (ИНН) that passed its checksum.
///
/// 10 digits for a legal entity, 12 for a person or sole trader (ИП). The check digits catch most typos, so an
/// INN that fails them is never used as a match key: matching on it could glue two different companies.
public struct INN: Sendable, Codable, Hashable, MatchKeyed {
    public enum Kind: String, Sendable, Codable, Hashable {
        case legalEntity = "legal_entity"
        case individual
    }

    public var digits: String
    public var kind: Kind

    /// Validates and wraps; `nil` when `digits` is not a valid ИНН.
    public init?(_ digits: String) {
        let bytes = Array(digits.utf8)
        guard INN.isValid(bytes) else { return nil }
        self.digits = digits
        self.kind = bytes.count == 10 ? .legalEntity : .individual
    }

    public var canonical: String { digits }
    public var matchKeys: [String: String] { ["inn": digits, "inn_kind": kind.rawValue] }

    static let weights10 = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    static let weights11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    static let weights12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]

    /// Checks length, digits and check digits (FNS algorithm, see connectors.md §6).
    public static func isValid(_ text: String) -> Bool { isValid(Array(text.utf8)) }

    static func isValid(_ bytes: [UInt8]) -> Bool {
        guard IdentifierText.allDigits(bytes) else { return false }
        switch bytes.count {
        case 10:
            return IdentifierText.weightedCheck(bytes, weights: weights10) == bytes[9] - 48
        case 12:
            return IdentifierText.weightedCheck(bytes, weights: weights11) == bytes[10] - 48
                && IdentifierText.weightedCheck(bytes, weights: weights12) == bytes[11] - 48
        default:
            return false
        }
    }

    /// Standardizes a raw ИНН: strips spaces and dashes, checks length and checksum.
    public static func standardize(_ raw: String) -> Standardized<INN> {
        let bytes = IdentifierText.compact(raw)
        if bytes.isEmpty { return .failure(.init("inn.empty", "inn is empty")) }
        guard IdentifierText.allDigits(bytes) else {
            return .failure(.init("inn.not_digits", "inn '\(raw)' must contain digits only"))
        }
        guard bytes.count == 10 || bytes.count == 12 else {
            return .failure(
                .init("inn.length", "inn '\(raw)' has \(bytes.count) digits; expected 10 (company) or 12 (person)"))
        }
        if bytes.allSatisfy({ $0 == 48 }) {
            return .failure(.init("inn.bad_checksum", "inn '\(raw)' is all zeros"))
        }
        guard isValid(bytes) else {
            return .failure(.init("inn.bad_checksum", "inn '\(raw)' fails its check digit"))
        }
        let digits = String(decoding: bytes, as: UTF8.self)
        return Standardized(value: INN(trusted: digits, kind: bytes.count == 10 ? .legalEntity : .individual))
    }

    init(trusted digits: String, kind: Kind) {
        self.digits = digits
        self.kind = kind
    }
}
