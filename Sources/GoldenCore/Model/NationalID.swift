/// A person's government identifier, generic over the kind so new countries need no new type.
public struct NationalID: Sendable, Codable, Hashable {
    /// The kind of identifier, an open set of stable names.
    public struct Kind: RawRepresentable, Sendable, Codable, Hashable, ExpressibleByStringLiteral {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }

        /// Russian personal insurance number (СНИЛС), 11 digits with a checksum.
        public static let snils: Kind = "snils"
        /// Russian personal taxpayer number (ИНН физлица), 12 digits.
        public static let innPerson: Kind = "inn_person"

        /// Whether ids of this kind were validated by check digits when standardized. A typo almost never yields
        /// another valid id of such a kind, so two different ones are two persons (a hard rule); an opaque kind
        /// (`ssn`, `other`) has no such check and is only evidence.
        public var hasCheckDigits: Bool { self == .snils || self == .innPerson }
    }

    public var kind: Kind
    /// The identifier normalized to its canonical digits.
    public var value: String

    public init(kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }

    /// The id as stored and matched: `kind:value` (`snils:11223344595`, `ssn:123456789`). The kind travels with
    /// the value, so two ids of different kinds never compare equal and a reader needs no mapping to know it.
    public var storedForm: String { "\(kind.rawValue):\(value)" }

    /// Reads ``storedForm``; `nil` when there is no `kind:` prefix.
    public init?(storedForm: some StringProtocol) {
        guard let colon = storedForm.firstIndex(of: ":"), colon != storedForm.startIndex else { return nil }
        self.init(
            kind: Kind(rawValue: String(storedForm[..<colon])),
            value: String(storedForm[storedForm.index(after: colon)...]))
    }
}
