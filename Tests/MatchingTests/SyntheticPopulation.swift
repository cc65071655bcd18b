import Matching

/// A small noisy person population with ground truth, generated deterministically inside the tests: Russian and
/// Latin spellings, namesakes from a short list of common surnames, typos, initials, missing values, swapped
/// birth dates and shared employers.
struct SyntheticPopulation {
    var records: [MatchRecord] = []
    /// Entity id per record.
    var truth: [Int] = []

    static let families: [(String, String)] = [
        ("ivanov", "иванов"), ("petrov", "петров"), ("smirnov", "смирнов"), ("kuznetsov", "кузнецов"),
        ("popov", "попов"), ("sokolov", "соколов"), ("lebedev", "лебедев"), ("kozlov", "козлов"),
        ("novikov", "новиков"), ("morozov", "морозов"), ("volkov", "волков"), ("orlov", "орлов"),
    ]
    static let givens: [(String, String)] = [
        ("ivan", "иван"), ("petr", "пётр"), ("sergey", "сергей"), ("anna", "анна"), ("olga", "ольга"),
        ("maria", "мария"), ("dmitry", "дмитрий"), ("alexey", "алексей"),
    ]
    static let cities = ["moscow", "kazan", "perm", "omsk", "tver"]
    static let syllables = ["ka", "ro", "mi", "te", "su", "lo", "va", "ni", "dor", "sha", "ber", "gin"]

    init(entities: Int, seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for entity in 0..<entities {
            // A third of people carry a common surname (namesakes), the rest a rarer generated one.
            let familyPair: (String, String)
            if Int.random(in: 0..<3, using: &random) == 0 {
                familyPair = Self.families[Int.random(in: 0..<Self.families.count, using: &random)]
            } else {
                let latin = (0..<3).map { _ in
                    Self.syllables[Int.random(in: 0..<Self.syllables.count, using: &random)]
                }
                    .joined() + "ov"
                familyPair = (latin, latin)
            }
            let given = Self.givens[Int.random(in: 0..<Self.givens.count, using: &random)]
            let year = Int.random(in: 1950...2000, using: &random)
            let month = Int.random(in: 1...12, using: &random)
            let day = Int.random(in: 1...28, using: &random)
            let email = "\(given.0).\(familyPair.0)\(entity)@mail.test"
            let phone = "+7900\(1_000_000 + entity * 7)"
            let city = Self.cities[Int.random(in: 0..<Self.cities.count, using: &random)]
            let employer = "org\(Int.random(in: 0..<(entities / 4 + 1), using: &random))"
            let copies = Int.random(in: 1...4, using: &random)
            for copy in 0..<copies {
                var values: [MatchAttribute: [String]] = [:]
                let cyrillic = Int.random(in: 0..<10, using: &random) < 3 && familyPair.0 != familyPair.1
                var familyLatin = familyPair.0
                if Int.random(in: 0..<10, using: &random) == 0 { familyLatin = Self.typo(familyLatin, &random) }
                values[.family] = [cyrillic ? familyPair.1 : familyLatin]
                values[.familyTranslit] = [cyrillic ? familyPair.0 : familyLatin]
                values[.phoneticKey] = [String(familyLatin.prefix(4))]
                let initialOnly = Int.random(in: 0..<10, using: &random) == 0
                values[.givenTranslit] = [initialOnly ? String(given.0.prefix(1)) : given.0]
                values[.givenInitial] = [String(given.0.prefix(1))]
                if Int.random(in: 0..<10, using: &random) < 6 { values[.email] = [email] }
                if Int.random(in: 0..<10, using: &random) < 6 {
                    values[.phone] = [phone]
                    values[.personalPhone] = [phone]
                }
                if Int.random(in: 0..<10, using: &random) < 7 {
                    let swapped = Int.random(in: 0..<20, using: &random) == 0 && day <= 12
                    let (m, d) = swapped ? (day, month) : (month, day)
                    values[.birthDate] = [String(format: year, m, d)]
                }
                if Int.random(in: 0..<10, using: &random) < 8 { values[.city] = [city] }
                if Int.random(in: 0..<10, using: &random) < 8 { values[.employerCluster] = [employer] }
                records.append(
                    MatchRecord(id: "p\(entity)-\(copy)", source: "crm\(copy % 2)", entity: .person, values: values))
                truth.append(entity)
            }
        }
    }

    static func typo(_ text: String, _ random: inout SeededGenerator) -> String {
        var scalars = Array(text)
        let index = Int.random(in: 1..<(scalars.count - 1), using: &random)
        scalars.swapAt(index, index + 1)
        return String(scalars)
    }
}

extension String {
    /// ISO date from components without Foundation formatting.
    init(format year: Int, _ month: Int, _ day: Int) {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        self = "\(year)-\(two(month))-\(two(day))"
    }
}
