import Testing

@testable import GoldenStore

/// The search keys lower-case ASCII and the Russian alphabet without Unicode's property tables; every other code
/// point goes to them. The shortcut must answer exactly what the tables answer.
@Suite("Search fold lower case")
struct SearchFoldLowerTests {
    @Test("the shortcut agrees with Unicode's lower-case mapping on every code point of the first plane")
    func everyScalar() {
        var checked = 0
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }  // surrogates
            #expect(
                GoldenSearchKeys.lower(scalar) == GoldenSearchKeys.scalarLowercasedByProperty(scalar),
                "U+\(String(value, radix: 16, uppercase: true))")
            checked += 1
        }
        #expect(checked == 0x10000 - 0x800)
    }

    @Test("folding spells Cyrillic digraphs, drops hard and soft signs, and merges kh, x, w, y and j")
    func folding() {
        #expect(GoldenSearchKeys.fold("ЩУКИН Жорж") == "shchukin zhorzh")
        #expect(GoldenSearchKeys.fold("Подъезд Ёлки") == "podezd elki")
        #expect(GoldenSearchKeys.fold("Xerox Wind Yoyo Jj") == "kseroks vind ioio ii")
        #expect(GoldenSearchKeys.fold("Кх кк Ko") == "kh kk ko")
        #expect(GoldenSearchKeys.fold("Ξk") == "ξk")
    }
}
