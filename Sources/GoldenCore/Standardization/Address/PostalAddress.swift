/// A one-line postal address, cleaned, with the parts matching can compare without a geocoder.
public struct PostalAddress: Sendable, Codable, Hashable, MatchKeyed {
    /// The address with spaces collapsed and abbreviations in one canonical form (`ул.`, `д.`, `St`).
    public var text: String
    public var postcode: String?
    /// The town: named after `г.`/`город`, else the first plain comma group of a town-first address, else (street-first
    /// regions) the words next to the postcode.
    public var city: String?
    /// The house number (`12`, `12А`, `12/3`).
    public var house: String?
    /// Lowercase words without postcode, country and punctuation, sorted, unique and joined by single spaces.
    ///
    /// One string rather than an array: an address has about eight words, most of them Cyrillic and too long for
    /// an inline small string, so an array cost eight heap strings per address on the standardization hot path.
    /// Words never contain a space, so splitting on it gives `tokens` back.
    public var tokenText: String

    /// The words of `tokenText`.
    public var tokens: [String] {
        get { tokenText.isEmpty ? [] : tokenText.split(separator: " ").map(String.init) }
        set { tokenText = newValue.joined(separator: " ") }
    }

    public init(text: String, postcode: String?, city: String?, house: String?, tokens: [String]) {
        self.init(text: text, postcode: postcode, city: city, house: house, tokenText: tokens.joined(separator: " "))
    }

    public init(text: String, postcode: String?, city: String?, house: String?, tokenText: String) {
        self.text = text
        self.postcode = postcode
        self.city = city
        self.house = house
        self.tokenText = tokenText
    }

    // Encoded with `tokens` as an array, the shape stored and exchanged before `tokenText` existed.
    private enum CodingKeys: String, CodingKey {
        case text, postcode, city, house, tokens
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            text: try container.decode(String.self, forKey: .text),
            postcode: try container.decodeIfPresent(String.self, forKey: .postcode),
            city: try container.decodeIfPresent(String.self, forKey: .city),
            house: try container.decodeIfPresent(String.self, forKey: .house),
            tokens: try container.decode([String].self, forKey: .tokens))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(postcode, forKey: .postcode)
        try container.encodeIfPresent(city, forKey: .city)
        try container.encodeIfPresent(house, forKey: .house)
        try container.encode(tokens, forKey: .tokens)
    }

    public var canonical: String { text }

    public var matchKeys: [String: String] {
        var keys = ["tokens": tokenText]
        keys["postcode"] = postcode
        keys["city"] = city.map(ScalarText.lowercased)
        keys["house"] = house
        return keys
    }
}
