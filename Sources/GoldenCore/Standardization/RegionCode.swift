/// An ISO 3166-1 alpha-2 region code (`RU`, `US`, `GB`…) used as the default region of a source's values.
///
/// A struct rather than an enum: sources may name any region; standardizers that know nothing special about it
/// fall back to generic rules.
public struct RegionCode: RawRepresentable, Sendable, Codable, Hashable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String

    /// Uppercases the code so `ru` and `RU` are one region.
    public init(rawValue: String) { self.rawValue = ScalarText.uppercasedASCII(rawValue) }
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    public var description: String { rawValue }

    public static let ru: RegionCode = "RU"
    public static let us: RegionCode = "US"
    public static let ca: RegionCode = "CA"
    public static let gb: RegionCode = "GB"
    public static let de: RegionCode = "DE"
    public static let kz: RegionCode = "KZ"
    public static let by: RegionCode = "BY"
    public static let ua: RegionCode = "UA"
    public static let uz: RegionCode = "UZ"

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
