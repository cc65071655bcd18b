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
        let text = ScalarText.collapseSpaces(raw)
        if text.isEmpty { return .failure(.init("website.empty", "website is empty")) }
        let fast = ScalarText.withUTF8(text) { bytes -> String? in
            // Byte search finds the same separators as `Character` search only when no separator can be part of a
            // larger grapheme cluster (a `/` followed by a combining mark is not the `Character` "/").
            guard ScalarText.hasSimpleGraphemes(bytes) else { return nil }
            return simpleHost(utf8: bytes)
        }
        let host = fast ?? characterHost(Substring(text))
        if let problem = EmailStandardizer.domainProblem(host) {
            return .failure(.init("website.syntax", "website '\(raw)': host \(problem)"))
        }
        return Standardized(value: WebDomain(host: host))
    }

    /// The lowercase host of a URL in UTF-8 whose every scalar is its own grapheme cluster.
    ///
    /// The `Character`-level version (`characterHost`) spent most of the organization standardizer's time in
    /// grapheme breaking and `Substring` index arithmetic; this one finds the same cut points on bytes and builds
    /// one string at the end.
    static func simpleHost(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        var start = 0
        var end = bytes.count
        // After the first "://".
        var i = 0
        while i + 2 < end {
            if bytes[i] == UInt8(ascii: ":") && bytes[i + 1] == UInt8(ascii: "/") && bytes[i + 2] == UInt8(ascii: "/") {
                start = i + 3
                break
            }
            i += 1
        }
        // Before the first path, query or fragment separator.
        i = start
        while i < end {
            let byte = bytes[i]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") {
                end = i
                break
            }
            i += 1
        }
        // After the last "@" (user info), then before the last ":" (port).
        i = end
        while i > start {
            i -= 1
            if bytes[i] == UInt8(ascii: "@") {
                start = i + 1
                break
            }
        }
        i = end
        while i > start {
            i -= 1
            if bytes[i] == UInt8(ascii: ":") {
                end = i
                break
            }
        }
        // Lowercase (as `EmailStandardizer.lowercasedDomain`), then drop trailing dots and a leading "www.".
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
        var host: [UInt8]
        if !slice.contains(where: { $0 >= 0x80 }) {
            host = slice.map { $0 &- 65 < 26 ? $0 + 32 : $0 }
        } else {
            host = Array(ScalarText.lowercased(String(decoding: slice, as: UTF8.self)).utf8)
        }
        while host.last == UInt8(ascii: ".") { host.removeLast() }
        // Every leading "www." (see `characterHost`).
        var cut = 0
        while host.count - cut >= 4, host[cut] == UInt8(ascii: "w"), host[cut + 1] == UInt8(ascii: "w"),
            host[cut + 2] == UInt8(ascii: "w"), host[cut + 3] == UInt8(ascii: ".")
        {
            cut += 4
        }
        host.removeFirst(cut)
        return ScalarText.string(host)
    }

    /// The host found with `Character` semantics, for text with combining marks and other multi-scalar clusters.
    static func characterHost(_ url: Substring) -> String {
        var text = url
        if let scheme = text.firstRange(of: "://") { text = text[scheme.upperBound...] }
        if let end = text.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { text = text[..<end] }
        if let at = text.lastIndex(of: "@") { text = text[text.index(after: at)...] }
        if let colon = text.lastIndex(of: ":") { text = text[..<colon] }
        var host = EmailStandardizer.lowercasedDomain(text)
        while host.hasSuffix(".") { host.removeLast() }
        // Every leading "www.", not only the first: `www.www.romashka.ru` kept `www.romashka.ru`, which standardized
        // again to `romashka.ru`. A `www` label is never the registrable part of a host.
        while host.hasPrefix("www.") { host.removeFirst(4) }
        return host
    }
}
