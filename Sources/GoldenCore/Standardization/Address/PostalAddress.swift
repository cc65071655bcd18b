/// A one-line postal address, cleaned, with the parts matching can compare without a geocoder.
public struct PostalAddress: Sendable, Codable, Hashable, MatchKeyed {
    /// The address with spaces collapsed and abbreviations in one canonical form (`ул.`, `д.`, `St`).
    public var text: String
    public var postcode: String?
    /// The city named after `г.`/`город` (Russian addresses only).
    public var city: String?
    /// The house number (`12`, `12А`, `12/3`).
    public var house: String?
    /// Lowercase words without postcode, country and punctuation, sorted and unique.
    public var tokens: [String]

    public init(text: String, postcode: String?, city: String?, house: String?, tokens: [String]) {
        self.text = text
        self.postcode = postcode
        self.city = city
        self.house = house
        self.tokens = tokens
    }

    public var canonical: String { text }

    public var matchKeys: [String: String] {
        var keys = ["tokens": tokens.joined(separator: " ")]
        keys["postcode"] = postcode
        keys["city"] = city.map(ScalarText.lowercased)
        keys["house"] = house
        return keys
    }
}
