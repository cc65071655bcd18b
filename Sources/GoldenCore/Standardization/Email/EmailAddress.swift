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

    /// The same value as `init(localPart:domain:isFreeMail:isRole:)` builds, for a local part that is all ASCII
    /// (as `EmailStandardizer` guarantees): the address and key are written from bytes in one allocation each,
    /// and the key shares the address's storage when the local part has no capitals.
    init(asciiLocalPart local: UnsafeBufferPointer<UInt8>, domain: String, isFreeMail: Bool, isRole: Bool) {
        let domainCount = domain.utf8.count
        func joined(lowercasingLocal: Bool) -> String {
            String(utf8Capacity: local.count + 1 + domainCount) { text in
                if lowercasingLocal {
                    for byte in local { text.append(byte &- 65 < 26 ? byte + 32 : byte) }
                } else {
                    text.append(contentsOf: local)
                }
                text.append(UInt8(ascii: "@"))
                ScalarText.withUTF8(domain) { text.append(contentsOf: $0) }
            }
        }
        self.localPart = String(decoding: local, as: UTF8.self)
        self.domain = domain
        self.address = joined(lowercasingLocal: false)
        self.key = local.contains(where: { $0 &- 65 < 26 }) ? joined(lowercasingLocal: true) : address
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
