/// The name of one attribute a configuration can block on, compare or constrain.
///
/// It is an open, string-backed struct rather than an enum because the set of match keys grows with the
/// standardizers (a new key must not need a change here), while the well-known names below keep configurations
/// free of typos.
public struct MatchAttribute: RawRepresentable, Hashable, Comparable, Codable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: MatchAttribute, rhs: MatchAttribute) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Suffix of a derived attribute whose values are the whitespace-separated tokens of the base attribute.
    static let tokenSuffix = "#tokens"

    /// The token set of this attribute (each value split on whitespace), for token-overlap levels on company
    /// names or addresses that arrive as one string. Derived inside the record table, so adapters need not split.
    public var tokens: MatchAttribute { MatchAttribute(rawValue + Self.tokenSuffix) }

    /// The attribute a derived attribute is computed from, or `nil` for a plain attribute.
    var tokenBase: MatchAttribute? {
        guard rawValue.hasSuffix(Self.tokenSuffix) else { return nil }
        return MatchAttribute(String(rawValue.dropLast(Self.tokenSuffix.count)))
    }
}

extension MatchAttribute {
    public static let name: MatchAttribute = "name"
    public static let nameKey: MatchAttribute = "name_key"
    public static let translitKey: MatchAttribute = "translit_key"
    public static let phoneticKey: MatchAttribute = "phonetic_key"
    /// A company name's consonants as heard across scripts (``CrossScriptSoundKey``), so `Brightline` meets
    /// `Брайтлайн`. Derived from ``nameKey`` when a record is read, never stored.
    public static let nameSound: MatchAttribute = "name_sound"
    public static let given: MatchAttribute = "given"
    public static let givenTranslit: MatchAttribute = "given_translit"
    public static let givenInitial: MatchAttribute = "given_initial"
    public static let family: MatchAttribute = "family"
    public static let familyTranslit: MatchAttribute = "family_translit"
    public static let inn: MatchAttribute = "inn"
    public static let kpp: MatchAttribute = "kpp"
    public static let ogrn: MatchAttribute = "ogrn"
    /// A person's government id as `kind:value`, whatever the kind (checked SNILS/INN or an opaque id).
    public static let nationalID: MatchAttribute = "national_id"
    /// The ids of ``nationalID`` whose kind has check digits (SNILS, a person's INN): a typo almost never yields
    /// another valid one, so these alone are facts for hard rules. Derived when a record is read, never stored.
    public static let verifiedNationalID: MatchAttribute = "verified_national_id"
    public static let email: MatchAttribute = "email"
    public static let emailDomain: MatchAttribute = "email_domain"
    public static let phone: MatchAttribute = "phone"
    public static let city: MatchAttribute = "city"
    public static let postcode: MatchAttribute = "postcode"
    public static let addressTokens: MatchAttribute = "address_tokens"
    public static let birthDate: MatchAttribute = "birth_date"
    public static let employerCluster: MatchAttribute = "employer_cluster"
    /// A person's employer as `source/key`, stored at landing and resolved to ``employerCluster`` at match time.
    public static let employerRef: MatchAttribute = "employer_ref"
    /// A person's numbers that are not also an organization's number (switchboards are shared by colleagues).
    public static let personalPhone: MatchAttribute = "personal_phone"
    /// Folded family and given name, sorted and joined: equal when the two name fields were swapped.
    public static let namePair: MatchAttribute = "name_pair"
    /// First word of a name key plus the initials of the others: `sokolov dmitri antonovich` → `sokolov d a`.
    public static let nameInitials: MatchAttribute = "name_initials"
}
