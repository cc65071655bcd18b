import Testing

@testable import GoldenCore

@Suite struct TransliterationTests {
    @Test(arguments: [
        ("Иванов", "Ivanov"), ("Иванов", "Ivanoff"), ("Иванов", "IVANOV"), ("Щукин", "Shchukin"),
        ("Щукин", "Schukin"), ("Юрий", "Yuri"), ("Юрий", "Iurii"), ("Юрий", "Yury"), ("Наталья", "Natalya"),
        ("Наталья", "Natalia"), ("Хабаров", "Khabarov"), ("Хабаров", "Habarov"), ("Цой", "Tsoi"), ("Цой", "Tzoy"),
        ("Сергеев", "Sergeyev"), ("Пётр", "Pyotr"), ("Петр", "Petr"), ("Соловьёв", "Solovyov"),
        ("Алексей", "Aleksey"), ("Алексей", "Alexei"), ("Андрей", "Andrej"), ("Дмитрий", "Dmitry"),
        ("Юлия", "Julia"), ("Евгений", "Yevgeniy"), ("Жуков", "Zhukov"), ("Чайковский", "Tchaikovsky"),
        ("Ромашка", "Romashka"), ("Jose", "José"),
    ])
    func spellingsMeet(_ cyrillic: String, _ latin: String) {
        #expect(Transliteration.latinKey(cyrillic) == Transliteration.latinKey(latin))
    }

    @Test(arguments: [("Иванов", "ivanov"), ("Щукина", "shukina"), ("Алла", "ala"), ("Ivanoff", "ivanov")])
    func foldedKey(_ input: String, _ key: String) {
        #expect(Transliteration.latinKey(input) == key)
    }

    @Test(arguments: [("Иванов", "Петров"), ("Smith", "Smyth-Jones"), ("Иванова", "Иванов")])
    func differentNamesStayApart(_ a: String, _ b: String) {
        #expect(Transliteration.latinKey(a) != Transliteration.latinKey(b))
    }

    @Test func romanizationUsesOneScheme() {
        #expect(Transliteration.romanize("Жанна Щербакова-Юдина") == "zhanna shcherbakova iudina")
        #expect(Transliteration.romanize("Объём") == "obem")
    }

    @Test(arguments: [
        ("Иванов", "Ivanoff"), ("Кузнецов", "Kusnezow"), ("Коваленко", "Kavalenko"), ("Шмидт", "Schmidt"),
    ])
    func phoneticKeysMeet(_ a: String, _ b: String) {
        #expect(Transliteration.phoneticKey(a) == Transliteration.phoneticKey(b))
    }

    @Test func phoneticKeyShape() {
        #expect(Transliteration.phoneticKey("Иванов") == "afnf")
        #expect(Transliteration.phoneticKey("Кузнецов") == "ksnsf")
        #expect(Transliteration.phoneticKey("Петров") != Transliteration.phoneticKey("Иванов"))
    }
}
