extension NameDictionary {
    /// The built-in dictionary, the same entries as `mappings/name_diminutives.yaml`, so the CLI and tests work
    /// without files. Regenerate both from one list when editing.
    public static let builtIn = NameDictionary(names: [
        Entry(
            cyrillic: "Александр", latin: "Alexander", gender: .male,
            variants: ["Саша", "Шура", "Саня", "Санёк", "Alex", "Aleksandr", "Alexandr", "Sasha", "Sascha", "Shura",
                "Sanya", "Alec"]),
        Entry(
            cyrillic: "Александра", latin: "Alexandra", gender: .female,
            variants: ["Саша", "Шура", "Sasha", "Aleksandra", "Alexa", "Sandra"]),
        Entry(
            cyrillic: "Алексей", latin: "Alexey", gender: .male,
            variants: ["Лёша", "Алёша", "Лёха", "Alexei", "Aleksey", "Aleksei", "Alyosha", "Lyosha", "Lesha"]),
        Entry(
            cyrillic: "Анатолий", latin: "Anatoly", gender: .male,
            variants: ["Толя", "Tolya", "Anatoliy", "Anatolii"]),
        Entry(
            cyrillic: "Андрей", latin: "Andrey", gender: .male,
            variants: ["Андрюша", "Andrei", "Andrej", "Andrew", "Andy", "Drew", "Andryusha"]),
        Entry(
            cyrillic: "Анна", latin: "Anna", gender: .female,
            variants: ["Аня", "Анечка", "Нюра", "Anya", "Ann", "Anne", "Annie", "Ania", "Hanna"]),
        Entry(
            cyrillic: "Антон", latin: "Anton", gender: .male,
            variants: ["Антоша", "Тоша", "Antosha", "Tony", "Anthony", "Antony"]),
        Entry(cyrillic: "Артём", latin: "Artem", gender: .male, variants: ["Тёма", "Artyom", "Tyoma"]),
        Entry(cyrillic: "Борис", latin: "Boris", gender: .male, variants: ["Боря", "Borya"]),
        Entry(cyrillic: "Вадим", latin: "Vadim", gender: .male, variants: ["Вадик", "Vadik"]),
        Entry(cyrillic: "Валентина", latin: "Valentina", gender: .female, variants: ["Валя", "Valya"]),
        Entry(
            cyrillic: "Валерий", latin: "Valery", gender: .male,
            variants: ["Валера", "Valeriy", "Valerii", "Valera"]),
        Entry(
            cyrillic: "Василий", latin: "Vasily", gender: .male,
            variants: ["Вася", "Vasiliy", "Vasilii", "Vasya", "Basil"]),
        Entry(cyrillic: "Виктор", latin: "Victor", gender: .male, variants: ["Витя", "Viktor", "Vitya", "Vic"]),
        Entry(
            cyrillic: "Виктория", latin: "Victoria", gender: .female,
            variants: ["Вика", "Viktoria", "Viktoriya", "Vika", "Vicky", "Tori"]),
        Entry(
            cyrillic: "Владимир", latin: "Vladimir", gender: .male,
            variants: ["Володя", "Вова", "Вован", "Volodya", "Vova", "Vlad"]),
        Entry(cyrillic: "Владислав", latin: "Vladislav", gender: .male, variants: ["Влад", "Владик", "Vladik"]),
        Entry(cyrillic: "Галина", latin: "Galina", gender: .female, variants: ["Галя", "Galya"]),
        Entry(
            cyrillic: "Геннадий", latin: "Gennady", gender: .male,
            variants: ["Гена", "Gennadiy", "Gennadii", "Gena"]),
        Entry(
            cyrillic: "Георгий", latin: "George", gender: .male,
            variants: ["Гоша", "Жора", "Georgy", "Georgiy", "Georgii", "Gosha", "Zhora", "Georg"]),
        Entry(
            cyrillic: "Григорий", latin: "Gregory", gender: .male,
            variants: ["Гриша", "Grigory", "Grigoriy", "Grigorii", "Grisha", "Greg"]),
        Entry(cyrillic: "Дарья", latin: "Daria", gender: .female, variants: ["Даша", "Darya", "Dasha", "Dariya"]),
        Entry(cyrillic: "Денис", latin: "Denis", gender: .male, variants: ["Дэн", "Den", "Dennis"]),
        Entry(
            cyrillic: "Дмитрий", latin: "Dmitry", gender: .male,
            variants: ["Дима", "Митя", "Dmitriy", "Dmitrii", "Dima", "Mitya", "Dimitri"]),
        Entry(
            cyrillic: "Евгений", latin: "Evgeny", gender: .male,
            variants: ["Женя", "Yevgeny", "Evgeniy", "Evgenii", "Yevgeniy", "Zhenya", "Eugene", "Gene"]),
        Entry(
            cyrillic: "Евгения", latin: "Evgenia", gender: .female,
            variants: ["Женя", "Yevgenia", "Evgeniya", "Zhenya", "Eugenia"]),
        Entry(
            cyrillic: "Екатерина", latin: "Ekaterina", gender: .female,
            variants: ["Катя", "Катюша", "Yekaterina", "Katya", "Katerina", "Catherine", "Katherine", "Kate",
                "Kathy", "Cathy", "Katie"]),
        Entry(
            cyrillic: "Елена", latin: "Elena", gender: .female,
            variants: ["Лена", "Алёна", "Yelena", "Lena", "Helen", "Helena", "Ellen"]),
        Entry(cyrillic: "Иван", latin: "Ivan", gender: .male, variants: ["Ваня", "Vanya", "Iwan"]),
        Entry(cyrillic: "Джон", latin: "John", gender: .male, variants: ["Johnny", "Jack", "Jon"]),
        Entry(cyrillic: "Джейн", latin: "Jane", gender: .female, variants: ["Janie", "Jenny"]),
        Entry(cyrillic: "Марк", latin: "Mark", gender: .male, variants: ["Marc", "Marcus"]),
        Entry(cyrillic: "Игорь", latin: "Igor", gender: .male, variants: ["Игорёк", "Igoryok"]),
        Entry(cyrillic: "Илья", latin: "Ilya", gender: .male, variants: ["Илюша", "Ilia", "Ilyusha", "Elijah"]),
        Entry(cyrillic: "Ирина", latin: "Irina", gender: .female, variants: ["Ира", "Ирочка", "Ira", "Irene"]),
        Entry(cyrillic: "Кирилл", latin: "Kirill", gender: .male, variants: ["Кирюша", "Kiril", "Cyril", "Kiryusha"]),
        Entry(
            cyrillic: "Константин", latin: "Konstantin", gender: .male,
            variants: ["Костя", "Kostya", "Constantine", "Constantin"]),
        Entry(
            cyrillic: "Ксения", latin: "Ksenia", gender: .female,
            variants: ["Ксюша", "Kseniya", "Xenia", "Ksusha", "Ksyusha"]),
        Entry(cyrillic: "Леонид", latin: "Leonid", gender: .male, variants: ["Лёня", "Lyonya", "Lenya"]),
        Entry(
            cyrillic: "Людмила", latin: "Lyudmila", gender: .female,
            variants: ["Люда", "Мила", "Ludmila", "Lyuda", "Mila"]),
        Entry(cyrillic: "Максим", latin: "Maxim", gender: .male, variants: ["Макс", "Maksim", "Max"]),
        Entry(cyrillic: "Марина", latin: "Marina", gender: .female, variants: ["Мариша", "Marisha"]),
        Entry(
            cyrillic: "Мария", latin: "Maria", gender: .female,
            variants: ["Маша", "Маруся", "Mariya", "Masha", "Mary", "Marie", "Molly", "Polly"]),
        Entry(
            cyrillic: "Михаил", latin: "Michael", gender: .male,
            variants: ["Миша", "Mikhail", "Mihail", "Misha", "Mike", "Mick", "Mickey"]),
        Entry(
            cyrillic: "Наталья", latin: "Natalia", gender: .female,
            variants: ["Наташа", "Наталия", "Natalya", "Natasha", "Nataliya", "Natalie"]),
        Entry(cyrillic: "Никита", latin: "Nikita", gender: .male, variants: ["Никитка"]),
        Entry(
            cyrillic: "Николай", latin: "Nicholas", gender: .male,
            variants: ["Коля", "Nikolay", "Nikolai", "Kolya", "Nick", "Nicky", "Nicolas"]),
        Entry(cyrillic: "Нина", latin: "Nina", gender: .female, variants: []),
        Entry(cyrillic: "Ольга", latin: "Olga", gender: .female, variants: ["Оля", "Olya"]),
        Entry(cyrillic: "Павел", latin: "Paul", gender: .male, variants: ["Паша", "Pavel", "Pasha"]),
        Entry(cyrillic: "Пётр", latin: "Peter", gender: .male, variants: ["Петя", "Petr", "Pyotr", "Petya", "Pete"]),
        Entry(cyrillic: "Роман", latin: "Roman", gender: .male, variants: ["Рома", "Roma"]),
        Entry(cyrillic: "Светлана", latin: "Svetlana", gender: .female, variants: ["Света", "Sveta", "Lana"]),
        Entry(
            cyrillic: "Сергей", latin: "Sergey", gender: .male,
            variants: ["Серёжа", "Серёга", "Sergei", "Serguei", "Seryozha", "Serge"]),
        Entry(cyrillic: "Станислав", latin: "Stanislav", gender: .male, variants: ["Стас", "Stas", "Stan"]),
        Entry(
            cyrillic: "Степан", latin: "Stepan", gender: .male,
            variants: ["Стёпа", "Styopa", "Stephen", "Steven", "Steve"]),
        Entry(cyrillic: "Татьяна", latin: "Tatiana", gender: .female, variants: ["Таня", "Tatyana", "Tanya", "Tania"]),
        Entry(
            cyrillic: "Тимофей", latin: "Timofey", gender: .male,
            variants: ["Тима", "Timofei", "Tima", "Timothy", "Tim"]),
        Entry(
            cyrillic: "Фёдор", latin: "Fedor", gender: .male,
            variants: ["Федя", "Fyodor", "Fiodor", "Fedya", "Theodore", "Ted"]),
        Entry(
            cyrillic: "Юлия", latin: "Julia", gender: .female,
            variants: ["Юля", "Yulia", "Yuliya", "Iuliia", "Julie", "Yulya"]),
        Entry(cyrillic: "Юрий", latin: "Yuri", gender: .male, variants: ["Юра", "Yury", "Yuriy", "Iurii", "Yura"]),
        Entry(cyrillic: "Яков", latin: "Jacob", gender: .male, variants: ["Яша", "Yakov", "Yasha", "Jake"]),
        Entry(cyrillic: "Ярослав", latin: "Yaroslav", gender: .male, variants: ["Ярик", "Слава", "Yarik"]),
        Entry(cyrillic: "Вячеслав", latin: "Vyacheslav", gender: .male, variants: ["Слава", "Slava"]),
        Entry(cyrillic: "Роберт", latin: "Robert", gender: .male, variants: ["Bob", "Bobby", "Rob", "Robbie", "Bert"]),
        Entry(
            cyrillic: "Уильям", latin: "William", gender: .male,
            variants: ["Вильям", "Bill", "Billy", "Will", "Willie", "Liam"]),
        Entry(cyrillic: "Ричард", latin: "Richard", gender: .male, variants: ["Rick", "Ricky", "Dick", "Rich"]),
        Entry(cyrillic: "Джеймс", latin: "James", gender: .male, variants: ["Jim", "Jimmy", "Jamie"]),
        Entry(
            cyrillic: "Элизабет", latin: "Elizabeth", gender: .female,
            variants: ["Елизавета", "Лиза", "Liz", "Lizzy", "Beth", "Betty", "Eliza", "Lisa", "Elisabeth",
                "Yelizaveta", "Elizaveta"]),
        Entry(
            cyrillic: "Маргарет", latin: "Margaret", gender: .female,
            variants: ["Маргарита", "Рита", "Maggie", "Meg", "Peggy", "Rita", "Margarita"]),
        Entry(cyrillic: "Эдуард", latin: "Edward", gender: .male, variants: ["Эдик", "Eduard", "Ed", "Eddie", "Ted"]),
        Entry(cyrillic: "Джозеф", latin: "Joseph", gender: .male, variants: ["Иосиф", "Joe", "Joey", "Iosif", "Osip"]),
        Entry(cyrillic: "Кристофер", latin: "Christopher", gender: .male, variants: ["Chris", "Kit"]),
        Entry(
            cyrillic: "Даниил", latin: "Daniel", gender: .male,
            variants: ["Данила", "Даня", "Daniil", "Danila", "Danya", "Dan", "Danny"]),
        Entry(cyrillic: "Ефим", latin: "Efim", gender: .male, variants: ["Yefim", "Fima"]),
        Entry(cyrillic: "Руслан", latin: "Ruslan", gender: .male, variants: []),
        Entry(cyrillic: "Олег", latin: "Oleg", gender: .male, variants: ["Олежка"]),
        Entry(cyrillic: "Евдокия", latin: "Evdokia", gender: .female, variants: ["Дуня", "Dunya"]),
    ])
}
