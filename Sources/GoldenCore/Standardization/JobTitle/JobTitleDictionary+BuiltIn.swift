extension JobTitleDictionary {
    /// The built-in dictionary, the same titles as `mappings/job_titles.yaml`, so the CLI and tests work without
    /// files. Regenerate both from one list when editing.
    public static let builtIn = JobTitleDictionary(titles: [
        Title(
            code: "CEO", rank: 100,
            labels: ["Chief Executive Officer", "Chief Executive", "General Director", "General Manager",
                "Managing Director", "President", "Генеральный директор", "Гендиректор", "Ген директор",
                "Генеральный", "ГД", "Президент", "Управляющий директор", "Руководитель организации",
                "Глава компании", "Директор общества", "Исполнительный директор"]),
        Title(
            code: "BOARD_CHAIR", rank: 98,
            labels: ["Chairman", "Chairwoman", "Chair of the Board", "Chairman of the Board",
                "Председатель совета директоров", "Председатель правления", "Председатель"]),
        Title(
            code: "OWNER", rank: 95,
            labels: ["Owner", "Co-owner", "Business Owner", "Proprietor", "Владелец", "Совладелец", "Собственник",
                "Владелец бизнеса"]),
        Title(
            code: "FOUNDER", rank: 90,
            labels: ["Founder", "Co-founder", "Cofounder", "Основатель", "Сооснователь", "Учредитель",
                "Соучредитель"]),
        Title(
            code: "DEPUTY_CEO", rank: 80,
            labels: ["Deputy CEO", "Deputy General Director", "Vice President", "VP",
                "Заместитель генерального директора", "Зам генерального директора", "Зам генерального",
                "Зам ген директора", "Замгендиректора", "Заместитель директора", "Зам директора", "Вице-президент"]),
        Title(
            code: "CFO", rank: 85,
            labels: ["Chief Financial Officer", "Finance Director", "Financial Director", "Director of Finance",
                "Финансовый директор", "Финдиректор", "Директор по финансам"]),
        Title(
            code: "CTO", rank: 85,
            labels: ["Chief Technology Officer", "Chief Technical Officer", "Technical Director",
                "Технический директор", "Техдиректор", "Директор по технологиям"]),
        Title(
            code: "COO", rank: 85,
            labels: ["Chief Operating Officer", "Operations Director", "Director of Operations",
                "Операционный директор", "Директор по операциям"]),
        Title(
            code: "CIO", rank: 80,
            labels: ["Chief Information Officer", "IT Director", "Director of IT", "ИТ-директор", "IT-директор",
                "Директор по информационным технологиям", "Директор по ИТ"]),
        Title(
            code: "CHIEF_ACCOUNTANT", rank: 70,
            labels: ["Chief Accountant", "Head Accountant", "Главный бухгалтер", "Главбух", "Гл бухгалтер",
                "Глав бух"]),
        Title(
            code: "SALES_DIRECTOR", rank: 70,
            labels: ["Sales Director", "Director of Sales", "Head of Sales", "VP Sales", "Chief Sales Officer",
                "Коммерческий директор", "Директор по продажам", "Руководитель отдела продаж",
                "Начальник отдела продаж", "РОП"]),
        Title(
            code: "MARKETING_DIRECTOR", rank: 70,
            labels: ["Marketing Director", "Director of Marketing", "Head of Marketing", "CMO",
                "Chief Marketing Officer", "Директор по маркетингу", "Руководитель отдела маркетинга",
                "Маркетинг-директор"]),
        Title(
            code: "PROCUREMENT_DIRECTOR", rank: 65,
            labels: ["Procurement Director", "Purchasing Director", "Head of Procurement", "Head of Purchasing",
                "Директор по закупкам", "Руководитель отдела закупок", "Начальник отдела закупок",
                "Начальник отдела снабжения"]),
        Title(
            code: "HR_DIRECTOR", rank: 65,
            labels: ["HR Director", "Director of Human Resources", "Head of HR", "CHRO", "HRD",
                "Директор по персоналу", "HR-директор", "Начальник отдела кадров", "Руководитель отдела кадров"]),
        Title(
            code: "HEAD_OF_IT", rank: 65,
            labels: ["Head of IT", "IT Manager", "Руководитель ИТ", "Руководитель IT", "Начальник отдела ИТ",
                "Начальник IT-отдела", "Начальник ИТ-отдела", "Руководитель IT-отдела"]),
        Title(
            code: "HEAD_OF_LEGAL", rank: 60,
            labels: ["Head of Legal", "General Counsel", "Legal Director", "Chief Legal Officer",
                "Начальник юридического отдела", "Руководитель юридического отдела", "Юридический директор",
                "Директор по правовым вопросам"]),
        Title(
            code: "CHIEF_ENGINEER", rank: 60,
            labels: ["Chief Engineer", "Главный инженер"]),
        Title(
            code: "DIRECTOR", rank: 75,
            labels: ["Director", "Директор", "Руководитель", "Head", "Начальник"]),
        Title(
            code: "SALES_MANAGER", rank: 40,
            labels: ["Sales Manager", "Account Manager", "Key Account Manager", "KAM", "Sales Representative",
                "Sales Rep", "Менеджер по продажам", "Менеджер отдела продаж", "Менеджер по работе с клиентами",
                "Менеджер по работе с ключевыми клиентами", "Торговый представитель", "Продавец"]),
        Title(
            code: "MARKETING_MANAGER", rank: 40,
            labels: ["Marketing Manager", "Marketer", "Маркетолог", "Менеджер по маркетингу", "Маркетинг-менеджер"]),
        Title(
            code: "PROCUREMENT_MANAGER", rank: 40,
            labels: ["Procurement Manager", "Purchasing Manager", "Buyer", "Procurement Specialist",
                "Менеджер по закупкам", "Специалист по закупкам", "Закупщик", "Снабженец", "Менеджер по снабжению"]),
        Title(
            code: "HR_MANAGER", rank: 40,
            labels: ["HR Manager", "HR", "Recruiter", "HR Specialist", "Менеджер по персоналу",
                "Специалист по кадрам", "Кадровик", "Инспектор отдела кадров", "Рекрутер", "HR-менеджер"]),
        Title(
            code: "PROJECT_MANAGER", rank: 40,
            labels: ["Project Manager", "PM", "Руководитель проекта", "Менеджер проекта", "Менеджер проектов"]),
        Title(
            code: "LOGISTICS_MANAGER", rank: 40,
            labels: ["Logistics Manager", "Logistician", "Логист", "Менеджер по логистике",
                "Начальник отдела логистики"]),
        Title(
            code: "LAWYER", rank: 35,
            labels: ["Lawyer", "Legal Counsel", "Attorney", "Solicitor", "Юрист", "Юрисконсульт", "Адвокат"]),
        Title(
            code: "ACCOUNTANT", rank: 30,
            labels: ["Accountant", "Bookkeeper", "Бухгалтер", "Бух", "Бухгалтер-кассир"]),
        Title(
            code: "ECONOMIST", rank: 30,
            labels: ["Economist", "Financial Analyst", "Экономист", "Финансовый аналитик"]),
        Title(
            code: "ENGINEER", rank: 30,
            labels: ["Engineer", "Инженер", "Ведущий инженер", "Инженер-конструктор"]),
        Title(
            code: "IT_SPECIALIST", rank: 30,
            labels: ["IT Specialist", "System Administrator", "Sysadmin", "Developer", "Programmer",
                "Software Engineer", "Системный администратор", "Сисадмин", "Программист", "Разработчик",
                "ИТ-специалист"]),
        Title(
            code: "MANAGER", rank: 20,
            labels: ["Manager", "Менеджер", "Specialist", "Специалист"]),
        Title(
            code: "OFFICE_MANAGER", rank: 20,
            labels: ["Office Manager", "Офис-менеджер", "Administrator", "Администратор"]),
        Title(
            code: "ASSISTANT", rank: 10,
            labels: ["Assistant", "Personal Assistant", "PA", "Executive Assistant", "Помощник", "Ассистент",
                "Помощник руководителя"]),
        Title(
            code: "SECRETARY", rank: 10,
            labels: ["Secretary", "Receptionist", "Секретарь", "Секретарь-референт", "Референт"]),
    ])
}
