/// Turns a phone number as people type it into E.164, with the extension kept apart and fake numbers flagged.
///
/// Parsing follows libphonenumber's outline: strip punctuation; a leading `+` or the region's international
/// prefix (IDD, `810` in Russia) means a calling code follows; otherwise the number is national in the default
/// region and loses its trunk prefix (`8` in Russia, `0` in most of Europe). `+7 (495) 123-45-67`, `84951234567`
/// and `495-123-4567` (region RU) all become `+74951234567`.
public struct PhoneStandardizer: Sendable {
    /// The region assumed for numbers written without a calling code.
    public var defaultRegion: RegionCode {
        didSet { defaultCountry = PhoneCountry.country(for: defaultRegion) }
    }
    /// The numbering plan of `defaultRegion`, looked up once: nearly every value is in the default region.
    private var defaultCountry: PhoneCountry?

    public init(defaultRegion: RegionCode = .ru) {
        self.defaultRegion = defaultRegion
        self.defaultCountry = PhoneCountry.country(for: defaultRegion)
    }

    /// Standardizes one phone value.
    ///
    /// - Parameters:
    ///   - raw: The value as the source sent it.
    ///   - region: Overrides the default region (per-record country in Salesforce/HubSpot).
    public func standardize(_ raw: String, region: RegionCode? = nil) -> Standardized<PhoneNumber> {
        ScalarText.withUTF8(raw) { utf8 in
            // The digits go to a stack buffer: there is at most one per scalar, so the input's length suffices.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8.count + 1) { storage in
                var scan = Scan(main: ByteBuffer(storage))
                scan.run(utf8: utf8)
                return standardize(raw, scan: scan, region: region)
            }
        }
    }

    private func standardize(_ raw: String, scan: Scan, region: RegionCode?) -> Standardized<PhoneNumber> {
        var issues: [StandardizationIssue] = []
        if scan.hasLetters {
            return .failure(.init("phone.syntax", "phone '\(raw)' contains letters that are not an extension marker"))
        }
        if scan.main.isEmpty {
            return .failure(.init("phone.empty", "phone is empty"))
        }
        if scan.multiple {
            issues.append(
                .init("phone.multiple", "phone '\(raw)' holds more than one number; only the first is kept",
                    severity: .warning))
        }
        let regionCode = region ?? defaultRegion
        let home = regionCode == defaultRegion ? defaultCountry : PhoneCountry.country(for: regionCode)
        var digits = scan.main.bytes[...]
        var international = scan.plus

        if !international, let home {
            for idd in home.iddPrefixBytes where digits.starts(with: idd) && digits.count > idd.count + 6 {
                digits = digits.dropFirst(idd.count)
                international = true
                break
            }
        } else if !international, digits.starts(with: "00".utf8), digits.count > 9 {
            digits = digits.dropFirst(2)
            international = true
        }

        let country: PhoneCountry
        var nsn: Slice<UnsafeBufferPointer<UInt8>>
        if international {
            guard let found = PhoneCountry.matching(prefixOf: UnsafeBufferPointer(rebasing: digits)) else {
                return unknownCountry(digits, raw: raw, extensionDigits: scan.extensionDigits, issues: issues)
            }
            country = found
            nsn = digits.dropFirst(found.callingCodeBytes.count)
            if !found.nsnLengths.contains(nsn.count) || nsn.first.map({ !found.acceptsLeading($0) }) == true {
                for trunk in found.trunkPrefixBytes
                where nsn.starts(with: trunk) && found.nsnLengths.contains(nsn.count - trunk.count) {
                    nsn = nsn.dropFirst(trunk.count)  // "+44 (0)20 …"
                    break
                }
            }
        } else {
            guard let home else {
                return .failure(
                    .init("phone.no_region", "phone '\(raw)' has no country code and region \(regionCode) is unknown"))
            }
            country = home
            nsn = digits
            if !home.nsnLengths.contains(nsn.count) || nsn.first.map({ !home.acceptsLeading($0) }) == true {
                var stripped = false
                for trunk in home.trunkPrefixBytes
                where nsn.starts(with: trunk) && home.nsnLengths.contains(nsn.count - trunk.count) {
                    nsn = nsn.dropFirst(trunk.count)
                    stripped = true
                    break
                }
                // "74951234567": the calling code typed without the plus.
                if !stripped, nsn.starts(with: home.callingCodeBytes),
                    home.nsnLengths.contains(nsn.count - home.callingCodeBytes.count)
                {
                    nsn = nsn.dropFirst(home.callingCodeBytes.count)
                }
            }
        }

        if nsn.count < country.nsnLengths.lowerBound {
            return .failure(
                .init(
                    "phone.too_short",
                    "phone '\(raw)' is too short: \(nsn.count) digits after +\(country.callingCode), "
                        + "expected \(describe(country.nsnLengths))"), issues: issues)
        }
        if nsn.count > country.nsnLengths.upperBound {
            return .failure(
                .init(
                    "phone.too_long",
                    "phone '\(raw)' is too long: \(nsn.count) digits after +\(country.callingCode), "
                        + "expected \(describe(country.nsnLengths))"), issues: issues)
        }
        if let reason = PhoneStandardizer.fakeReason(UnsafeBufferPointer(rebasing: nsn)) {
            return .failure(.init("phone.fake", "phone '\(raw)' looks fake: \(reason)"), issues: issues)
        }
        if let first = nsn.first, !country.acceptsLeading(first) {
            return .failure(
                .init(
                    "phone.invalid_number",
                    "phone '\(raw)' is not a valid +\(country.callingCode) number "
                        + "(a national number cannot start with \(Character(Unicode.Scalar(first))))"),
                issues: issues)
        }
        let national = String(decoding: nsn, as: UTF8.self)
        let code = country.callingCodeBytes
        let e164 = String(utf8Capacity: 1 + code.count + nsn.count) { text in
            text.append(UInt8(ascii: "+"))
            text.append(contentsOf: code)
            text.append(contentsOf: UnsafeBufferPointer(rebasing: nsn))
        }
        let number = PhoneNumber(
            e164: e164, callingCode: country.callingCodeValue, nationalNumber: national,
            extensionNumber: scan.extensionDigits.isEmpty ? nil : String(decoding: scan.extensionDigits, as: UTF8.self))
        return Standardized(value: number, issues: issues)
    }

    private func unknownCountry(
        _ digits: Slice<UnsafeBufferPointer<UInt8>>, raw: String, extensionDigits: [UInt8],
        issues: [StandardizationIssue]
    ) -> Standardized<PhoneNumber> {
        var issues = issues
        guard digits.count >= 8 else {
            return .failure(.init("phone.too_short", "phone '\(raw)' is too short for an international number"))
        }
        guard digits.count <= 15 else {
            return .failure(.init("phone.too_long", "phone '\(raw)' is longer than E.164's 15 digits"))
        }
        if let reason = PhoneStandardizer.fakeReason(UnsafeBufferPointer(rebasing: digits)) {
            return .failure(.init("phone.fake", "phone '\(raw)' looks fake: \(reason)"))
        }
        issues.append(
            .init(
                "phone.unknown_country", "phone '\(raw)' has a calling code outside the built-in table; kept unchecked",
                severity: .warning))
        let number = PhoneNumber(
            e164: "+" + String(decoding: digits, as: UTF8.self), callingCode: nil, nationalNumber: nil,
            extensionNumber: extensionDigits.isEmpty ? nil : String(decoding: extensionDigits, as: UTF8.self))
        return Standardized(value: number, issues: issues)
    }

    private func describe(_ range: ClosedRange<Int>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
    }

    /// Why a national number looks made up: one digit repeated, a straight run like 1234567890, or a subscriber
    /// part of one repeated digit (`495 000-00-00`). A run inside a real number (`495 123-45-67`) is fine.
    ///
    /// One pass over the digits (the collection version walked them three times, bounds-checked).
    static func fakeReason(_ nsn: UnsafeBufferPointer<UInt8>) -> String? {
        guard let first = nsn.first else { return nil }
        let subscriberStart = nsn.count >= 9 ? nsn.count - 7 : Int.max
        var allSame = true
        var ascending = true
        var descending = true
        var subscriberSame = true
        var previous = first
        for index in 1..<nsn.count {
            let digit = nsn[index]
            if digit != first { allSame = false }
            if digit != (previous == 57 ? 48 : previous + 1) { ascending = false }
            if digit != (previous == 48 ? 57 : previous - 1) { descending = false }
            if index > subscriberStart, digit != nsn[subscriberStart] { subscriberSame = false }
            previous = digit
        }
        if allSame { return "all digits are the same" }
        if ascending || descending { return "the digits are a straight sequence" }
        if subscriberStart != Int.max, subscriberSame { return "the subscriber number repeats one digit" }
        return nil
    }
}

extension PhoneStandardizer {
    /// One pass over the raw text: main digits, extension digits, and what else was seen.
    struct Scan {
        /// The number's digits, in stack storage (see `standardize`).
        var main: ByteBuffer
        var extensionDigits: [UInt8] = []
        var plus = false
        var inExtension = false
        var hasLetters = false
        var multiple = false
        var done = false
        var word: [UInt32] = []

        init(main: ByteBuffer) {
            self.main = main
        }

        /// The scan over the UTF-8 bytes, decoding scalars by hand (iterating `unicodeScalars` cost more).
        mutating func run(utf8 bytes: UnsafeBufferPointer<UInt8>) {
            var i = 0
            while i < bytes.count {
                if done { break }
                let (decoded, length) = ScalarText.decode(bytes, at: i)
                i += length
                let scalar = Unicode.Scalar(decoded)!
                var value = decoded
                if value >= 0xFF10 && value <= 0xFF19 { value -= 0xFF10 - 48 }  // full-width digits
                if value &- 48 < 10 {
                    endWord()
                    if inExtension {
                        extensionDigits.append(UInt8(value))
                    } else {
                        main.append(UInt8(value))
                    }
                    continue
                }
                if ScalarText.isLetter(scalar) {
                    word.append(ScalarText.lower(scalar).value)
                    continue
                }
                endWord()
                switch value {
                case 0x2B:  // +
                    if main.isEmpty { plus = true } else if main.count >= 7 { multiple = true; done = true }
                case 0x23:  // #
                    if !main.isEmpty { inExtension = true }
                case 0x2C, 0x3B:  // , ;
                    if main.count >= 7 || inExtension {
                        multiple = true
                        done = true
                    }
                default:
                    break
                }
            }
            endWord()
        }

        private mutating func endWord() {
            guard !word.isEmpty else { return }
            defer { word.removeAll(keepingCapacity: true) }
            if Scan.extensionMarkers.contains(word) {
                if !main.isEmpty {
                    if inExtension && !extensionDigits.isEmpty { done = true } else { inExtension = true }
                }
                return
            }
            if main.isEmpty && Scan.labels.contains(word) { return }
            if inExtension || main.count >= 7 {
                // Trailing words after a complete number ("… мобильный", "… (Иван)"): a comment, not the number.
                done = true
                return
            }
            hasLetters = true
        }

        static let extensionMarkers: Set<[UInt32]> = Set(
            ["доб", "добавочный", "вн", "внутр", "ext", "extension", "x", "ex"].map {
                $0.unicodeScalars.map(\.value)
            })
        static let labels: Set<[UInt32]> = Set(
            ["тел", "т", "телефон", "моб", "мобильный", "раб", "tel", "phone", "ph", "mob", "mobile", "cell", "t",
             "m", "fax", "факс", "office", "work"].map { $0.unicodeScalars.map(\.value) })
    }
}
