/// A telephone number in E.164 with its extension kept apart.
///
/// E.164 is the match key; the raw string stays on the attribute for display and write-back.
public struct PhoneNumber: Sendable, Codable, Hashable, MatchKeyed {
    /// `+` followed by the country calling code and the national significant number, digits only.
    public var e164: String
    /// The country calling code (7, 1, 44…), or `nil` when the code is not in the built-in table.
    public var callingCode: Int?
    /// The national significant number (no trunk prefix), when the calling code is known.
    public var nationalNumber: String?
    /// The extension (`доб. 123`, `ext 123`, `#123`), never part of the match key.
    public var extensionNumber: String?

    public init(e164: String, callingCode: Int?, nationalNumber: String?, extensionNumber: String? = nil) {
        self.e164 = e164
        self.callingCode = callingCode
        self.nationalNumber = nationalNumber
        self.extensionNumber = extensionNumber
    }

    /// E.164, followed by ` ext. N` when there is an extension (the standardizer reads that form back unchanged).
    public var canonical: String {
        if let extensionNumber { return "\(e164) ext. \(extensionNumber)" }
        return e164
    }

    public var matchKeys: [String: String] {
        var keys = ["e164": e164]
        if let nationalNumber { keys["national"] = nationalNumber }
        if let extensionNumber { keys["extension"] = extensionNumber }
        return keys
    }
}
