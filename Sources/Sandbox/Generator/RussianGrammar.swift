/// The two bits of Russian morphology a name generator cannot avoid.
enum RussianGrammar {
    /// Смирнов → Смирнова, Вишневский → Вишневская, Толстой → Толстая; Шевченко, Ким stay as they are.
    static func feminineSurname(_ male: String) -> String {
        if male.hasSuffix("ский") || male.hasSuffix("цкий") {
            return String(male.dropLast(2)) + "ая"
        }
        if male.hasSuffix("ой") {
            return String(male.dropLast(2)) + "ая"
        }
        for ending in ["ов", "ев", "ёв", "ин", "ын"] where male.hasSuffix(ending) {
            return male + "а"
        }
        return male
    }

    /// Patronymic from the father's name stem: Сергеев → Сергеевич / Сергеевна.
    static func patronymic(stem: String, male: Bool) -> String {
        stem + (male ? "ич" : "на")
    }
}
