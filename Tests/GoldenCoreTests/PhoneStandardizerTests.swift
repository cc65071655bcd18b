import Testing

@testable import GoldenCore

@Suite struct PhoneStandardizerTests {
    let phones = PhoneStandardizer(defaultRegion: .ru)

    @Test(arguments: [
        ("+7 (495) 123-45-67", "RU", "+74951234567"),
        ("84951234567", "RU", "+74951234567"),
        ("495-123-4567", "RU", "+74951234567"),
        ("8 (912) 345-67-89", "RU", "+79123456789"),
        ("+7 912 345 67 89", "RU", "+79123456789"),
        ("79123456789", "RU", "+79123456789"),
        ("8-10-49-30-1234567", "RU", "+49301234567"),
        ("тел.: 8 (495) 123-45-67", "RU", "+74951234567"),
        ("+7 701 123 4567", "RU", "+77011234567"),
        ("8 701 123 4567", "KZ", "+77011234567"),
        ("(415) 555-2671", "US", "+14155552671"),
        ("1-415-555-2671", "US", "+14155552671"),
        ("+1 416 555 0123", "RU", "+14165550123"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 (0)20 7946 0958", "RU", "+442079460958"),
        ("030 12345678", "DE", "+493012345678"),
        ("8 029 123-45-67", "BY", "+375291234567"),
        ("80291234567", "BY", "+375291234567"),
        ("+375 29 123-45-67", "RU", "+375291234567"),
        ("044 123 4567", "UA", "+380441234567"),
        ("0049 30 12345678", "GB", "+493012345678"),
        ("＋７ ９１２ ３４５ ６７ ８９", "RU", "+79123456789"),
    ])
    func toE164(_ raw: String, _ region: String, _ expected: String) throws {
        let result = phones.standardize(raw, region: RegionCode(rawValue: region))
        let number = try #require(result.value, "\(result.issues)")
        #expect(number.e164 == expected)
        #expect(result.isValid)
    }

    @Test(arguments: [
        ("+7 495 123-45-67 доб. 123", "123"), ("+7 495 123-45-67 ext 45", "45"), ("+7 495 123 45 67 x7", "7"),
        ("+7 495 123 45 67 #89", "89"), ("8 495 1234567 вн. 12", "12"),
    ])
    func extensionsKeptApart(_ raw: String, _ ext: String) throws {
        let number = try #require(phones.standardize(raw).value)
        #expect(number.e164 == "+74951234567")
        #expect(number.extensionNumber == ext)
        #expect(number.canonical == "+74951234567 ext. \(ext)")
        #expect(number.matchKeys["extension"] == ext)
    }

    @Test(arguments: [
        ("8 999 999 99 99", "phone.fake"), ("+7 (000) 000-00-00", "phone.fake"), ("1234567890", "phone.fake"),
        ("+7 495 000-00-00", "phone.fake"), ("123-45", "phone.too_short"), ("8 495 123 45 67 89 01", "phone.too_long"),
        ("", "phone.empty"), ("   ", "phone.empty"), ("call me", "phone.syntax"),
        ("8 (195) 123-45-67", "phone.invalid_number"),
        ("+7 495 12", "phone.too_short"),
    ])
    func rejected(_ raw: String, _ code: String) {
        let result = phones.standardize(raw)
        #expect(result.value == nil)
        #expect(!result.isValid)
        #expect(result.issues.map(\.code.rawValue).contains(code), "\(result.issues)")
    }

    @Test func twoNumbersKeepTheFirstWithAWarning() throws {
        let result = phones.standardize("+7 495 123-45-67, +7 916 765-43-21")
        #expect(try #require(result.value).e164 == "+74951234567")
        #expect(result.isValid)
        #expect(result.issues.map(\.code) == ["phone.multiple"])
    }

    @Test func unknownCallingCodeIsKeptUnchecked() throws {
        let result = phones.standardize("+880 1712 345678")
        #expect(try #require(result.value).e164 == "+8801712345678")
        #expect(result.issues.first?.code == "phone.unknown_country")
        #expect(result.issues.first?.isError == false)
    }

    @Test func keys() throws {
        let number = try #require(phones.standardize("8 (495) 123-45-67").value)
        #expect(number.matchKeys == ["e164": "+74951234567", "national": "4951234567"])
        #expect(number.callingCode == 7)
    }

    @Test func messageNamesTheField() {
        let issue = phones.standardize("12").issues.first
        #expect(issue?.message.hasPrefix("phone") == true)
    }
}
