import Testing

@testable import GoldenCore

/// A Western company name and its Cyrillic rendering by ear meet on `CrossScriptSoundKey`; different names do not.
@Suite struct CrossScriptSoundKeyTests {
    static func key(_ name: String) -> String { CrossScriptSoundKey.encode(Transliteration.latinKey(name)) }

    @Test(arguments: [
        ("Brightline Europe Chemicals", "Брайтлайн Европа Кемикалс"), ("Stonebridge", "Стоунбридж"),
        ("Highland Energy", "Хайленд Энерджи"), ("Sunrise North", "Санрайз Норт"), ("Richmond", "Ричмонд"),
        ("Smith", "Смит"), ("Eurasia Technologies", "Евразия Текнолоджис"), ("Nova Foods", "Нова Фудс"),
        ("Bright Line", "Брайтлайн"), ("Romashka", "Ромашка"),
    ])
    func renderingsByEarMeet(_ latin: String, _ cyrillic: String) {
        #expect(Self.key(latin) == Self.key(cyrillic), "\(Self.key(latin)) vs \(Self.key(cyrillic))")
        #expect(!Self.key(latin).isEmpty)
    }

    @Test(arguments: [
        ("Ромашка", "Лютик"), ("Ромашка 1", "Ромашка 2"), ("Stonebridge", "Stanford"), ("Нова Фудс", "Нова Трейд"),
    ])
    func differentNamesStayApart(_ a: String, _ b: String) {
        #expect(Self.key(a) != Self.key(b))
    }

    @Test func onlyVowelsGiveNoKey() {
        #expect(CrossScriptSoundKey.encode("aia eu") == "f")
        #expect(CrossScriptSoundKey.encode("aia") == "")
        #expect(CrossScriptSoundKey.encode("") == "")
    }
}
