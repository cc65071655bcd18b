import PropertyBased
import Testing

@testable import GoldenCore

/// Properties over generated input: nothing crashes, and standardizing a clean value changes nothing.
@Suite struct PropertyTests {
    let standardizers = Standardizers()

    /// Arbitrary Unicode: ASCII, Latin-1, Cyrillic, punctuation, emoji and combining marks mixed.
    static let anyText = Gen<Character>.oneOf(
        Gen.unicodeScalar(in: " "..."~").map { Character($0) },
        Gen.unicodeScalar(in: "\u{A0}"..."\u{24F}").map { Character($0) },
        Gen.unicodeScalar(in: "\u{400}"..."\u{4FF}").map { Character($0) },
        Gen.unicodeScalar(in: "\u{2000}"..."\u{206F}").map { Character($0) },
        Gen.unicodeScalar(in: "\u{1F600}"..."\u{1F64F}").map { Character($0) },
        Gen.unicodeScalar(in: "\u{4E00}"..."\u{4E50}").map { Character($0) }
    ).string(of: 0...40)

    @Test func neverCrashesOnArbitraryUnicode() async {
        await propertyCheck(count: 400, input: Self.anyText) { text in
            for field in StandardField.allCases {
                let result = standardizers.standardize(field, text)
                #expect(result.valid == (result.value != nil && !result.issues.contains(where: \.isError)))
                if !result.valid { #expect(result.keys.isEmpty) }
            }
            _ = Transliteration.latinKey(text)
            _ = Transliteration.phoneticKey(text)
        }
    }

    /// Realistic fragments so the idempotence property sees values that standardize successfully.
    static let nameWords = Gen<String?>.element(of: [
        "иван", "ИВАНОВ", "Петрович", "Мария", "сергеевна", "Smith", "o'brien", "mcdonald", "Анна-Мария", "М.",
        "J.", "van", "Саша", "Bob", "Ivanoff", "Абрамович", "Jane", ",",
    ]).map { $0! }.array(of: 1...4).map { $0.joined(separator: " ") }

    static let companyWords = Gen<String?>.element(of: [
        "ООО", "«Ромашка»", "Romashka", "LLC", "\"Рога", "и", "Копыта\"", "Ltd.", "ПАО", "Group", "&", "Sons",
        "ИП", "Иванов", "И.И.", "АО", "GmbH", "Общество с ограниченной ответственностью", "Company",
    ]).map { $0! }.array(of: 1...4).map { $0.joined(separator: " ") }

    static let phoneTexts = Gen<String?>.element(of: [
        "+7 (495) 123-45-67", "8 912 345 67 89", "495-123-4567", "+44 20 7946 0958", "доб. 12", "ext 7", "#5",
        "+1 415 555 2671", "8", "0", "+", "(", ")", "-", "123",
    ]).map { $0! }.array(of: 1...3).map { $0.joined(separator: " ") }

    static let emailTexts = Gen<String?>.element(of: [
        "Ivan.Petrov@Romashka.RU", "info@mail.ru", "<a@b.ru>", "mailto:x@y.com", "ivan@ПОЧТА.РФ", "a@gmial.com",
        "bad@", "x@y.ru; z@w.ru", "  q@w.org ",
    ]).map { $0! }

    static let titleTexts = Gen<String?>.element(of: [
        "CEO", "Генеральный директор", "Founder/CEO", "CEOn", "главбух", "Sales Manger", "Астронавт",
        "Менеджер по продажам и закупкам", "Head of IT", "ДИРЕКТОР",
    ]).map { $0! }

    static let addressTexts = Gen<String?>.element(of: [
        "г. Москва", "ул. Тверская", "дом 1", "123456", "корпус 2", "10 Main Street", "Россия", "Невский просп.",
        "д.28", "кв 5",
    ]).map { $0! }.array(of: 1...4).map { $0.joined(separator: ", ") }

    func assertIdempotent(_ field: StandardField, _ text: String) {
        let first = standardizers.standardize(field, text)
        guard let value = first.value, first.valid else { return }
        let second = standardizers.standardize(field, value)
        #expect(second.value == value, "\(field): \(text) → \(value) → \(second.value ?? "nil")")
        #expect(second.keys == first.keys, "\(field): keys of \(text) and \(value)")
    }

    @Test func personNamesAreIdempotent() async {
        await propertyCheck(count: 300, input: Self.nameWords) { assertIdempotent(.personName, $0) }
    }

    @Test func companyNamesAreIdempotent() async {
        await propertyCheck(count: 300, input: Self.companyWords) { assertIdempotent(.companyName, $0) }
    }

    @Test func phonesAreIdempotent() async {
        await propertyCheck(count: 300, input: Self.phoneTexts) { assertIdempotent(.phone, $0) }
    }

    @Test func emailsTitlesAndAddressesAreIdempotent() async {
        await propertyCheck(count: 100, input: Self.emailTexts, Self.titleTexts, Self.addressTexts) {
            email, title, address in
            assertIdempotent(.email, email)
            assertIdempotent(.jobTitle, title)
            assertIdempotent(.address, address)
        }
    }

    /// Valid identifiers of every kind (check digits computed in the test from the published algorithms), written
    /// with the separators people type (`770 708 389 3`, `112-233-445-95`), so every case reaches the valid path.
    @Test func identifiersAreIdempotent() async {
        var exercised: [StandardField: Int] = [:]
        let kinds = Gen.int(in: 0...5)
        let digits = Gen.int(in: 0...9).array(of: 14)
        let separators = Gen.int(in: 0...2)
        await propertyCheck(count: 600, input: kinds, digits, separators) { kind, digits, separator in
            let identifier = ValidIdentifier.make(kind: kind, digits: digits)
            let field = identifier.field
            let text = ValidIdentifier.written(identifier.text, separator: separator)
            let first = standardizers.standardize(field, text)
            #expect(first.valid, "\(field) \(text) is valid by construction: \(first.issues.map(\.code))")
            guard first.valid else { return }
            exercised[field, default: 0] += 1
            assertIdempotent(field, text)
        }
        // Six kinds (INN-10, INN-12, KPP, OGRN, OGRNIP, SNILS) over four fields, 600 draws: every field is reached
        // many times, and every draw was checked rather than skipped.
        #expect(exercised.values.reduce(0, +) == 600)
        for field in [StandardField.inn, .kpp, .ogrn, .snils] {
            #expect(exercised[field, default: 0] >= 50, "\(field) was exercised \(exercised[field, default: 0]) times")
        }
    }

    @Test func generatedIdentifiersPassTheirOwnValidators() {
        // Known-good numbers from the issuing bodies' examples anchor the generator's check-digit code.
        #expect(ValidIdentifier.inn10([7, 7, 0, 7, 0, 8, 3, 8, 9]) == "7707083893")
        #expect(ValidIdentifier.inn12([5, 0, 0, 1, 0, 0, 7, 3, 2, 2]) == "500100732259")
        #expect(ValidIdentifier.ogrn([1, 0, 2, 7, 7, 0, 0, 1, 3, 2, 1, 9]) == "1027700132195")
        #expect(ValidIdentifier.ogrnip([3, 0, 4, 5, 0, 0, 1, 1, 6, 0, 0, 0, 1, 5]) == "304500116000157")
        #expect(ValidIdentifier.snils([1, 1, 2, 2, 3, 3, 4, 4, 5]) == "11223344595")
        #expect(INN.isValid("7707083893") && INN.isValid("500100732259"))
        #expect(OGRN.isValid("1027700132195") && OGRN.isValid("304500116000157") && SNILS.isValid("11223344595"))
    }

    @Test func transliterationKeyIsIdempotent() async {
        await propertyCheck(count: 300, input: Self.anyText) { text in
            let key = Transliteration.latinKey(text)
            #expect(Transliteration.latinKey(key) == key)
        }
    }
}

/// Identifiers built with valid check digits, independently of the validators under test.
enum ValidIdentifier {
    static func checkDigit(_ digits: [Int], weights: [Int]) -> Int {
        zip(digits, weights).map { $0 * $1 }.reduce(0, +) % 11 % 10
    }

    /// ИНН of a legal entity: nine digits and one check digit.
    static func inn10(_ body: [Int]) -> String {
        text(body + [checkDigit(body, weights: [2, 4, 10, 3, 5, 9, 4, 6, 8])])
    }

    /// ИНН of a person: ten digits and two check digits, the second over the first eleven.
    static func inn12(_ body: [Int]) -> String {
        let eleventh = checkDigit(body, weights: [7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
        let twelfth = checkDigit(body + [eleventh], weights: [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
        return text(body + [eleventh, twelfth])
    }

    /// ОГРН: 12 digits starting with 1 or 5, then (number mod 11) mod 10.
    static func ogrn(_ body: [Int]) -> String {
        text(body + [Int(Int64(text(body))! % 11 % 10)])
    }

    /// ОГРНИП: 14 digits starting with 3, then (number mod 13) mod 10.
    static func ogrnip(_ body: [Int]) -> String {
        text(body + [Int(Int64(text(body))! % 13 % 10)])
    }

    /// СНИЛС: nine digits, then the weighted sum (weights 9…1) reduced as the Pension Fund specifies.
    static func snils(_ body: [Int]) -> String {
        let sum = zip(body, (1...9).reversed()).map { $0 * $1 }.reduce(0, +)
        let check = sum < 100 ? sum : (sum <= 101 ? 0 : (sum % 101 == 100 ? 0 : sum % 101))
        return text(body) + (check < 10 ? "0" : "") + String(check)
    }

    /// КПП: four digits, two digits or capital letters, three digits.
    static func kpp(_ digits: [Int]) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let middle = digits[4] < 5 ? text(Array(digits[4..<6])) : String([letters[digits[5] * 2], letters[digits[6]]])
        return text(Array(digits[0..<4])) + middle + text(Array(digits[7..<10]))
    }

    /// One identifier of kind `kind` (0…5) from 14 random digits.
    static func make(kind: Int, digits: [Int]) -> (field: StandardField, text: String) {
        var digits = digits
        digits[0] = max(digits[0], 1)  // no all-zero bodies, which some validators refuse on purpose
        switch kind {
        case 0: return (.inn, inn10(Array(digits[0..<9])))
        case 1: return (.inn, inn12(Array(digits[0..<10])))
        case 2: return (.kpp, kpp(digits))
        case 3: return (.ogrn, ogrn([digits[1] < 5 ? 1 : 5] + Array(digits[1..<12])))
        case 4: return (.ogrn, ogrnip([3] + Array(digits[1..<14])))
        default:
            // Numbers up to 001-001-998 predate the checksum; start above them so the check digits matter.
            return (.snils, snils([digits[0]] + Array(digits[1..<9])))
        }
    }

    /// `identifier` as people write it: bare, grouped with spaces, or grouped with dashes.
    static func written(_ identifier: String, separator: Int) -> String {
        guard separator > 0 else { return identifier }
        let mark: Character = separator == 1 ? " " : "-"
        var result = ""
        for (index, character) in identifier.enumerated() {
            if index > 0 && index % 3 == 0 { result.append(mark) }
            result.append(character)
        }
        return result
    }

    static func text(_ digits: [Int]) -> String { digits.map(String.init).joined() }
}
