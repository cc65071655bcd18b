import PropertyBased
import Testing

@testable import GoldenCore

/// `WebDomain` finds the host on bytes when every scalar is its own grapheme cluster, and with `Character`
/// semantics otherwise. Both paths must cut the same host out of the same text.
@Suite struct WebDomainTests {
    /// URL-shaped text: schemes, separators, user info, ports, `www.`, mixed case, Cyrillic and Latin-1 hosts,
    /// letters whose lowercase is not ASCII (`İ`, the Kelvin sign), and pieces in any order.
    static let urlPieces = Gen<String?>.element(of: [
        "http", "https", "://", ":/", ":", "/", "//", "?", "#", "@", ".", "..", "www.", "WWW.", "Www", "Romashka",
        "ромашка", "РФ", "ru", "com", "8080", "user", "pass", "é", "ß", "İ", "\u{212A}", "-", " ", "Ё", "x", "Q=1",
    ]).map { $0! }.array(of: 0...10).map { $0.joined() }

    @Test func bytePathMatchesCharacterPath() async {
        var compared = 0
        await propertyCheck(count: 2_000, input: Self.urlPieces) { raw in
            let text = ScalarText.collapseSpaces(raw)
            let fast = ScalarText.withUTF8(text) { bytes -> String? in
                ScalarText.hasSimpleGraphemes(bytes) ? WebDomain.simpleHost(utf8: bytes) : nil
            }
            guard let fast else { return }
            compared += 1
            #expect(fast == WebDomain.characterHost(Substring(text)), "\(text.debugDescription)")
        }
        // Only text with the Kelvin sign (above U+0300, not Cyrillic) takes the Character path alone; about four
        // cases in five are compared.
        #expect(compared >= 1_000)
    }

    @Test(arguments: [
        ("https://WWW.Romashka.ru/contacts", "romashka.ru"), ("user:pass@romashka.ru:8080/x?y#z", "romashka.ru"),
        ("http://ромашка.РФ.", "ромашка.рф"), ("www.", "www"), ("romashka.ru", "romashka.ru"),
    ])
    func knownHosts(_ raw: String, _ host: String) {
        let bytes = ScalarText.withUTF8(raw) { WebDomain.simpleHost(utf8: $0) }
        #expect(bytes == host)
        #expect(WebDomain.characterHost(Substring(raw)) == host)
    }
}
