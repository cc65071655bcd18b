/// A syntactically valid e-mail address with its classification.
public struct EmailAddress: Sendable, Codable, Hashable, MatchKeyed {
    /// `local@domain` with the domain lowercased and the local part as written (it is case-sensitive in theory).
    public var address: String
    public var localPart: String
    /// The lowercased domain; internationalized (Cyrillic) domains stay in Unicode.
    public var domain: String
    /// The whole address lowercased: the match key (no real mailbox differs only by case).
    public var key: String
    /// The domain is a public mailbox provider, so it says nothing about the employer.
    public var isFreeMail: Bool
    /// A shared role mailbox (`info@`, `sales@`, `buh@`…): a weak identifier of a person.
    public var isRole: Bool

    public init(localPart: String, domain: String, isFreeMail: Bool, isRole: Bool) {
        self.localPart = localPart
        self.domain = domain
        self.address = localPart + "@" + domain
        let lowerLocal = ScalarText.lowercased(localPart)
        self.key = lowerLocal == localPart ? address : lowerLocal + "@" + domain
        self.isFreeMail = isFreeMail
        self.isRole = isRole
    }

    public var canonical: String { address }

    public var matchKeys: [String: String] {
        var keys = ["email": key, "free_mail": isFreeMail ? "true" : "false", "role": isRole ? "true" : "false"]
        if !isFreeMail { keys["domain"] = domain }
        return keys
    }
}
