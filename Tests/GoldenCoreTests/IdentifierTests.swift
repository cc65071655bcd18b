import PropertyBased
import Testing

@testable import GoldenCore

@Suite struct IdentifierTests {
    // Worked examples from connectors.md §6.
    @Test(arguments: ["7707083893", "774301390193", "77 07 08 38 93", "7707-083-893", " 7707083893 "])
    func validINN(_ raw: String) throws {
        let result = INN.standardize(raw)
        let inn = try #require(result.value, "\(result.issues)")
        #expect(result.isValid)
        #expect(inn.digits == raw.filter(\.isNumber))
        #expect(inn.kind == (inn.digits.count == 10 ? .legalEntity : .individual))
    }

    @Test(arguments: [
        ("7707083894", "inn.bad_checksum"), ("774301390194", "inn.bad_checksum"), ("774301390183", "inn.bad_checksum"),
        ("770708389", "inn.length"), ("77070838931", "inn.length"), ("770708389X", "inn.not_digits"),
        ("0000000000", "inn.bad_checksum"), ("", "inn.empty"),
    ])
    func invalidINN(_ raw: String, _ code: String) {
        let result = INN.standardize(raw)
        #expect(result.value == nil)
        #expect(result.issues.map(\.code.rawValue) == [code])
        let generic = Standardizers().standardize(.inn, raw)
        #expect(generic.valid == false)
        #expect(generic.keys.isEmpty, "an invalid identifier is never a match key")
    }

    @Test(arguments: [("773601001", "773601001"), ("7736 01 001", "773601001"), ("7736ab001", "7736AB001")])
    func validKPP(_ raw: String, _ expected: String) throws {
        let kpp = try #require(KPP.standardize(raw).value)
        #expect(kpp.value == expected)
        #expect(kpp.taxOffice == "7736")
    }

    @Test(arguments: [("77360100", "kpp.length"), ("77360100X", "kpp.format"), ("7736Ж1001", "kpp.format"),
        ("A73601001", "kpp.format")])
    func invalidKPP(_ raw: String, _ code: String) {
        #expect(KPP.standardize(raw).issues.map(\.code.rawValue) == [code])
    }

    @Test(arguments: ["1027700132195", "1037739010891", "304500116000157", "1027-7001-32195"])
    func validOGRN(_ raw: String) throws {
        let ogrn = try #require(OGRN.standardize(raw).value)
        #expect(ogrn.kind == (ogrn.digits.count == 13 ? .legalEntity : .soleTrader))
    }

    @Test(arguments: [("1027700132196", "ogrn.bad_checksum"), ("304500116000158", "ogrn.bad_checksum"),
        ("102770013219", "ogrn.length"), ("2027700132195", "ogrn.format"), ("104500116000157", "ogrn.format")])
    func invalidOGRN(_ raw: String, _ code: String) {
        #expect(OGRN.standardize(raw).issues.map(\.code.rawValue) == [code])
    }

    @Test(arguments: ["112-233-445 95", "11223344595", "001-001-998 00"])
    func validSNILS(_ raw: String) throws {
        let snils = try #require(SNILS.standardize(raw).value)
        #expect(snils.digits.count == 11)
    }

    @Test func snilsFormatting() throws {
        #expect(try #require(SNILS("11223344595")).formatted == "112-233-445 95")
        #expect(SNILS.standardize("112-233-445 96").issues.map(\.code) == ["snils.bad_checksum"])
        #expect(SNILS.standardize("112-233-445").issues.map(\.code) == ["snils.length"])
    }

    // MARK: - Properties: the validators agree with straightforward reference implementations.

    /// Reference: the FNS formula written out with explicit weights, independent of the production tables.
    static func referenceINNCheck(_ digits: [Int], weights: [Int]) -> Int {
        zip(digits, weights).map(*).reduce(0, +) % 11 % 10
    }

    static func referenceSNILSCheck(_ digits: [Int]) -> Int {
        let sum = digits.enumerated().map { $0.element * (9 - $0.offset) }.reduce(0, +)
        if sum < 100 { return sum }
        if sum == 100 || sum == 101 { return 0 }
        let remainder = sum % 101
        return remainder == 100 ? 0 : remainder
    }

    static func text(_ digits: [Int]) -> String { digits.map(String.init).joined() }

    static func corrupt(_ digit: Int, by delta: Int) -> Int { (digit + delta) % 10 }

    @Test func inn10AgreesWithReference() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...9).array(of: 9), Gen.int(in: 1...9)) { prefix, delta in
            let check = Self.referenceINNCheck(prefix, weights: [2, 4, 10, 3, 5, 9, 4, 6, 8])
            #expect(INN.isValid(Self.text(prefix + [check])))
            #expect(!INN.isValid(Self.text(prefix + [Self.corrupt(check, by: delta)])))
        }
    }

    @Test func inn12AgreesWithReference() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...9).array(of: 10), Gen.int(in: 1...9)) { prefix, delta in
            let c11 = Self.referenceINNCheck(prefix, weights: [7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
            let c12 = Self.referenceINNCheck(prefix + [c11], weights: [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
            #expect(INN.isValid(Self.text(prefix + [c11, c12])))
            #expect(!INN.isValid(Self.text(prefix + [c11, Self.corrupt(c12, by: delta)])))
        }
    }

    @Test func ogrnAgreesWithReference() async {
        let legal = Gen.int(in: 0...9).array(of: 11)
        await propertyCheck(count: 300, input: legal, Gen.bool, Gen.int(in: 1...9)) { rest, five, delta in
            let prefix = [five ? 5 : 1] + rest
            let check = Int(Int64(Self.text(prefix))! % 11 % 10)
            #expect(OGRN.isValid(Self.text(prefix + [check])))
            #expect(!OGRN.isValid(Self.text(prefix + [Self.corrupt(check, by: delta)])))
        }
    }

    @Test func ogrnipAgreesWithReference() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...9).array(of: 13), Gen.int(in: 1...9)) { rest, delta in
            let prefix = [3] + rest
            let check = Int(Int64(Self.text(prefix))! % 13 % 10)
            #expect(OGRN.isValid(Self.text(prefix + [check])))
            #expect(!OGRN.isValid(Self.text(prefix + [Self.corrupt(check, by: delta)])))
        }
    }

    @Test func snilsAgreesWithReference() async {
        // Numbers above 001-001-998 carry a checksum.
        let prefixes = Gen.int(in: 1_001_999...999_999_999)
        await propertyCheck(count: 300, input: prefixes, Gen.int(in: 1...99)) { number, delta in
            let text = String(number)
            let digits = (String(repeating: "0", count: 9 - text.count) + text).map { Int(String($0))! }
            let check = Self.referenceSNILSCheck(digits)
            let good = Self.text(digits) + (check < 10 ? "0" : "") + String(check)
            let badCheck = (check + delta) % 100
            let bad = Self.text(digits) + (badCheck < 10 ? "0" : "") + String(badCheck)
            #expect(SNILS.isValid(good))
            #expect(!SNILS.isValid(bad))
        }
    }
}
