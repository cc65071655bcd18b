/// An organization name split into its legal form and its own name, with match keys.
public struct CompanyName: Sendable, Codable, Hashable, MatchKeyed {
    /// The display form: `ООО «Ромашка»`, `Romashka LLC`, or the bare name when no form was found.
    public var display: String
    /// The name without legal form and quotes, as written (`Ромашка`).
    public var name: String
    public var legalForm: LegalForm?
    /// Transliterated, folded name without noise words: `ООО «Ромашка»` and `Romashka LLC` share `romashka`.
    public var nameKey: String
    /// The key's words, sorted and unique (word-order-free comparison).
    public var tokens: [String]

    public init(display: String, name: String, legalForm: LegalForm?, nameKey: String, tokens: [String]) {
        self.display = display
        self.name = name
        self.legalForm = legalForm
        self.nameKey = nameKey
        self.tokens = tokens
    }

    public var canonical: String { display }

    public var matchKeys: [String: String] {
        var keys = ["name_key": nameKey, "tokens": tokens.joined(separator: " ")]
        if let legalForm { keys["legal_form"] = legalForm.code.rawValue }
        return keys
    }
}
