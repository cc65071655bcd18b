import Testing

@testable import GoldenCore

@Suite struct AddressStandardizerTests {
    /// The scan's stack buffers are sized for the worst growth: one-letter spellings that display as long markers
    /// ("к" → "корп.", "п" → "пос."), glued to numbers or alone, and case mappings that widen a letter.
    @Test(arguments: [
        "к", "к к к к к к к к к к", "к1к1к1", "к1 к2 к3 к4", "п", "п п п п", String(repeating: "к,", count: 200),
        "Ⱥ Ⱥ Ⱥ", String(repeating: "Ⱥ", count: 50), "д1 к2 стр3 кв4 оф5",
    ])
    func markerDenseAddressesFitTheirBuffers(_ raw: String) throws {
        let address = try #require(addresses.standardize(raw).value)
        #expect(!address.text.isEmpty)
        #expect(address.tokenText == address.tokens.joined(separator: " "))
    }

    @Test func byteBufferKeepsItsBytes() {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 8) { storage in
            var buffer = ByteBuffer(storage)
            #expect(buffer.isEmpty && buffer.last == nil)
            buffer.append(contentsOf: Array("abcde".utf8))
            buffer.removeLast()
            #expect(Array(buffer.bytes) == Array("abcd".utf8))
            buffer.truncate(to: 2)
            buffer.append(UInt8(ascii: "z"))
            #expect(Array(buffer.bytes) == Array("abz".utf8) && buffer.last == UInt8(ascii: "z"))
            #expect(Array(buffer[1..<3]) == Array("bz".utf8) && buffer[0] == UInt8(ascii: "a"))
        }
    }

    /// `tokenText` skips the country-word check for markers; that holds only while no marker's token is one.
    @Test func noMarkerTokenIsACountryWord() {
        for marker in AddressStandardizer.markerList {
            #expect(!AddressStandardizer.countryWords.contains(Array(marker.token.utf8)), "\(marker.token)")
        }
    }

    let addresses = AddressStandardizer(defaultRegion: .ru)

    @Test func russianAddress() throws {
        let address = try #require(
            addresses.standardize("123456, Россия, город Москва, улица Тверская, дом 1, корпус 2, квартира 5").value)
        #expect(address.text == "123456, Россия, г. Москва, ул. Тверская, д. 1, корп. 2, кв. 5")
        #expect(address.postcode == "123456")
        #expect(address.city == "Москва")
        #expect(address.house == "1")
        #expect(address.tokens == ["1", "2", "5", "г", "д", "кв", "корп", "москва", "тверская", "ул"])
    }

    @Test(arguments: [
        "г. Москва, ул. Тверская, д. 1", "Москва г, Тверская ул, дом 1", "г Москва ул Тверская д1",
        "МОСКВА Г., ТВЕРСКАЯ УЛИЦА, Д.1",
    ])
    func spellingsShareTokens(_ raw: String) throws {
        let address = try #require(addresses.standardize(raw).value)
        #expect(address.tokens == ["1", "г", "д", "москва", "тверская", "ул"])
        #expect(address.house == "1")
    }

    @Test(arguments: [
        ("пр-т Мира, 12А", "12А"), ("проспект Мира, д. 12/3, стр. 1", "12/3"), ("ул. Ленина 5", "5"),
        ("Невский просп., д.28", "28"),
    ])
    func houseNumber(_ raw: String, _ house: String) throws {
        #expect(try #require(addresses.standardize(raw).value).house == house)
    }

    @Test func englishAbbreviations() throws {
        let us = AddressStandardizer(defaultRegion: .us)
        let address = try #require(us.standardize("1600 Pennsylvania Avenue NW, Washington, DC 20500").value)
        #expect(address.text == "1600 Pennsylvania Ave NW, Washington, DC 20500")
        #expect(address.postcode == "20500")
        #expect(address.house == "1600")
        let short = try #require(us.standardize("1600 Pennsylvania Ave. NW, Washington, DC 20500").value)
        #expect(short.tokens == address.tokens)
        #expect(try #require(us.standardize("10 Main Street").value).text == "10 Main St")
        #expect(try #require(us.standardize("5 Abbey Road").value).text == "5 Abbey Rd")
    }

    @Test(arguments: [
        ("US", "1600 Pennsylvania Avenue NW, Washington, DC 20500", "Washington"),
        ("US", "350 Fifth Avenue, New York, NY 10118", "New York"),
        ("US", "1 Main St, Springfield IL 62701", "Springfield"),
        ("GB", "10 Downing St, London SW1A 2AA", "London"),
        ("AU", "6, tullaroop street, willaroo, st james, 4011, wa", "St james"),
        ("AU", "69, giblin street, killarney, bittern, 4814, qld", "bittern"),
        // Town first, where CRMs mostly leave `г.` out: the first plain comma group.
        ("RU", "680124, RU, Хабаровск, пр-т Чехова, д. 149, оф. 205", "Хабаровск"),
        ("RU", "Екатеринбург, ул. Заводская, д. 37", "Екатеринбург"),
        ("RU", "Россия, Нижний Новгород, ул. Ленина, 5", "Нижний Новгород"),
        ("RU", "Ekaterinburg, ul. Zavodskaya, d. 37", "Ekaterinburg"),
        ("RU", "Московская обл., Химки, ул. Ленинградская, д. 1", "Химки"),
        ("RU", "ул. Заводская, д. 37, Екатеринбург", "Екатеринбург"),
        ("DE", "Musterstraße 5, 10115 Berlin", "Berlin"),
    ])
    func cityWithoutAMarker(_ region: String, _ raw: String, _ city: String) throws {
        let standardizer = AddressStandardizer(defaultRegion: RegionCode(rawValue: region))
        #expect(try #require(standardizer.standardize(raw).value).city == city)
    }

    @Test(arguments: [
        ("US", "123 Main St Springfield IL 62701"), ("US", "10 Main Street"), ("AU", "6, tullaroop street, 4011"),
        ("US", "PO Box 12, 77 Sunset Blvd, 90028"),
    ])
    func noCityRatherThanAStreet(_ region: String, _ raw: String) throws {
        let standardizer = AddressStandardizer(defaultRegion: RegionCode(rawValue: region))
        #expect(try #require(standardizer.standardize(raw).value).city == nil)
    }

    /// A group with a marker or a number is a street, house or region, never the town.
    @Test(arguments: ["ул. Ленина 5", "Ленина 5, кв. 3", "680124, Россия", "Московская обл., ул. Мира, д. 2"])
    func noTownInAStreetGroup(_ raw: String) throws {
        #expect(try #require(addresses.standardize(raw).value).city == nil)
    }

    /// `RU` is a country word like `Россия`: every address of a Russian source would share it.
    @Test func countryCodeIsNoToken() throws {
        #expect(try #require(addresses.standardize("680124, RU, Хабаровск, ул. Мира").value).tokens
            == ["мира", "ул", "хабаровск"])
    }

    @Test func britishPostcode() throws {
        let gb = AddressStandardizer(defaultRegion: .gb)
        let address = try #require(gb.standardize("10 Downing St, London SW1A 2AA").value)
        #expect(address.postcode == "SW1A 2AA")
        #expect(address.house == "10")
        #expect(!address.tokens.contains("sw1a"))
    }

    @Test func keys() throws {
        let address = try #require(addresses.standardize("101000, г. Москва, ул. Мясницкая, д. 7").value)
        #expect(address.matchKeys == [
            "postcode": "101000", "city": "москва", "house": "7", "tokens": "7 г д москва мясницкая ул",
        ])
    }

    @Test func emptyIsRejected() {
        #expect(addresses.standardize(" , ; ").value == nil)
    }
}
