/// A company's web domain: the registrable host without scheme, `www.`, port or path.
///
/// A shared corporate domain is a strong company signal; comparing whole URLs is not (paths and schemes vary).
public struct WebDomain: Sendable, Codable, Hashable, MatchKeyed {
    public var host: String

    public init(host: String) {
        self.host = host
    }

    public var canonical: String { host }
    public var matchKeys: [String: String] { ["domain": host] }

    /// Standardizes a website field: `https://WWW.Romashka.ru/contacts` → `romashka.ru`.
    public static func standardize(_ raw: String) -> Standardized<WebDomain> {
        var text = Substring(ScalarText.collapseSpaces(raw))
        if text.isEmpty { return .failure(.init("website.empty", "website is empty")) }
        if let scheme = text.firstRange(of: "://") { text = text[scheme.upperBound...] }
        if let end = text.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { text = text[..<end] }
        if let at = text.lastIndex(of: "@") { text = text[text.index(after: at)...] }
        if let colon = text.lastIndex(of: ":") { text = text[..<colon] }
        var host = EmailStandardizer.lowercasedDomain(text)
        while host.hasSuffix(".") { host.removeLast() }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        if let problem = EmailStandardizer.domainProblem(host) {
            return .failure(.init("website.syntax", "website '\(raw)': host \(problem)"))
        }
        return Standardized(value: WebDomain(host: host))
    }
}
