/// Job titles: a canonical label per title and the variants CRMs actually contain.
///
/// Codes and most variants mirror `mappings/job_titles.yaml`, so the title standardizer can be measured on
/// this data; a few variants are deliberately off-dictionary ("CEOn", "ген. директор") as in real exports.
enum JobTitleVocabulary {
    struct Title: Sendable {
        let code: String
        let russian: String
        let english: String
        let variants: [String]
        let weight: Int
    }

    static let titles: [Title] = [
        Title(code: "CEO", russian: "Генеральный директор", english: "CEO",
              variants: ["Ген. директор", "ген. директор", "Гендиректор", "Founder/CEO", "CEOn", "General Director",
                         "Chief Executive Officer", "генеральный директор", "Директор общества"], weight: 14),
        Title(code: "CFO", russian: "Финансовый директор", english: "CFO",
              variants: ["Финдиректор", "Chief Financial Officer", "Finance Director", "Директор по финансам",
                         "фин. директор"], weight: 6),
        Title(code: "CHIEF_ACCOUNTANT", russian: "Главный бухгалтер", english: "Chief Accountant",
              variants: ["Главбух", "Гл бухгалтер", "гл. бухгалтер", "Head Accountant"], weight: 9),
        Title(code: "SALES_DIRECTOR", russian: "Коммерческий директор", english: "Sales Director",
              variants: ["Директор по продажам", "Head of Sales", "РОП", "Руководитель отдела продаж"], weight: 6),
        Title(code: "CIO", russian: "ИТ-директор", english: "IT Director",
              variants: ["IT-директор", "CIO", "Директор по ИТ", "Chief Information Officer"], weight: 3),
        Title(code: "PROCUREMENT_DIRECTOR", russian: "Директор по закупкам", english: "Procurement Director",
              variants: ["Начальник отдела снабжения", "Head of Procurement", "Руководитель отдела закупок"],
              weight: 4),
        Title(code: "SALES_MANAGER", russian: "Менеджер по продажам", english: "Sales Manager",
              variants: ["Менеджер отдела продаж", "Account Manager", "KAM", "менеджер по продажам",
                         "Менеджер по работе с клиентами"], weight: 16),
        Title(code: "PROCUREMENT_MANAGER", russian: "Менеджер по закупкам", english: "Procurement Manager",
              variants: ["Закупщик", "Специалист по закупкам", "Снабженец", "Buyer"], weight: 12),
        Title(code: "ACCOUNTANT", russian: "Бухгалтер", english: "Accountant",
              variants: ["Бух", "Бухгалтер-кассир", "бухгалтер"], weight: 8),
        Title(code: "LAWYER", russian: "Юрист", english: "Lawyer", variants: ["Юрисконсульт", "Legal Counsel"],
              weight: 4),
        Title(code: "LOGISTICS_MANAGER", russian: "Логист", english: "Logistics Manager",
              variants: ["Менеджер по логистике", "логист"], weight: 4),
        Title(code: "HEAD_OF_IT", russian: "Начальник ИТ-отдела", english: "Head of IT",
              variants: ["Руководитель IT", "IT Manager", "Начальник отдела ИТ"], weight: 3),
        Title(code: "IT_SPECIALIST", russian: "Системный администратор", english: "System Administrator",
              variants: ["Сисадмин", "Программист", "IT Specialist"], weight: 4),
        Title(code: "OFFICE_MANAGER", russian: "Офис-менеджер", english: "Office Manager",
              variants: ["Администратор", "офис-менеджер"], weight: 5),
        Title(code: "OWNER", russian: "Владелец", english: "Owner", variants: ["Собственник", "Совладелец"],
              weight: 3),
        Title(code: "DEPUTY_CEO", russian: "Заместитель генерального директора", english: "Deputy CEO",
              variants: ["Зам ген директора", "Зам. генерального директора", "Vice President"], weight: 4),
        Title(code: "ENGINEER", russian: "Инженер", english: "Engineer", variants: ["Ведущий инженер"], weight: 4),
    ]

    static let weights = titles.map(\.weight)
}
