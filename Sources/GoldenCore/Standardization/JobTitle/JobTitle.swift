/// A job title with its canonical code when the dictionary knows it.
public struct JobTitle: Sendable, Codable, Hashable, MatchKeyed {
    /// The canonical title code (`CEO`, `CHIEF_ACCOUNTANT`), or `nil` when the title is not in the dictionary.
    public var code: String?
    /// The title as written, spaces collapsed (what a steward reads).
    public var text: String
    /// Seniority of the code (higher is more senior), used when one field names several roles.
    public var rank: Int?

    public init(code: String?, text: String, rank: Int? = nil) {
        self.code = code
        self.text = text
        self.rank = rank
    }

    /// The code when known, otherwise the cleaned text.
    public var canonical: String { code ?? text }

    public var matchKeys: [String: String] {
        guard let code else { return [:] }
        return ["title_code": code]
    }
}
