import Foundation
import GoldenStore
import GoldenTestSupport
import Matching
import PostgresNIO
import Testing

/// The application writes the search keys the server used to compute (`golden_search_keys`, migration 8): over seeded
/// documents, realistic and hostile, both give the same set, so the query side (which folds with the SQL function)
/// still meets what is stored.
@Suite("Golden search keys", .database)
struct GoldenSearchKeysTests {
    static let words = [
        "ООО «Ромашка»", "Romashka LLC", "Щукин Жорж Хачатурович", "Юлия Ёлкина", "Шахов Ч.", "Xerox Wind",
        "Kharkov Khh", "ИП Иванов И.И.", "Объединённый Подъезд", "İstanbul Ltd", "Straße", "café", "e\u{301}clair",
        "ΣΟΦΙΑ", "", "АЛЬЯНС-2000", "yoyo jj", "K\u{212A}", "\u{1F600} smile", "a", "ab", "abc", "Ъ", "O'Brien & Co.",
    ]
    static let emails = ["Info@Romashka.RU", "ИВАН@пример.рф", "a@b", "X@Y.COM"]
    static let digits = ["+7 (495) 123-45-67", "7707083893", "1027700132195", "12", "٣٤٥٦", "+1 212 555 0100"]

    @Test("the application's keys equal golden_search_keys on 400 seeded documents")
    func sameAsTheSQLFunction() async throws {
        let db = try TestDatabase.require
        var random = SeededGenerator(seed: 13)  // Matching's SplitMix64
        func pick(_ pool: [String], _ count: Int) -> [String] {
            (0..<count).map { _ in
                // Sometimes two pool entries joined, sometimes a random character mix.
                switch Int.random(in: 0..<4, using: &random) {
                case 0: return pool.randomElement(using: &random)! + " " + pool.randomElement(using: &random)!
                case 1:
                    return String(
                        (0..<Int.random(in: 0...12, using: &random)).map { _ in
                            Character(
                                Unicode.Scalar(
                                    [0x41, 0x61, 0x410, 0x430, 0x401, 0x451, 0x30, 0x2D, 0x20, 0x130, 0x3A3, 0x4E00]
                                        .randomElement(using: &random)! + UInt32.random(in: 0..<26, using: &random))!)
                        })
                default: return pool.randomElement(using: &random)!
                }
            }
        }
        for round in 0..<400 {
            let names = pick(Self.words, Int.random(in: 0...3, using: &random))
            let emails = pick(Self.emails, Int.random(in: 0...2, using: &random))
            let digits = pick(Self.digits, Int.random(in: 0...3, using: &random))
            var document: [String: Any] = [:]
            if names.count > 0 { document["legal_name"] = names[0] }
            if names.count > 1 { document["short_name"] = names[1] }
            if names.count > 2 { document["name"] = [names[2]] }
            if !emails.isEmpty { document["email"] = emails }
            if !digits.isEmpty { document["phone"] = Array(digits.dropLast()) }
            if let last = digits.last { document["inn"] = last }
            let json = String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self)
            var expected: [String] = []
            for try await keys in try await db.client.query("SELECT golden_search_keys(\(json)::jsonb)").decode(
                [String].self)
            {
                expected = keys
            }
            let phones = digits.dropLast()
            let keys = GoldenSearchKeys.keys(
                names: names, emails: emails, digitValues: Array(phones) + (digits.last.map { [$0] } ?? []))
            #expect(Set(keys) == Set(expected), "round \(round): \(json)")
            #expect(keys.count == Set(keys).count, "each key once")
        }
    }

    @Test("folding merges the Cyrillic and Latin spellings of a name")
    func folding() {
        #expect(GoldenSearchKeys.fold("Иванов") == GoldenSearchKeys.fold("Ivanov"))
        #expect(GoldenSearchKeys.fold("Хачатуров") == GoldenSearchKeys.fold("Hachaturov"))
        #expect(GoldenSearchKeys.fold("Щукин") == "shchukin")
        #expect(GoldenSearchKeys.keys(names: ["ООО Ромашка"], emails: [], digitValues: []) == ["n:ooo", "n:romashka"])
    }
}
