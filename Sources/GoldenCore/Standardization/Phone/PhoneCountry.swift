/// Numbering-plan facts for one country calling code: a compact subset of libphonenumber's metadata.
///
/// Only what parsing needs: the calling code, trunk (national) prefixes, international (IDD) prefixes, the length
/// of the national significant number (NSN) and, where cheap, the digits an NSN may start with. Full per-type
/// patterns are out of scope (see docs/decisions-core.md): the goal is a stable match key, not number routing.
///
/// A final class rather than a struct: the standardizer passes one around per phone value, and copying a struct of
/// five arrays retained each of them.
final class PhoneCountry: Sendable {
    let regions: [RegionCode]
    let callingCode: String
    let trunkPrefixes: [String]
    let iddPrefixes: [String]
    let nsnLengths: ClosedRange<Int>
    /// ASCII digits an NSN may start with; empty means any.
    let leadingDigits: [UInt8]
    /// `callingCode` as ASCII digits.
    let callingCodeBytes: [UInt8]
    /// `callingCode` as a number.
    let callingCodeValue: Int
    /// `trunkPrefixes` and `iddPrefixes` as ASCII digits (same order): prefix tests on a `String`'s UTF-8 view
    /// were generic collection walks.
    let trunkPrefixBytes: [[UInt8]]
    let iddPrefixBytes: [[UInt8]]

    init(
        _ regions: [RegionCode], _ callingCode: String, trunk: [String] = ["0"], idd: [String] = ["00"],
        nsn: ClosedRange<Int>, leading: String = ""
    ) {
        self.regions = regions
        self.callingCode = callingCode
        self.trunkPrefixes = trunk.sorted { $0.count > $1.count }
        self.iddPrefixes = idd.sorted { $0.count > $1.count }
        self.nsnLengths = nsn
        self.leadingDigits = Array(leading.utf8)
        self.callingCodeBytes = Array(callingCode.utf8)
        self.callingCodeValue = Int(callingCode)!
        self.trunkPrefixBytes = trunkPrefixes.map { Array($0.utf8) }
        self.iddPrefixBytes = iddPrefixes.map { Array($0.utf8) }
    }

    func acceptsLeading(_ digit: UInt8) -> Bool {
        leadingDigits.isEmpty || leadingDigits.contains(digit)
    }

    /// The built-in table. Russia and Kazakhstan share +7 (Kazakh numbers start with 6 or 7); the USA and Canada
    /// share +1 (NANP). Belarus dials the trunk as `8 0`, which parsing also accepts as `80`, `8` or `0`.
    static let all: [PhoneCountry] = [
        PhoneCountry(["RU", "KZ"], "7", trunk: ["8"], idd: ["810", "00"], nsn: 10...10, leading: "346789"),
        PhoneCountry(["US", "CA"], "1", trunk: ["1"], idd: ["011"], nsn: 10...10, leading: "23456789"),
        PhoneCountry(["GB"], "44", nsn: 9...10, leading: "1235789"),
        PhoneCountry(["DE"], "49", nsn: 6...13, leading: "123456789"),
        PhoneCountry(["BY"], "375", trunk: ["80", "8", "0"], idd: ["810", "00"], nsn: 9...9, leading: "123456789"),
        PhoneCountry(["UA"], "380", nsn: 9...9, leading: "3456789"),
        PhoneCountry(["UZ"], "998", trunk: ["8"], idd: ["810", "00"], nsn: 9...9),
        PhoneCountry(["FR"], "33", nsn: 9...9, leading: "123456789"),
        PhoneCountry(["IT"], "39", trunk: [], nsn: 6...11),
        PhoneCountry(["ES"], "34", trunk: [], nsn: 9...9),
        PhoneCountry(["NL"], "31", nsn: 9...9),
        PhoneCountry(["PL"], "48", trunk: [], nsn: 9...9),
        PhoneCountry(["CH"], "41", nsn: 9...9),
        PhoneCountry(["AT"], "43", nsn: 4...13),
        PhoneCountry(["SE"], "46", nsn: 7...13),
        PhoneCountry(["FI"], "358", nsn: 5...12),
        PhoneCountry(["EE"], "372", trunk: [], nsn: 7...8),
        PhoneCountry(["LV"], "371", trunk: [], nsn: 8...8),
        PhoneCountry(["LT"], "370", trunk: ["8", "0"], nsn: 8...8),
        PhoneCountry(["MD"], "373", nsn: 8...8),
        PhoneCountry(["AM"], "374", nsn: 8...8),
        PhoneCountry(["AZ"], "994", nsn: 9...9),
        PhoneCountry(["GE"], "995", nsn: 9...9),
        PhoneCountry(["KG"], "996", nsn: 9...9),
        PhoneCountry(["TJ"], "992", trunk: [], nsn: 9...9),
        PhoneCountry(["TR"], "90", nsn: 10...10),
        PhoneCountry(["IL"], "972", nsn: 8...9),
        PhoneCountry(["AE"], "971", nsn: 8...9),
        PhoneCountry(["CN"], "86", nsn: 7...12),
        PhoneCountry(["IN"], "91", nsn: 10...10),
        PhoneCountry(["CY"], "357", trunk: [], nsn: 8...8),
    ]

    static let byRegion: [RegionCode: PhoneCountry] = {
        var table: [RegionCode: PhoneCountry] = [:]
        for country in all {
            for region in country.regions { table[region] = country }
        }
        return table
    }()

    static let byCallingCode: [String: PhoneCountry] = {
        var table: [String: PhoneCountry] = [:]
        for country in all { table[country.callingCode] = country }
        return table
    }()

    /// `byCallingCode` keyed by the code's ASCII digits.
    static let byCallingCodeBytes = ByteTable(byCallingCode.map { (Array($0.key.utf8), $0.value) })
    /// `byRegion` keyed by the region code's bytes, for ASCII codes (where byte and string equality agree).
    static let byRegionBytes = ByteTable(byRegion.map { (Array($0.key.rawValue.utf8), $0.value) })

    /// The country of `region` (the same as `byRegion[region]`).
    static func country(for region: RegionCode) -> PhoneCountry? {
        let found: PhoneCountry?? = region.rawValue.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.contains(where: { $0 >= 0x80 }) ? nil : .some(byRegionBytes.value(bytes))
        } ?? nil
        if let found { return found }
        return byRegion[region]
    }

    /// The country whose calling code prefixes `digits` (codes are prefix-free, so at most one matches).
    static func matching(prefixOf digits: ArraySlice<UInt8>) -> PhoneCountry? {
        digits.withUnsafeBufferPointer { matching(prefixOf: $0) }
    }

    static func matching(prefixOf digits: UnsafeBufferPointer<UInt8>) -> PhoneCountry? {
        for length in 1...3 where digits.count > length {
            if let country = byCallingCodeBytes.value(UnsafeBufferPointer(rebasing: digits[..<length])) {
                return country
            }
        }
        return nil
    }
}
