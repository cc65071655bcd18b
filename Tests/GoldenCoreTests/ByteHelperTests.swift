import PropertyBased
import Testing

@testable import GoldenCore

/// The byte-level helpers behind the fast paths must agree with the plain (`Dictionary`, `Character`, `Set`)
/// code they replaced.
@Suite struct ByteHelperTests {
    static let anyText = PropertyTests.anyText

    // MARK: - ByteTable / ByteSet

    @Test func byteTableMatchesDictionary() {
        let words = ["", "a", "ab", "ул", "улица", "ёлка", "елка", "корп", "к", "St", "street", "日本", "x"]
        var dictionary: [[UInt8]: Int] = [:]
        var pairs: [([UInt8], Int)] = []
        for (index, word) in (words + words.prefix(4)).enumerated() {
            dictionary[Array(word.utf8)] = index  // a later value replaces an earlier one
            pairs.append((Array(word.utf8), index))
        }
        let table = ByteTable(pairs)
        #expect(table.count == dictionary.count)
        for word in words + ["b", "улиц", "улицаа", "Ул", "日", "xx"] {
            let key = Array(word.utf8)
            #expect(table.value(key) == dictionary[key], "\(word)")
            #expect(table.value(key[...]) == dictionary[key])
            #expect(table.contains(key) == (dictionary[key] != nil))
        }
        // Slices of a larger buffer are looked up without copying.
        let buffer = Array("xулицаy".utf8)
        #expect(table.value(buffer[1..<(buffer.count - 1)]) == dictionary[Array("улица".utf8)])
        let set = ByteSet(words.map { Array($0.utf8) })
        #expect(set.count == Set(words).count)
        #expect(set.contains(Array("корп".utf8)))
        #expect(!set.contains(Array("кор".utf8)))
    }

    @Test func byteTableFromDictionaryKeepsEveryPair() async {
        await propertyCheck(count: 100, input: Self.anyText.array(of: 0...30)) { keys in
            var dictionary: [[UInt8]: Int] = [:]
            for (index, key) in keys.enumerated() { dictionary[Array(key.utf8)] = index }
            let table = ByteTable(dictionary)
            for (key, value) in dictionary { #expect(table.value(key) == value) }
            #expect(table.value(Array("\u{1}never".utf8)) == nil)
        }
    }

    // MARK: - ScalarText

    @Test func decodeMatchesUnicodeScalars() async {
        await propertyCheck(count: 200, input: Self.anyText) { text in
            let bytes = Array(text.utf8)
            var decoded: [UInt32] = []
            bytes.withUnsafeBufferPointer { buffer in
                var i = 0
                while i < buffer.count {
                    let (value, length) = ScalarText.decode(buffer, at: i)
                    decoded.append(value)
                    i += length
                }
            }
            #expect(decoded == text.unicodeScalars.map(\.value))
        }
    }

    @Test func lookupBytesAreLowercaseWithYoFolded() async {
        #expect(ScalarText.lookupBytes("ЁЛКА Ёж") == Array("елка еж".utf8))
        #expect(ScalarText.lookupBytes(Substring("IVANOV")) == Array("ivanov".utf8))
        await propertyCheck(count: 200, input: Self.anyText) { text in
            var expected: [UInt8] = []
            for scalar in text.unicodeScalars { ScalarText.appendLookup(scalar, to: &expected) }
            #expect(ScalarText.lookupBytes(text) == expected)
        }
    }

    @Test func simpleGraphemesMeanOneCharacterPerScalar() async {
        #expect(ScalarText.withUTF8("Генеральный директор / CEO") { ScalarText.hasSimpleGraphemes($0) })
        #expect(!ScalarText.withUTF8("e\u{301}") { ScalarText.hasSimpleGraphemes($0) })
        #expect(!ScalarText.withUTF8("a\r\nb") { ScalarText.hasSimpleGraphemes($0) })
        await propertyCheck(count: 300, input: Self.anyText) { text in
            if ScalarText.withUTF8(text, { ScalarText.hasSimpleGraphemes($0) }) {
                #expect(text.count == text.unicodeScalars.count)
            }
        }
    }

    // MARK: - Transliteration

    @Test func packedTablesMatchTables() {
        for (table, packed) in [
            (Transliteration.cyrillicTable, Transliteration.cyrillicPacked),
            (Transliteration.latinTable, Transliteration.latinPacked),
        ] {
            #expect(table.count == packed.count)
            for (entry, word) in zip(table, packed) {
                var output: [UInt8] = []
                Transliteration.appendPacked(word, to: &output)
                #expect(output == entry)
            }
        }
    }

    /// `KeyBuilder` (byte tables, stack buffers, reused storage, the one-pass shortcut) against the plain reference
    /// written from the documented rules, on arbitrary text and on names the rules were made for.
    @Test func keyBuilderMatchesTheReference() async {
        let names = [
            "Щукин", "Shchukin", "Tchaikovsky", "Solovyov", "Пётр", "Ivanoff", "O’Brien", "Kusnezow", "Xavier",
            "Jørgensen", "Straße", "Łukasz", "Ёлка & Сыновья", "Ғалым", "Мацієвич", "Zhivago", "Matthiessen", "Tsioolk",
            "Björk", "Pioneer", "Sea  shell", "a×b", "ϖ", "e\u{301}", "Ǆ", "Ⅻ", "日本", "",
        ]
        var builder = Transliteration.KeyBuilder()
        func check(_ text: String) {
            let expected = ReferenceTransliteration.latinKey(text)
            builder.fold(text)
            #expect(builder.latinKey == expected, "\(text.debugDescription)")
            #expect(PhoneticKey.encode(Array(expected.utf8)) == Transliteration.phoneticKey(text))
            let fromBytes = ScalarText.withUTF8(text) { bytes -> String in
                builder.fold(utf8: bytes)  // the same builder again: reused buffers must not leak into the next key
                return builder.latinKey
            }
            #expect(fromBytes == expected, "bytes of \(text.debugDescription)")
        }
        names.forEach(check)
        await propertyCheck(count: 400, input: Self.anyText) { check($0) }
        // Random text rarely spells a rule's pattern; words built from them reach every rule and their overlaps.
        let pieces = Gen<String?>.element(of: [
            "sh", "sch", "shch", "tsch", "tch", "tz", "zh", "kh", "ch", "ck", "c", "ph", "ff", "x", "q", "w", "j", "y",
            "ie", "io", "ou", "i", "o", "e", "u", "a", "s", "t", "h", "k", "n", "v", "Щ", "ё", "ь", "ю", "Х", " ", "-",
        ]).map { $0! }.array(of: 1...12).map { $0.joined() }
        await propertyCheck(count: 1_000, input: pieces) { check($0) }
    }

    // MARK: - Job titles

    @Test func editDistanceRowsMatchDistance() async {
        let words = Gen<Character>.oneOf(
            Gen.unicodeScalar(in: "a"..."e").map { Character($0) },
            Gen.unicodeScalar(in: "\u{430}"..."\u{433}").map { Character($0) }
        ).string(of: 0...9)
        var rows = EditDistance.Rows(columns: 12)
        await propertyCheck(count: 300, input: words, words, Gen.int(in: 0...3)) { a, b, limit in
            let x = Array(a.unicodeScalars)
            let y = Array(b.unicodeScalars)
            let fast = x.map(\.value).withUnsafeBufferPointer { xs in
                y.map(\.value).withUnsafeBufferPointer { ys in rows.distance(xs, ys, limit: limit) }
            }
            #expect(fast == EditDistance.distance(x, y, limit: limit))
        }
    }

    @Test(arguments: [
        "Founder/CEO", "Founder / CEO", "Sales and Marketing Director", "Генеральный директор и учредитель",
        "Head of IT (CIO)", "CEO & Founder", "a and b", "И и И", "AND and And", "/", "x//y", "Менеджер по продажам",
    ])
    func bytePartsMatchCharacterParts(_ title: String) {
        let text = ScalarText.collapseSpaces(title)
        #expect(JobTitleStandardizer.parts(text) == JobTitleStandardizer.characterParts(text))
    }

    @Test func bytePartsMatchCharacterPartsOnArbitraryText() async {
        let pieces = Gen<String?>.element(of: [
            "ceo", "and", "AND", "и", "И", "/", ",", ";", "&", "+", "|", "(", ")", "\\", " ", "директор", "e\u{301}",
            "/\u{301}", "Sales",
        ]).map { $0! }.array(of: 0...8).map { $0.joined() }
        await propertyCheck(count: 300, input: pieces) { raw in
            let text = ScalarText.collapseSpaces(raw)
            #expect(JobTitleStandardizer.parts(text) == JobTitleStandardizer.characterParts(text))
        }
    }

    // MARK: - Small helpers

    @Test func companySortedUniqueMatchesSet() async {
        let words = Gen<String?>.element(of: ["romashka", "and", "ivanov", "i", "sons", "e\u{301}", "\u{E9}", "z"])
            .map { $0! }.array(of: 0...6)
        await propertyCheck(count: 200, input: words) { words in
            #expect(CompanyNameStandardizer.sortedUnique(words) == Array(Set(words)).sorted())
        }
    }

    @Test func firstCharacterMatchesStringFirst() async {
        for key in ["", "a", "ab", "e\u{301}x", "\u{430}b", "a\u{301}", "a\r\nb", "\r\n"] {
            #expect(PersonNameStandardizer.firstCharacter(key) == key.first.map(String.init), "\(key.debugDescription)")
        }
        await propertyCheck(count: 200, input: Self.anyText) { key in
            #expect(PersonNameStandardizer.firstCharacter(key) == key.first.map(String.init))
        }
    }

    @Test func lowercasedASCIIMatchesMapping() async {
        await propertyCheck(count: 200, input: Self.anyText) { text in
            let expected = String(decoding: text.utf8.map { $0 &- 65 < 26 ? $0 + 32 : $0 }, as: UTF8.self)
            #expect(ScalarText.withUTF8(text) { EmailStandardizer.lowercasedASCII($0) } == expected)
        }
    }

    @Test func phoneCountryLookupsMatchDictionaries() {
        for region in ["RU", "US", "GB", "DE", "KZ", "ZZ", "\u{212A}Z", "ru", ""] {
            let code = RegionCode(rawValue: region)
            #expect(PhoneCountry.country(for: code)?.callingCode == PhoneCountry.byRegion[code]?.callingCode)
        }
        for digits in ["74951234567", "14155550123", "442079460958", "99912345678", "3571234567", "1"] {
            let bytes = ArraySlice(Array(digits.utf8))
            var expected: String?
            for length in 1...3 where bytes.count > length {
                if let country = PhoneCountry.byCallingCode[String(decoding: bytes.prefix(length), as: UTF8.self)] {
                    expected = country.callingCode
                    break
                }
            }
            #expect(PhoneCountry.matching(prefixOf: bytes)?.callingCode == expected)
        }
    }

    @Test func nameDictionaryIndexMatchesLookup() {
        let dictionary = NameDictionary.builtIn
        for name in ["Саша", "Sasha", "Alexandr", "Иван", "Ivan", "Jwan", "Петров", "", "Ёлка", "Alexei", "Lyosha"] {
            var builder = Transliteration.KeyBuilder()
            builder.fold(name)
            let index = dictionary.index(of: name, folded: builder.key)
            let match = dictionary.lookup(name)
            #expect(index.map { dictionary.entries[$0] } == match?.entry, "\(name)")
            if let index, let match {
                #expect(dictionary.canonical(index, for: name) == match.canonical)
                #expect(dictionary.groupKey(index) == match.groupKey)
            }
            #expect(dictionary.isGivenName(lower: ScalarText.lookupBytes(name)) == dictionary.isGivenName(name))
        }
    }
}
