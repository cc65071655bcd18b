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
    }

    public var kind: Kind
    /// The identifier normalized to its canonical digits.
    public var value: String

    public init(kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }
}
