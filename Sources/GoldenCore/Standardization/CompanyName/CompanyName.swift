/// An organization name split into its legal form and its own name, with match keys.
public struct CompanyName: Sendable, Codable, Hashable, MatchKeyed {
    /// The display form: `ООО «Ромашка»`, `Romashka LLC`, or the bare name when no form was found.
    public var display: String
    /// The name without legal form and quotes, as written (`Ромашка`).
    public var name: String
    public var legalForm: LegalForm?
    /// Transliterated, folded name without noise words: `ООО «Ромашка»` and `Romashka LLC` share `romashka`.
    public var nameKey: String
    /// The key's words, sorted, unique and joined by single spaces (word-order-free comparison).
    ///
    /// One string rather than an array of words, for the same reason as `PostalAddress.tokenText`: the array and
    /// a string per word were most of what building the tokens cost.
    public var tokenText: String

    /// The words of `tokenText`.
    public var tokens: [String] {
        get { tokenText.isEmpty ? [] : tokenText.split(separator: " ").map(String.init) }
        set { tokenText = newValue.joined(separator: " ") }
    }

    public init(display: String, name: String, legalForm: LegalForm?, nameKey: String, tokens: [String]) {
        self.init(
            display: display, name: name, legalForm: legalForm, nameKey: nameKey,
            tokenText: tokens.joined(separator: " "))
    }

    public init(display: String, name: String, legalForm: LegalForm?, nameKey: String, tokenText: String) {
        self.display = display
        self.name = name
        self.legalForm = legalForm
        self.nameKey = nameKey
        self.tokenText = tokenText
    }

    // Encoded with `tokens` as an array, the shape stored and exchanged before `tokenText` existed.
    private enum CodingKeys: String, CodingKey {
        case display, name, legalForm, nameKey, tokens
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            display: try container.decode(String.self, forKey: .display),
            name: try container.decode(String.self, forKey: .name),
            legalForm: try container.decodeIfPresent(LegalForm.self, forKey: .legalForm),
            nameKey: try container.decode(String.self, forKey: .nameKey),
            tokens: try container.decode([String].self, forKey: .tokens))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(display, forKey: .display)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(legalForm, forKey: .legalForm)
        try container.encode(nameKey, forKey: .nameKey)
        try container.encode(tokens, forKey: .tokens)
    }

    public var canonical: String { display }

    public var matchKeys: [String: String] {
        var keys = ["name_key": nameKey, "tokens": tokenText]
        if let legalForm { keys["legal_form"] = legalForm.code.rawValue }
        return keys
    }
}
