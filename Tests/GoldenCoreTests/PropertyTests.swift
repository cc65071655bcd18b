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

    @Test func identifiersAreIdempotent() async {
        let digits = Gen.number.string(of: 9...15)
        await propertyCheck(count: 300, input: digits) { text in
            for field in [StandardField.inn, .kpp, .ogrn, .snils] { assertIdempotent(field, text) }
        }
    }

    @Test func transliterationKeyIsIdempotent() async {
        await propertyCheck(count: 300, input: Self.anyText) { text in
            let key = Transliteration.latinKey(text)
            #expect(Transliteration.latinKey(key) == key)
        }
    }
}
