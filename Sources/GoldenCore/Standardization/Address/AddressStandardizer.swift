/// Cleans one-line addresses: abbreviations in one form, postcode, city and house number pulled out.
///
/// No geocoder and no address registry (ФИАС/ГАР): the goal is comparable tokens and a few exact keys, which is
/// what matching needs. Russian abbreviations (ул./улица, пр-т/проспект, д./дом…) and English street types
/// (St/Street, Ave/Avenue, Rd/Road…) are recognised.
public struct AddressStandardizer: Sendable {
    public var defaultRegion: RegionCode

    public init(defaultRegion: RegionCode = .ru) {
        self.defaultRegion = defaultRegion
    }

    /// A word of the address; `comma` items keep the source's grouping.
    struct Item {
        var text: String
        /// Lowercase UTF-8 with ё→е, the form compared against markers.
        var lower: [UInt8]
        var isComma: Bool = false
        var marker: Marker?
    }

    /// A recognised abbreviation: how it is displayed and how it appears among the tokens.
    struct Marker: Sendable {
        enum Role: Sendable { case street, city, house, unit, region, other }
        var display: String
        var token: String
        var tokenBytes: [UInt8]
        var role: Role
    }

    static let markers: [[UInt8]: Marker] = {
        var table: [[UInt8]: Marker] = [:]
        func add(_ display: String, _ role: Marker.Role, _ spellings: [String]) {
            var token = ScalarText.lowercased(display)
            while token.hasSuffix(".") { token.removeLast() }
            for spelling in spellings {
                table[ScalarText.lookupBytes(spelling)] = Marker(
                    display: display, token: token, tokenBytes: Array(token.utf8), role: role)
            }
        }
        add("ул.", .street, ["ул", "улица"])
        add("пр-т", .street, ["пр-т", "просп", "проспект", "пр-кт", "пркт"])
        add("пер.", .street, ["пер", "переулок"])
        add("б-р", .street, ["б-р", "бульв", "бульвар"])
        add("ш.", .street, ["ш", "шоссе"])
        add("пл.", .street, ["пл", "площадь"])
        add("наб.", .street, ["наб", "набережная"])
        add("проезд", .street, ["пр-д", "проезд"])
        add("мкр.", .street, ["мкр", "мкрн", "микрорайон"])
        add("г.", .city, ["г", "гор", "город"])
        add("пос.", .other, ["пос", "поселок", "п"])
        add("с.", .other, ["с", "село"])
        add("д.", .house, ["д", "дом"])
        add("вл.", .house, ["вл", "влад", "владение"])
        add("корп.", .unit, ["корп", "корпус", "к"])
        add("стр.", .unit, ["стр", "строение"])
        add("кв.", .unit, ["кв", "квартира"])
        add("оф.", .unit, ["оф", "офис"])
        add("пом.", .unit, ["пом", "помещение"])
        add("эт.", .unit, ["эт", "этаж"])
        add("обл.", .region, ["обл", "область"])
        add("р-н", .region, ["р-н", "район"])
        add("респ.", .region, ["респ", "республика"])
        add("край", .region, ["край"])
        add("St", .street, ["st", "street", "str"])
        add("Ave", .street, ["ave", "av", "avenue"])
        add("Rd", .street, ["rd", "road"])
        add("Blvd", .street, ["blvd", "boulevard"])
        add("Ln", .street, ["ln", "lane"])
        add("Dr", .street, ["dr", "drive"])
        add("Sq", .street, ["sq", "square"])
        add("Apt", .unit, ["apt", "apartment"])
        add("Ste", .unit, ["ste", "suite"])
        add("Fl", .unit, ["fl", "floor"])
        return table
    }()

    /// Country names dropped from tokens: every address of a source is mostly in one country.
    static let countryWords: Set<[UInt8]> = Set(
        [
            "россия", "рф", "российская", "федерация", "russia", "russian", "federation", "usa", "united", "states",
            "kingdom", "uk", "deutschland", "germany",
        ].map(ScalarText.lookupBytes))

    /// House and unit markers glued to their number: "д1", "к2", "стр3".
    static let gluedMarkers: [[UInt8]] = ["корп", "стр", "кв", "оф", "д", "к"].map(ScalarText.lookupBytes)

    public func standardize(_ raw: String, region: RegionCode? = nil) -> Standardized<PostalAddress> {
        let region = region ?? defaultRegion
        let items = Self.items(raw)
        if !items.contains(where: { !$0.isComma }) {
            return .failure(.init("address.empty", "address is empty"))
        }
        let postcodeIndex = Self.postcodeIndex(items, region: region)
        var postcode = postcodeIndex.map { items[$0].text }
        if let index = postcodeIndex, region == .gb, index + 1 < items.count {
            postcode = ScalarText.uppercasedASCII(items[index].text + " " + items[index + 1].text)
        }
        var city: String?
        var house: String?
        var afterStreet = false
        let postcodeIndices: Set<Int> = postcodeIndex.map { region == .gb ? [$0, $0 + 1] : [$0] } ?? []
        if region == .us || region == .gb || region == .ca, let first = items.first,
            Self.startsWithDigit(first.lower), !postcodeIndices.contains(0)
        {
            house = first.text  // "1600 Pennsylvania Ave"
        }
        for index in items.indices where !items[index].isComma {
            guard let marker = items[index].marker else {
                if house == nil, afterStreet, !postcodeIndices.contains(index),
                    Self.startsWithDigit(items[index].lower)
                {
                    house = ScalarText.uppercasedASCII(items[index].text)
                }
                continue
            }
            switch marker.role {
            case .house:
                if house == nil, index + 1 < items.count, Self.startsWithDigit(items[index + 1].lower) {
                    house = Self.upperFirstLetter(items[index + 1].text)
                }
            case .city:
                var words: [String] = []
                var next = index + 1
                while next < items.count, !items[next].isComma, items[next].marker == nil {
                    words.append(items[next].text)
                    next += 1
                }
                if city == nil, !words.isEmpty { city = words.joined(separator: " ") }
            case .street:
                afterStreet = true
            default:
                break
            }
        }
        var tokenBytes: [[UInt8]] = []
        tokenBytes.reserveCapacity(items.count)
        for (index, item) in items.enumerated() where !item.isComma && !postcodeIndices.contains(index) {
            let token = item.marker?.tokenBytes ?? item.lower
            if Self.countryWords.contains(token) { continue }
            tokenBytes.append(token)
        }
        let tokens = Self.sortedUnique(tokenBytes)
        let address = PostalAddress(
            text: Self.render(items), postcode: postcode, city: city, house: house, tokens: tokens)
        return Standardized(value: address)
    }

    static func startsWithDigit(_ bytes: [UInt8]) -> Bool {
        bytes.first.map { $0 &- 48 < 10 } ?? false
    }

    /// Sorted, de-duplicated strings from UTF-8 words; byte order equals code-point order.
    static func sortedUnique(_ words: [[UInt8]]) -> [String] {
        let sorted = words.sorted { $0.lexicographicallyPrecedes($1) }
        var result: [String] = []
        result.reserveCapacity(sorted.count)
        var previous: [UInt8]?
        for word in sorted where word != previous {
            result.append(ScalarText.string(word))
            previous = word
        }
        return result
    }

    static func upperFirstLetter(_ text: String) -> String {
        var result: [UInt8] = []
        for scalar in text.unicodeScalars { ScalarText.appendUTF8(ScalarText.upper(scalar), to: &result) }
        return ScalarText.string(result)
    }

    /// The index of the postcode word for the region (RU/KZ/BY: 6 digits, US/DE: 5 digits, GB: "SW1A 1AA").
    static func postcodeIndex(_ items: [Item], region: RegionCode) -> Int? {
        func digits(_ item: Item, _ count: Int) -> Bool {
            item.text.utf8.count == count && item.text.utf8.allSatisfy { $0 &- 48 < 10 }
        }
        switch region {
        case .us:
            return items.lastIndex { digits($0, 5) || isZipPlus4($0.text) }
        case .de:
            return items.firstIndex { digits($0, 5) }
        case .gb:
            for index in items.indices.dropLast() where isOutwardCode(items[index].text)
                && isInwardCode(items[index + 1].text)
            {
                return index
            }
            return nil
        default:
            return items.firstIndex { digits($0, 6) }
        }
    }

    static func isZipPlus4(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[5] == UInt8(ascii: "-") else { return false }
        return bytes.enumerated().allSatisfy { $0.offset == 5 || $0.element &- 48 < 10 }
    }

    static func isOutwardCode(_ text: String) -> Bool {
        let bytes = Array(ScalarText.uppercasedASCII(text).utf8)
        guard (2...4).contains(bytes.count), bytes[0] &- 65 < 26 else { return false }
        let letters = bytes.prefix { $0 &- 65 < 26 }.count
        guard letters <= 2, letters < bytes.count, bytes[letters] &- 48 < 10 else { return false }
        return bytes.dropFirst(letters + 1).allSatisfy { $0 &- 48 < 10 || $0 &- 65 < 26 }
    }

    static func isInwardCode(_ text: String) -> Bool {
        let bytes = Array(ScalarText.uppercasedASCII(text).utf8)
        return bytes.count == 3 && bytes[0] &- 48 < 10 && bytes[1] &- 65 < 26 && bytes[2] &- 65 < 26
    }

    /// Splits into words and commas. Words keep inner `-` and `/` (`12/3`, `пр-т`); a dot ends a word.
    static func items(_ raw: String) -> [Item] {
        var items: [Item] = []
        var current: [UInt8] = []
        var currentLower: [UInt8] = []
        current.reserveCapacity(32)
        currentLower.reserveCapacity(32)
        func flush() {
            while let last = current.last, last == UInt8(ascii: "-") || last == UInt8(ascii: "/") {
                current.removeLast()
                currentLower.removeLast()
            }
            guard !current.isEmpty else { return }
            defer {
                current.removeAll(keepingCapacity: true)
                currentLower.removeAll(keepingCapacity: true)
            }
            if let marker = markers[currentLower] {
                items.append(Item(text: marker.display, lower: currentLower, marker: marker))
                return
            }
            for glued in gluedMarkers where currentLower.count > glued.count && currentLower.starts(with: glued) {
                let rest = currentLower[glued.count...]
                if let first = rest.first, first &- 48 < 10, let marker = markers[glued] {
                    items.append(Item(text: marker.display, lower: glued, marker: marker))
                    let number = Array(current[glued.count...])
                    items.append(Item(text: ScalarText.string(number), lower: Array(rest)))
                    return
                }
            }
            items.append(Item(text: ScalarText.string(current), lower: currentLower))
        }
        for scalar in raw.unicodeScalars {
            if ScalarText.isLetter(scalar) || ScalarText.isDigit(scalar) {
                ScalarText.appendUTF8(scalar, to: &current)
                ScalarText.appendLookup(scalar, to: &currentLower)
            } else if !current.isEmpty && (ScalarText.isDash(scalar) || scalar == "/") {
                let byte = ScalarText.isDash(scalar) ? UInt8(ascii: "-") : UInt8(ascii: "/")
                current.append(byte)
                currentLower.append(byte)
            } else {
                flush()
                if scalar == "," || scalar == ";" {
                    if let last = items.last, !last.isComma {
                        items.append(Item(text: ",", lower: [44], isComma: true))
                    }
                }
            }
        }
        flush()
        while items.last?.isComma == true { items.removeLast() }
        return items
    }

    /// Words joined by spaces, commas attached to the word before them.
    static func render(_ items: [Item]) -> String {
        var text = ""
        text.reserveCapacity(items.count * 8)
        for item in items {
            if item.isComma {
                text.append(",")
            } else {
                if !text.isEmpty { text.append(" ") }
                text.append(item.text)
            }
        }
        return text
    }
}
