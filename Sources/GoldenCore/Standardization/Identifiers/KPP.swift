/// A Russian tax registration reason code (КПП): 4 digits of tax office, 2 of reason, 3 of serial.
///
/// КПП has no checksum, so only the format `^\d{4}[\dA-Z]{2}\d{3}$` is checked. One ИНН can have several КПП
/// (branches), so branch-level matching keys on the pair.
public struct KPP: Sendable, Codable, Hashable, MatchKeyed {
    public var value: String

    public init?(_ value: String) {
        guard KPP.isValid(Array(value.utf8)) else { return nil }
        self.value = value
    }

    init(trusted value: String) { self.value = value }

    /// The tax office (first four digits); its first two are the region.
    public var taxOffice: Substring { value.prefix(4) }
    /// The reason code (`01` = the organisation's own location).
    public var reason: Substring { value.dropFirst(4).prefix(2) }

    public var canonical: String { value }
    public var matchKeys: [String: String] { ["kpp": value, "kpp_reason": String(reason)] }

    static func isValid(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 9 else { return false }
        for (index, byte) in bytes.enumerated() {
            let digit = byte &- 48 < 10
            if index == 4 || index == 5 {
                guard digit || byte &- 65 < 26 else { return false }
            } else {
                guard digit else { return false }
            }
        }
        return true
    }

    public static func standardize(_ raw: String) -> Standardized<KPP> {
        let bytes = IdentifierText.compact(raw)
        if bytes.isEmpty { return .failure(.init("kpp.empty", "kpp is empty")) }
        guard bytes.count == 9 else {
            return .failure(.init("kpp.length", "kpp '\(raw)' has \(bytes.count) characters; expected 9"))
        }
        guard isValid(bytes) else {
            return .failure(
                .init("kpp.format", "kpp '\(raw)' must be 4 digits, 2 digits or letters A–Z, then 3 digits"))
        }
        if bytes.allSatisfy({ $0 == 48 }) {
            return .failure(.init("kpp.format", "kpp '\(raw)' is all zeros"))
        }
        return Standardized(value: KPP(trusted: String(decoding: bytes, as: UTF8.self)))
    }
}
