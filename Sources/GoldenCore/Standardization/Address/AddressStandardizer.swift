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

    /// A word of the address; `comma` items keep the source's grouping. Its text and lookup form are ranges of
    /// the scan's two byte buffers, so tokenizing allocates no array or string per word.
    struct Item {
        /// The displayed bytes (the marker's display form for markers) in `Scan.textBytes`.
        var textStart: Int
        var textEnd: Int
        /// Lowercase UTF-8 with ё→е, the form compared against markers, in `Scan.lowerBytes`.
        var lowerStart: Int
        var lowerEnd: Int
        var isComma: Bool = false
        /// Index into `markerList`, or -1.
        var marker: Int = -1
    }

    /// A recognised abbreviation: how it is displayed and how it appears among the tokens.
    struct Marker: Sendable {
        enum Role: Sendable { case street, city, house, unit, region, other }
        var display: String
        var token: String
        var role: Role
    }

    /// Every marker once, in declaration order; `markers` maps spellings to indices here.
    static let markerList: [Marker] = markerSpellings.markers
    /// Each marker's role and display bytes, by marker index: the scan reads these per word, and reading
    /// `markerList[i]` copied the whole marker (its strings retained and released).
    static let markerRoles: [Marker.Role] = markerList.map(\.role)
    static let markerDisplays: [[UInt8]] = markerList.map { Array($0.display.utf8) }
    /// Every marker's token bytes back to back, with each marker's range: one buffer that `tokenText` can view.
    static let markerTokens: (bytes: [UInt8], ranges: [Range<Int>]) = {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for marker in markerList {
            let start = bytes.count
            bytes.append(contentsOf: marker.token.utf8)
            ranges.append(start..<bytes.count)
        }
        return (bytes, ranges)
    }()
    /// Lookup-form spelling → index into `markerList`.
    static let markers: ByteTable<Int> = ByteTable(markerSpellings.spellings)

    private static let markerSpellings: (markers: [Marker], spellings: [([UInt8], Int)]) = {
        var markers: [Marker] = []
        var table: [([UInt8], Int)] = []
        func add(_ display: String, _ role: Marker.Role, _ spellings: [String]) {
            var token = ScalarText.lowercased(display)
            while token.hasSuffix(".") { token.removeLast() }
            for spelling in spellings {
                table.append((ScalarText.lookupBytes(spelling), markers.count))
            }
            markers.append(Marker(display: display, token: token, role: role))
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
        return (markers, table)
    }()

    /// Country names dropped from tokens: every address of a source is mostly in one country.
    static let countryWords = ByteSet(
        [
            "россия", "рф", "ru", "российская", "федерация", "russia", "russian", "federation", "usa", "united", "states",
            "kingdom", "uk", "deutschland", "germany",
        ].map(ScalarText.lookupBytes))

    /// Regions whose postcodes are four digits (Australia, New Zealand, most of the Alps and the Low Countries,
    /// Scandinavia but Sweden). Elsewhere a four-digit word is a house number, not a postcode.
    static let fourDigitPostcodeRegions: Set<RegionCode> = ["AU", "NZ", "AT", "CH", "BE", "DK", "NO", "HU", "LU", "ZA"]

    /// House and unit markers glued to their number: "д1", "к2", "стр3".
    static let gluedMarkers: [[UInt8]] = ["корп", "стр", "кв", "оф", "д", "к"].map(ScalarText.lookupBytes)

    public func standardize(_ raw: String, region: RegionCode? = nil) -> Standardized<PostalAddress> {
        ScalarText.withUTF8(raw) { utf8 in Self.withScan(of: utf8) { standardize(scan: $0, region: region) } }
    }

    private func standardize(scan: Scan, region: RegionCode?) -> Standardized<PostalAddress> {
        let region = region ?? defaultRegion
        let items = scan.items
        if !items.contains(where: { !$0.isComma }) {
            return .failure(.init("address.empty", "address is empty"))
        }
        let isGB = region == .gb
        let postcodeIndex = scan.postcodeIndex(region: region, isGB: isGB)
        var postcode = postcodeIndex.map { scan.text(items[$0]) }
        if let index = postcodeIndex, isGB, index + 1 < items.count {
            postcode = ScalarText.uppercasedASCII(scan.text(items[index]) + " " + scan.text(items[index + 1]))
        }
        var city: String?
        var house: String?
        var afterStreet = false
        @inline(__always) func isPostcode(_ index: Int) -> Bool {
            guard let postcodeIndex else { return false }
            return index == postcodeIndex || (isGB && index == postcodeIndex + 1)
        }
        // Regions that write the street first and the town next to the postcode (US, CA, GB, AU…).
        let streetFirst = region == .us || isGB || region == .ca || Self.fourDigitPostcodeRegions.contains(region)
        if streetFirst, let first = items.first,
            scan.startsWithDigit(first), !isPostcode(0)
        {
            house = scan.text(first)  // "1600 Pennsylvania Ave"
        }
        let markerRoles = Self.markerRoles
        for index in items.indices where !items[index].isComma {
            let markerIndex = items[index].marker
            guard markerIndex >= 0 else {
                if house == nil, afterStreet, !isPostcode(index), scan.startsWithDigit(items[index]) {
                    house = ScalarText.uppercasedASCII(scan.text(items[index]))
                }
                continue
            }
            switch markerRoles[markerIndex] {
            case .house:
                if house == nil, index + 1 < items.count, scan.startsWithDigit(items[index + 1]) {
                    house = Self.upperFirstLetter(scan.text(items[index + 1]))
                }
            case .city:
                if city == nil {
                    var words: [UInt8] = []
                    var next = index + 1
                    while next < items.count, !items[next].isComma, items[next].marker < 0 {
                        if !words.isEmpty { words.append(32) }
                        words.append(contentsOf: scan.textBytes[items[next].textStart..<items[next].textEnd])
                        next += 1
                    }
                    if !words.isEmpty { city = ScalarText.string(words) }
                }
            case .street:
                afterStreet = true
            default:
                break
            }
        }
        if city == nil, let postcodeIndex, streetFirst {
            city = Self.cityNearPostcode(scan: scan, postcodeIndex: postcodeIndex)
        }
        if city == nil, !streetFirst {
            city = Self.townGroup(scan: scan, isPostcode: isPostcode)
        }
        let address = PostalAddress(
            text: scan.render(), postcode: postcode, city: city, house: house,
            tokenText: scan.tokenText(skipping: isPostcode))
        return Standardized(value: address)
    }

    /// The town of an address written street first and postcode last (`1600 Pennsylvania Ave, Washington, DC 20500`,
    /// `10 Downing St, London SW1A 2AA`, `6 Tullaroop St, St James, 4011, WA`), where no marker names it.
    ///
    /// The words before the postcode in its own comma group when they hold no street, house or unit word (`London`;
    /// a two-letter state code such as `DC` is left out), else the comma group just before it, unless that group is
    /// a street line (it starts with a number or ends with a street word). `nil` when neither fits: no city is
    /// better than a street taken for one.
    static func cityNearPostcode(scan: Scan, postcodeIndex: Int) -> String? {
        let items = scan.items
        let roles = markerRoles
        func groupStart(before index: Int) -> Int {
            var start = index
            while start > 0, !items[start - 1].isComma { start -= 1 }
            return start
        }
        func isStateCode(_ item: Item) -> Bool {
            item.marker < 0 && item.textEnd - item.textStart == 2
                && scan.textBytes[item.textStart] &- 65 < 26 && scan.textBytes[item.textStart + 1] &- 65 < 26
        }
        func words(_ range: Range<Int>) -> String? {
            let parts = range.filter { !items[$0].isComma && !isStateCode(items[$0]) }.map { scan.text(items[$0]) }
            return parts.isEmpty ? nil : parts.joined(separator: " ")
        }
        let start = groupStart(before: postcodeIndex)
        let before = start..<postcodeIndex
        if !before.isEmpty,
            before.allSatisfy({ items[$0].marker < 0 && !scan.startsWithDigit(items[$0]) }),
            let city = words(before)
        {
            return city
        }
        // The group before: skip the comma(s) between.
        var end = start
        while end > 0, items[end - 1].isComma { end -= 1 }
        guard end > 0 else { return nil }
        let previous = groupStart(before: end)..<end
        guard let first = previous.first, let last = previous.last, !scan.startsWithDigit(items[first]),
            items[last].marker < 0 || roles[items[last].marker] != .street,
            previous.allSatisfy({ items[$0].marker < 0 || [.street, .other].contains(roles[items[$0].marker]) })
        else { return nil }
        return words(previous)
    }

    /// The town of an address written town first where no `г.` names it (`680124, RU, Хабаровск, пр-т Чехова, д.
    /// 149`, `Екатеринбург, ул. Заводская, д. 37`): CRMs leave the marker out more often than not, and without a
    /// city the city comparison and every city-keyed blocking rule see nothing.
    ///
    /// The first comma group whose words, postcode and country words left out, are all plain words: no marker (a
    /// street, house, unit or region group is not a town) and no digit (`Ленина 5` is a street). `nil` when no group
    /// fits: no city is better than a street taken for one.
    static func townGroup(scan: Scan, isPostcode: (Int) -> Bool) -> String? {
        let items = scan.items
        let countryWords = countryWords
        let lower = scan.lowerBytes.bytes
        var start = 0
        while start < items.count {
            var end = start
            while end < items.count, !items[end].isComma { end += 1 }
            var words: [Int] = []
            var plain = true
            for index in start..<end where !isPostcode(index) {
                let item = items[index]
                if item.marker >= 0 || scan.startsWithDigit(item) {
                    plain = false
                    break
                }
                if countryWords.contains(UnsafeBufferPointer(rebasing: lower[item.lowerStart..<item.lowerEnd])) {
                    continue
                }
                words.append(index)
            }
            if plain, !words.isEmpty { return words.map { scan.text(items[$0]) }.joined(separator: " ") }
            start = end + 1
        }
        return nil
    }

    /// Uppercases every scalar of `text` (house numbers: `12а` → `12А`).
    static func upperFirstLetter(_ text: String) -> String {
        var result: [UInt8] = []
        for scalar in text.unicodeScalars { ScalarText.appendUTF8(ScalarText.upper(scalar), to: &result) }
        return ScalarText.string(result)
    }

    static func isZipPlus4(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { isZipPlus4($0[...]) }
    }

    static func isZipPlus4(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard bytes.count == 10, bytes[bytes.startIndex + 5] == UInt8(ascii: "-") else { return false }
        var offset = 0
        for byte in bytes {
            if offset != 5 && byte &- 48 >= 10 { return false }
            offset += 1
        }
        return true
    }

    static func isOutwardCode(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { isOutwardCode($0[...]) }
    }

    /// `SW1A`, `M1`, `EC1A`: 1–2 letters, a digit, then an optional digit or letter (ASCII letters in any case).
    static func isOutwardCode(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        @inline(__always) func upper(_ byte: UInt8) -> UInt8 { byte &- 97 < 26 ? byte - 32 : byte }
        let count = text.count
        guard count >= 2 && count <= 4 else { return false }
        let base = text.startIndex
        guard upper(text[base]) &- 65 < 26 else { return false }
        var letters = 0
        while letters < count && upper(text[base + letters]) &- 65 < 26 { letters += 1 }
        guard letters <= 2, letters < count, text[base + letters] &- 48 < 10 else { return false }
        var index = letters + 1
        while index < count {
            let byte = upper(text[base + index])
            guard byte &- 48 < 10 || byte &- 65 < 26 else { return false }
            index += 1
        }
        return true
    }

    static func isInwardCode(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { isInwardCode($0[...]) }
    }

    static func isInwardCode(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        @inline(__always) func upper(_ byte: UInt8) -> UInt8 { byte &- 97 < 26 ? byte - 32 : byte }
        guard text.count == 3 else { return false }
        let base = text.startIndex
        return text[base] &- 48 < 10 && upper(text[base + 1]) &- 65 < 26 && upper(text[base + 2]) &- 65 < 26
    }
}
