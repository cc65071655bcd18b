/// Public mailbox providers: an address there says nothing about the company a person works for.
///
/// Passed in as a value so a deployment can extend it (regional providers, corporate aliases) without code.
public struct FreeMailDomains: Sendable, Hashable {
    public var domains: Set<String> {
        didSet { asciiDomains = ByteSet(ascii: domains) }
    }
    /// `domains` as bytes when all are ASCII (see `ByteSet(ascii:)`); `nil` sends lookups to the set.
    private var asciiDomains: ByteSet?

    /// - Parameter domains: Lowercase domain names.
    public init(_ domains: some Sequence<String>) {
        self.domains = Set(domains.map(ScalarText.lowercased))
        self.asciiDomains = ByteSet(ascii: self.domains)
    }

    public func contains(_ domain: String) -> Bool {
        if let asciiDomains, let found = domain.utf8.withContiguousStorageIfAvailable({ asciiDomains.contains($0) }) {
            return found
        }
        return domains.contains(domain)
    }

    public static func == (lhs: FreeMailDomains, rhs: FreeMailDomains) -> Bool { lhs.domains == rhs.domains }

    public func hash(into hasher: inout Hasher) { hasher.combine(domains) }

    /// Common Russian, CIS and international providers.
    public static let builtIn = FreeMailDomains([
        "gmail.com", "googlemail.com", "mail.ru", "bk.ru", "list.ru", "inbox.ru", "internet.ru", "mail.ua",
        "yandex.ru", "yandex.com", "yandex.by", "yandex.kz", "yandex.ua", "ya.ru", "narod.ru", "rambler.ru",
        "lenta.ru", "autorambler.ru", "myrambler.ru", "ro.ru", "outlook.com", "hotmail.com", "hotmail.co.uk",
        "live.com", "msn.com", "yahoo.com", "yahoo.co.uk", "ymail.com", "icloud.com", "me.com", "mac.com",
        "aol.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "t-online.de", "proton.me", "protonmail.com",
        "zoho.com", "qip.ru", "pochta.ru", "ukr.net", "tut.by", "i.ua", "meta.ua", "mail.com", "tutanota.com",
        "yahoo.de", "outlook.de", "hotmail.de", "qq.com", "163.com", "126.com", "почта.рф",
    ])
}
