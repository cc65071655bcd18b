/// Russian cities with what identifiers derive from them, and street names.
///
/// A city fixes the INN/KPP/OGRN region code, the postcode range and the phone area code, so that these
/// agree with each other inside one entity, as they do in real registries.
enum GeographyVocabulary {
    struct City: Sendable {
        let cyrillic: String
        let latin: String
        /// Two-digit region code used in INN, KPP and OGRN.
        let region: String
        let postcodeBase: Int
        /// Number of thousands the postcodes of this city span.
        let postcodeSpan: Int
        let areaCodes: [String]
        let weight: Int
    }

    static let cities: [City] = [
        City(cyrillic: "Москва", latin: "Moscow", region: "77", postcodeBase: 101_000, postcodeSpan: 29,
             areaCodes: ["495", "499"], weight: 300),
        City(cyrillic: "Санкт-Петербург", latin: "Saint Petersburg", region: "78", postcodeBase: 190_000,
             postcodeSpan: 9, areaCodes: ["812"], weight: 120),
        City(cyrillic: "Новосибирск", latin: "Novosibirsk", region: "54", postcodeBase: 630_000, postcodeSpan: 9,
             areaCodes: ["383"], weight: 30),
        City(cyrillic: "Екатеринбург", latin: "Yekaterinburg", region: "66", postcodeBase: 620_000,
             postcodeSpan: 9, areaCodes: ["343"], weight: 30),
        City(cyrillic: "Казань", latin: "Kazan", region: "16", postcodeBase: 420_000, postcodeSpan: 9,
             areaCodes: ["843"], weight: 28),
        City(cyrillic: "Нижний Новгород", latin: "Nizhny Novgorod", region: "52", postcodeBase: 603_000,
             postcodeSpan: 9, areaCodes: ["831"], weight: 24),
        City(cyrillic: "Челябинск", latin: "Chelyabinsk", region: "74", postcodeBase: 454_000, postcodeSpan: 9,
             areaCodes: ["351"], weight: 20),
        City(cyrillic: "Самара", latin: "Samara", region: "63", postcodeBase: 443_000, postcodeSpan: 9,
             areaCodes: ["846"], weight: 20),
        City(cyrillic: "Омск", latin: "Omsk", region: "55", postcodeBase: 644_000, postcodeSpan: 9,
             areaCodes: ["381"], weight: 15),
        City(cyrillic: "Ростов-на-Дону", latin: "Rostov-on-Don", region: "61", postcodeBase: 344_000,
             postcodeSpan: 9, areaCodes: ["863"], weight: 20),
        City(cyrillic: "Уфа", latin: "Ufa", region: "02", postcodeBase: 450_000, postcodeSpan: 9,
             areaCodes: ["347"], weight: 15),
        City(cyrillic: "Красноярск", latin: "Krasnoyarsk", region: "24", postcodeBase: 660_000, postcodeSpan: 9,
             areaCodes: ["391"], weight: 16),
        City(cyrillic: "Воронеж", latin: "Voronezh", region: "36", postcodeBase: 394_000, postcodeSpan: 9,
             areaCodes: ["473"], weight: 14),
        City(cyrillic: "Пермь", latin: "Perm", region: "59", postcodeBase: 614_000, postcodeSpan: 9,
             areaCodes: ["342"], weight: 14),
        City(cyrillic: "Волгоград", latin: "Volgograd", region: "34", postcodeBase: 400_000, postcodeSpan: 9,
             areaCodes: ["844"], weight: 12),
        City(cyrillic: "Краснодар", latin: "Krasnodar", region: "23", postcodeBase: 350_000, postcodeSpan: 9,
             areaCodes: ["861"], weight: 18),
        City(cyrillic: "Саратов", latin: "Saratov", region: "64", postcodeBase: 410_000, postcodeSpan: 9,
             areaCodes: ["845"], weight: 10),
        City(cyrillic: "Тюмень", latin: "Tyumen", region: "72", postcodeBase: 625_000, postcodeSpan: 4,
             areaCodes: ["345"], weight: 10),
        City(cyrillic: "Тольятти", latin: "Tolyatti", region: "63", postcodeBase: 445_000, postcodeSpan: 4,
             areaCodes: ["848"], weight: 7),
        City(cyrillic: "Ижевск", latin: "Izhevsk", region: "18", postcodeBase: 426_000, postcodeSpan: 9,
             areaCodes: ["341"], weight: 7),
        City(cyrillic: "Барнаул", latin: "Barnaul", region: "22", postcodeBase: 656_000, postcodeSpan: 9,
             areaCodes: ["385"], weight: 7),
        City(cyrillic: "Ульяновск", latin: "Ulyanovsk", region: "73", postcodeBase: 432_000, postcodeSpan: 9,
             areaCodes: ["842"], weight: 6),
        City(cyrillic: "Иркутск", latin: "Irkutsk", region: "38", postcodeBase: 664_000, postcodeSpan: 9,
             areaCodes: ["395"], weight: 8),
        City(cyrillic: "Хабаровск", latin: "Khabarovsk", region: "27", postcodeBase: 680_000, postcodeSpan: 9,
             areaCodes: ["421"], weight: 7),
        City(cyrillic: "Ярославль", latin: "Yaroslavl", region: "76", postcodeBase: 150_000, postcodeSpan: 9,
             areaCodes: ["485"], weight: 7),
        City(cyrillic: "Владивосток", latin: "Vladivostok", region: "25", postcodeBase: 690_000, postcodeSpan: 9,
             areaCodes: ["423"], weight: 8),
        City(cyrillic: "Томск", latin: "Tomsk", region: "70", postcodeBase: 634_000, postcodeSpan: 9,
             areaCodes: ["382"], weight: 6),
        City(cyrillic: "Оренбург", latin: "Orenburg", region: "56", postcodeBase: 460_000, postcodeSpan: 9,
             areaCodes: ["353"], weight: 5),
        City(cyrillic: "Кемерово", latin: "Kemerovo", region: "42", postcodeBase: 650_000, postcodeSpan: 9,
             areaCodes: ["384"], weight: 5),
        City(cyrillic: "Рязань", latin: "Ryazan", region: "62", postcodeBase: 390_000, postcodeSpan: 9,
             areaCodes: ["491"], weight: 5),
        City(cyrillic: "Калининград", latin: "Kaliningrad", region: "39", postcodeBase: 236_000, postcodeSpan: 9,
             areaCodes: ["401"], weight: 6),
        City(cyrillic: "Тула", latin: "Tula", region: "71", postcodeBase: 300_000, postcodeSpan: 9,
             areaCodes: ["487"], weight: 5),
        City(cyrillic: "Сочи", latin: "Sochi", region: "23", postcodeBase: 354_000, postcodeSpan: 9,
             areaCodes: ["862"], weight: 5),
        City(cyrillic: "Мурманск", latin: "Murmansk", region: "51", postcodeBase: 183_000, postcodeSpan: 9,
             areaCodes: ["815"], weight: 3),
        City(cyrillic: "Химки", latin: "Khimki", region: "50", postcodeBase: 141_400, postcodeSpan: 1,
             areaCodes: ["495", "498"], weight: 6),
        City(cyrillic: "Подольск", latin: "Podolsk", region: "50", postcodeBase: 142_100, postcodeSpan: 1,
             areaCodes: ["496"], weight: 5),
    ]

    static let cityWeights = cities.map(\.weight)

    /// Street names in the genitive/adjectival form used after "ул.".
    static let streets = [
        "Ленина", "Мира", "Советская", "Лесная", "Садовая", "Центральная", "Молодёжная", "Школьная", "Октябрьская",
        "Гагарина", "Пушкина", "Набережная", "Заводская", "Полевая", "Новая", "Строителей", "Победы", "Кирова",
        "Комсомольская", "Первомайская", "Юбилейная", "Пролетарская", "Московская", "Некрасова", "Чехова",
        "Лермонтова", "Толстого", "Маяковского", "Горького", "Суворова", "Кутузова", "Промышленная", "Луговая",
        "Зелёная", "Весенняя", "Солнечная", "Речная", "Вокзальная", "Тверская", "Профсоюзная", "Гоголя",
        "Калинина", "Северная", "Южная", "Парковая", "Фрунзе", "Чапаева", "Дзержинского", "Энтузиастов",
    ]

    /// (Cyrillic abbreviation, Latin abbreviation, integer weight).
    static let streetTypes: [(cyrillic: String, latin: String, weight: Int)] = [
        ("ул.", "ul.", 80), ("пр-т", "prospekt", 10), ("пер.", "per.", 5), ("ш.", "sh.", 5),
    ]
}
