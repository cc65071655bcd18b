/// Building blocks for company names.
///
/// Names are combinations (stem × industry word × suffix), chosen through a permutation of the organization
/// index so that distinct organizations get distinct names without a lookup (`MasterDataFactory`). The
/// Russian space holds about 100,000 names before a tier number ("Альфа-Строй 2") is appended.
enum CompanyVocabulary {
    static let russianStems = [
        "Ромашка", "Альфа", "Вектор", "Гранит", "Сибирь", "Волга", "Урал", "Балтика", "Меридиан", "Горизонт",
        "Восток", "Север", "Прогресс", "Импульс", "Квант", "Спектр", "Орион", "Атлант", "Феникс", "Ника",
        "Лотос", "Дельта", "Омега", "Гамма", "Сигма", "Титан", "Радуга", "Заря", "Рассвет", "Полюс", "Кристалл",
        "Элемент", "Магистраль", "Континент", "Альянс", "Партнер", "Стандарт", "Эталон", "Монолит", "Фаворит",
        "Лидер", "Успех", "Стимул", "Вертикаль", "Основа", "Оптима", "Профи", "Регион", "Капитал", "Ресурс",
        "Темп", "Вираж", "Факел", "Янтарь", "Малахит", "Берёза", "Кедр", "Сосна", "Дубрава", "Ладога", "Нева",
        "Ока", "Кама", "Енисей", "Байкал", "Алтай", "Камелия", "Весна", "Исток", "Пульсар", "Зенит", "Аврора",
        "Галактика", "Бриз", "Парус", "Маяк", "Якорь", "Компас", "Штурман", "Навигатор", "Форвард", "Старт",
        "Триумф", "Олимп", "Эверест", "Эльбрус", "Арсенал", "Бастион", "Форпост", "Гарант", "Статус", "Престиж",
        "Элит", "Классик", "Модерн", "Новатор", "Техно", "Инфо", "Агро", "Энерго", "Мега", "Евро", "Интер",
        "Транс", "Гео", "Эко", "Био", "Нано", "Вита", "Тера",
    ]

    static let russianIndustries = [
        "Строй", "Сервис", "Трейд", "Торг", "Снаб", "Пром", "Логистик", "Маркет", "Инвест", "Консалт", "Софт",
        "Систем", "Медиа", "Экспорт", "Монтаж", "Проект", "Комплект", "Транс", "Авто", "Агро", "Энерго", "Металл",
        "Пласт", "Лес", "Хим", "Фарм", "Мед", "Продукт", "Ресурс", "Девелопмент", "Инжиниринг", "Автоматика",
        "Электро", "Сеть", "Дизайн", "Принт", "Пак", "Тех", "Маш", "Холод", "Тепло", "Вент", "Окна", "Мебель",
        "Текстиль", "Фуд", "Молоко", "Хлеб", "Стекло", "Кабель", "Гидро", "Нефть", "Газ", "Уголь", "Кран",
        "Телеком", "Лаб", "Групп", "Капитал", "Тур",
    ]

    /// The empty suffix first: most names have none.
    static let russianSuffixes = [
        "", " Групп", " Плюс", "-М", "-Центр", " Холдинг", "-Юг", "-Север", " Проф", " Лайн", " Про", "-Урал",
        "-Сибирь", " Регион",
    ]

    /// Names many unrelated companies carry (held-out class `commonName`): a few spellings shared nationwide.
    static let commonNames = ["Альянс", "Вектор", "Гарант", "Лидер", "Прогресс", "Стандарт"]

    /// What turns "Ромашка" into its hard-negative twin "Ромашка-М" (a different company, a different INN).
    static let twinModifiers = ["-М", "-2", " Плюс", "-Центр", "-Юг", " Групп", "-Трейд", "-Н"]

    static let westernStems: [(latin: String, cyrillic: String)] = [
        ("Northwind", "Нортвинд"), ("Blue Harbor", "Блю Харбор"), ("Silver Peak", "Сильвер Пик"),
        ("Greenfield", "Гринфилд"), ("Redwood", "Редвуд"), ("Brightline", "Брайтлайн"), ("Ironclad", "Айронклад"),
        ("Summit", "Саммит"), ("Pioneer", "Пионир"), ("Atlas", "Атлас"), ("Vertex", "Вертекс"), ("Nova", "Нова"),
        ("Apex", "Апекс"), ("Crescent", "Кресент"), ("Evergreen", "Эвергрин"), ("Falcon", "Фалкон"),
        ("Harborview", "Харборвью"), ("Keystone", "Кистоун"), ("Lighthouse", "Лайтхаус"), ("Maple", "Мейпл"),
        ("Oakridge", "Оукридж"), ("Pinnacle", "Пиннакл"), ("Quantum", "Квантум"), ("Riverside", "Риверсайд"),
        ("Sapphire", "Сапфир"), ("Sterling", "Стерлинг"), ("Sunrise", "Санрайз"), ("Trident", "Трайдент"),
        ("Unity", "Юнити"), ("Vanguard", "Вэнгард"), ("Westbrook", "Вестбрук"), ("Beacon", "Бикон"),
        ("Cedar", "Сидар"), ("Clearwater", "Клируотер"), ("Cobalt", "Кобальт"), ("Crown", "Краун"),
        ("Eagle", "Игл"), ("Echo", "Эко"), ("Frontier", "Фронтир"), ("Highland", "Хайленд"), ("Ivory", "Айвори"),
        ("Kingston", "Кингстон"), ("Lakeside", "Лейксайд"), ("Liberty", "Либерти"), ("Mosaic", "Мозаик"),
        ("Nordic", "Нордик"), ("Orbit", "Орбит"), ("Polaris", "Поларис"), ("Prime", "Прайм"), ("Regal", "Ригал"),
        ("Sequoia", "Секвойя"), ("Spectrum", "Спектрум"), ("Stonebridge", "Стоунбридж"), ("Bluewave", "Блювейв"),
        ("Goldcrest", "Голдкрест"), ("Silverline", "Сильверлайн"), ("Northstar", "Нортстар"),
        ("Starlight", "Старлайт"), ("Windmill", "Виндмилл"), ("Aurora", "Аврора"),
    ]

    static let westernQualifiers: [(latin: String, cyrillic: String)] = [
        ("", ""), (" Global", " Глобал"), (" International", " Интернешнл"), (" Europe", " Европа"),
        (" Eurasia", " Евразия"), (" North", " Норт"), (" Group", " Груп"),
    ]

    static let westernIndustries: [(latin: String, cyrillic: String)] = [
        ("Logistics", "Логистикс"), ("Systems", "Системс"), ("Solutions", "Солюшнс"),
        ("Technologies", "Текнолоджис"), ("Trading", "Трейдинг"), ("Consulting", "Консалтинг"),
        ("Industries", "Индастриз"), ("Partners", "Партнерс"), ("Holdings", "Холдингс"), ("Software", "Софтвер"),
        ("Energy", "Энерджи"), ("Capital", "Кэпитал"), ("Foods", "Фудс"), ("Pharma", "Фарма"), ("Media", "Медиа"),
        ("Networks", "Нетворкс"), ("Analytics", "Аналитикс"), ("Labs", "Лабс"), ("Dynamics", "Дайнемикс"),
        ("Robotics", "Роботикс"), ("Materials", "Материалс"), ("Retail", "Ритейл"), ("Freight", "Фрейт"),
        ("Security", "Секьюрити"), ("Health", "Хелс"), ("Devices", "Девайсес"), ("Engineering", "Инжиниринг"),
        ("Ventures", "Венчурс"), ("Motors", "Моторс"), ("Chemicals", "Кемикалс"),
    ]

    static let contactMailboxes = ["info", "office", "sales", "mail", "hello", "zakaz"]
    static let topLevelDomains = ["ru", "ru", "ru", "com", "net", "su", "pro"]
}
