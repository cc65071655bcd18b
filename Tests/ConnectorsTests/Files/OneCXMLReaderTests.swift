@testable import Connectors
import Foundation
import Testing

/// CommerceML 2 samples shaped like the reference (§5.1): a document with counterparties, a catalog owner and a
/// classifier list, with nested representatives and a director.
func commerceML(namespace: Bool, encoding: String = "UTF-8") -> String {
    let xmlns = namespace ? " xmlns=\"urn:1C.ru:commerceml_2\"" : ""
    return """
        <?xml version="1.0" encoding="\(encoding)"?>
        <КоммерческаяИнформация\(xmlns) ВерсияСхемы="2.05" ДатаФормирования="2024-05-01T12:00:00">
          <Документ>
            <Ид>doc-1</Ид>
            <Контрагенты>
              <Контрагент>
                <Ид>9a1c6f3e-0001</Ид>
                <Наименование>Ромашка ООО</Наименование>
                <ОфициальноеНаименование>Общество с ограниченной ответственностью "Ромашка"</ОфициальноеНаименование>
                <ЮридическийАдрес>
                  <Представление>101000, Москва г, Лесная ул, дом 1</Представление>
                  <АдресноеПоле><Тип>Почтовый индекс</Тип><Значение>101000</Значение></АдресноеПоле>
                  <АдресноеПоле><Тип>Город</Тип><Значение>Москва</Значение></АдресноеПоле>
                </ЮридическийАдрес>
                <ИНН>7707083893</ИНН>
                <КПП>773601001</КПП>
                <Роль>Покупатель</Роль>
                <Контакты>
                  <Контакт><Тип>Телефон рабочий</Тип><Значение>8 (495) 123-45-67</Значение></Контакт>
                  <Контакт><Тип>Почта</Тип><Значение>info@romashka.example</Значение></Контакт>
                </Контакты>
                <Взаиморасчеты><Задолженность>1500.50</Задолженность></Взаиморасчеты>
                <Договор><Номер>Д-17/2024</Номер></Договор>
                <Руководитель><Ид>p-0</Ид><Наименование>Петров Пётр</Наименование></Руководитель>
                <Представители>
                  <Представитель>
                    <Контрагент>
                      <Ид>p-1</Ид><Наименование>Иванов Иван Иванович</Наименование>
                      <Отношение>Контактное лицо</Отношение>
                    </Контрагент>
                  </Представитель>
                  <Представитель>
                    <Ид>p-2</Ид><Наименование>Сидорова Анна</Наименование><Отношение>Бухгалтер</Отношение>
                  </Представитель>
                </Представители>
              </Контрагент>
              <Контрагент>
                <Ид>9a1c6f3e-0002</Ид>
                <Наименование>Кузнецов Алексей ИП</Наименование>
                <ПолноеНаименование>Кузнецов Алексей Викторович</ПолноеНаименование>
                <Фамилия>Кузнецов</Фамилия><Имя>Алексей</Имя>
                <ИНН>774301390193</ИНН>
                <Контакты><Контакт><Тип>Электронная почта</Тип><Значение>ak@example.ru</Значение></Контакт></Контакты>
                <ПометкаУдаления>true</ПометкаУдаления>
              </Контрагент>
            </Контрагенты>
          </Документ>
          <Каталог СодержитТолькоИзменения="false">
            <Ид>cat-1</Ид>
            <Владелец><Ид>owner-1</Ид><Наименование>Наша фирма</Наименование><ИНН>7736207543</ИНН></Владелец>
          </Каталог>
          <Классификатор>
            <Контрагенты><Контрагент><Ид>cls-1</Ид><Наименование>Вектор АО</Наименование></Контрагент></Контрагенты>
          </Классификатор>
        </КоммерческаяИнформация>
        """
}

let enterpriseData = """
    <?xml version="1.0" encoding="UTF-8"?>
    <Message xmlns:msg="http://www.1c.ru/SSL/Exchange/Message" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
      <msg:Header>
        <msg:Format>http://v8.1c.ru/edi/edi_stnd/EnterpriseData/1.8</msg:Format>
        <msg:CreationDate>2024-05-02T09:30:00</msg:CreationDate>
      </msg:Header>
      <Body xmlns="http://v8.1c.ru/edi/edi_stnd/EnterpriseData/1.8">
        <Справочник.Контрагенты>
          <КлючевыеСвойства>
            <Ссылка>ed-0001</Ссылка>
            <Наименование>Ромашка ООО</Наименование>
            <НаименованиеПолное>Общество с ограниченной ответственностью "Ромашка"</НаименованиеПолное>
            <ИНН>7707083893</ИНН>
            <КПП>773601001</КПП>
            <ЮридическоеФизическоеЛицо>ЮридическоеЛицо</ЮридическоеФизическоеЛицо>
            <СтранаРегистрации><Ссылка>country-643</Ссылка>
              <ДанныеКлассификатора><Код>643</Код></ДанныеКлассификатора></СтранаРегистрации>
            <РегистрационныйНомер>1027700132195</РегистрационныйНомер>
          </КлючевыеСвойства>
          <ОбособленноеПодразделение>false</ОбособленноеПодразделение>
          <КонтактнаяИнформация>
            <Строка><ВидКонтактнойИнформации>АдресЭлектроннойПочты</ВидКонтактнойИнформации>\
    <ЗначенияПолей>&lt;КонтактнаяИнформация Представление="a@b.ru"/&gt;</ЗначенияПолей></Строка>
          </КонтактнаяИнформация>
        </Справочник.Контрагенты>
        <Справочник.Контрагенты>
          <КлючевыеСвойства>
            <Ссылка>ed-0002</Ссылка><Наименование>Кузнецов А. В.</Наименование>
            <ИНН>774301390193</ИНН><ЮридическоеФизическоеЛицо>ФизическоеЛицо</ЮридическоеФизическоеЛицо>
          </КлючевыеСвойства>
          <ПометкаУдаления>true</ПометкаУдаления>
        </Справочник.Контрагенты>
        <УдалениеОбъекта>
          <СсылкаНаОбъект><СсылкаНаОбъект><СправочникСсылка.Контрагенты>ed-0003</СправочникСсылка.Контрагенты>\
    </СсылкаНаОбъект></СсылкаНаОбъект>
        </УдалениеОбъекта>
        <УдалениеОбъекта>
          <СсылкаНаОбъект><СсылкаНаОбъект><СправочникСсылка.Номенклатура>item-9</СправочникСсылка.Номенклатура>\
    </СсылкаНаОбъект></СсылкаНаОбъект>
        </УдалениеОбъекта>
      </Body>
    </Message>
    """

@Suite("1C XML reader")
struct OneCXMLReaderTests {
    func read(_ url: URL) throws -> ([RawRecord], [ConnectorError]) {
        var records: [RawRecord] = []
        var issues: [ConnectorError] = []
        try OneCXMLReader(url: url, source: "acc_1c", timeZone: .gmt).read { result in
            switch result {
            case .success(let record): records.append(record)
            case .failure(let issue): issues.append(issue)
            }
        }
        return (records, issues)
    }

    func read(_ text: String, name: String = "feed.xml") throws -> ([RawRecord], [ConnectorError]) {
        try withTemporaryDirectorySync { folder in try read(try write(text, to: folder, name: name)) }
    }

    @Test(
        "CommerceML counterparties wherever they sit, with and without the default namespace",
        arguments: [true, false])
    func commerceMLCounterparties(namespace: Bool) throws {
        let (records, issues) = try read(commerceML(namespace: namespace))
        #expect(issues.isEmpty)
        #expect(records.map(\.sourceKey) == ["9a1c6f3e-0001", "9a1c6f3e-0002", "owner-1", "cls-1"])
        #expect(records.map(\.origin) == (1...4).map { "feed.xml:element \($0)" })
        #expect(records.allSatisfy { $0.entity == .organization && $0.source == "acc_1c" })
        #expect(records.map(\.deleted) == [false, true, false, false])
        #expect(records[0].modifiedAt == Date(timeIntervalSince1970: 1_714_564_800))
        let first = records[0].payload
        #expect(first["ИНН"] == .string("7707083893"))
        #expect(first["ЮридическийАдрес"]?["АдресноеПоле"] == .array([
            .object(["Тип": .string("Почтовый индекс"), "Значение": .string("101000")]),
            .object(["Тип": .string("Город"), "Значение": .string("Москва")]),
        ]))
        // Contact persons stay inside their company.
        let representatives = try #require(first["Представители"]?["Представитель"])
        guard case .array(let people) = representatives else {
            Issue.record("representatives are not a list")
            return
        }
        #expect(people[0]["Контрагент"]?["Наименование"] == .string("Иванов Иван Иванович"))
        #expect(people[1]["Отношение"] == .string("Бухгалтер"))
        #expect(first["Руководитель"]?["Ид"] == .string("p-0"))
        #expect(first["ЮридическоеФизическоеЛицо"] == nil)
        #expect(records[1].payload["ЮридическоеФизическоеЛицо"] == .string("ФизическоеЛицо"))
    }

    @Test("namespaced and plain CommerceML give identical payloads")
    func namespaceDoesNotMatter() throws {
        let (withNamespace, _) = try read(commerceML(namespace: true))
        let (plain, _) = try read(commerceML(namespace: false))
        #expect(withNamespace == plain)
    }

    @Test("the shipped 1c.yaml mapping reads every field it names from a CommerceML payload")
    func mappingReadsPayload() throws {
        let mapping = try MappingLoader.load(contentsOf: mappingsDirectory.appendingPathComponent("1c.yaml"))
        let engine = MappingEngine(mapping: mapping)
        let (records, _) = try read(commerceML(namespace: true))
        let mapped = try engine.map(records[0].payload, as: .organization, source: "acc_1c")
        #expect(mapped.sourceKey == "9a1c6f3e-0001")
        #expect(mapped.first(.legalName) == "Общество с ограниченной ответственностью \"Ромашка\"")
        #expect(mapped.first(.inn) == "7707083893")
        #expect(mapped.first(.address) == "101000, Москва г, Лесная ул, дом 1")
        #expect(mapped.values[.phone] == ["8 (495) 123-45-67"])
        #expect(mapped.values[.email] == ["info@romashka.example"])
        #expect(mapped.first(.receivablesBalance) == "1500.50")
        #expect(mapped.first(.contractNumber) == "Д-17/2024")
        let person = try engine.map(records[1].payload, as: .organization, source: "acc_1c")
        #expect(person.values[.email] == ["ak@example.ru"])
        #expect(person.first(.legalName) == "Кузнецов Алексей Викторович")
    }

    @Test("EnterpriseData counterparties are flattened into the CommerceML shape; deletions become deleted records")
    func enterpriseDataCounterparties() throws {
        let (records, issues) = try read(enterpriseData)
        #expect(issues.isEmpty)
        #expect(records.map(\.sourceKey) == ["ed-0001", "ed-0002", "ed-0003"])
        #expect(records.map(\.deleted) == [false, true, true])
        #expect(records.map(\.origin) == ["feed.xml:element 1", "feed.xml:element 2", "feed.xml:element 3"])
        #expect(records[0].modifiedAt == Date(timeIntervalSince1970: 1_714_642_200))
        let payload = records[0].payload
        #expect(payload["КлючевыеСвойства"] == nil)
        #expect(payload["Ид"] == .string("ed-0001"))
        #expect(payload["ОГРН"] == .string("1027700132195"))
        #expect(payload["КПП"] == .string("773601001"))
        #expect(payload["ОфициальноеНаименование"] == payload["НаименованиеПолное"])
        #expect(payload["СтранаРегистрации"]?["ДанныеКлассификатора"]?["Код"] == .string("643"))
        #expect(payload["КонтактнаяИнформация"]?["Строка"]?["ЗначенияПолей"]
            == .string("<КонтактнаяИнформация Представление=\"a@b.ru\"/>"))
        #expect(records[1].payload["ЮридическоеФизическоеЛицо"] == .string("ФизическоеЛицо"))
        #expect(records[2].payload["ПометкаУдаления"] == .string("true"))

        let mapping = try MappingLoader.load(contentsOf: mappingsDirectory.appendingPathComponent("1c.yaml"))
        let mapped = try MappingEngine(mapping: mapping).map(payload, as: .organization, source: "acc_1c")
        #expect(mapped.first(.legalName) == "Общество с ограниченной ответственностью \"Ромашка\"")
        #expect(mapped.first(.ogrn) == "1027700132195")
    }

    @Test("a windows-1251 document is decoded through its XML declaration")
    func windows1251Document() throws {
        try withTemporaryDirectorySync { folder in
            let bytes = windows1251Bytes(commerceML(namespace: true, encoding: "windows-1251"))
            #expect(bytes.contains(0xCA))  // "К" in windows-1251: the file really is not UTF-8
            let (legacy, issues) = try read(try write(bytes, to: folder, name: "cp1251.xml"))
            let (utf8, _) = try read(try write(commerceML(namespace: true), to: folder, name: "utf8.xml"))
            #expect(issues.isEmpty)
            #expect(legacy.map(\.payload) == utf8.map(\.payload))
            #expect(legacy.first?.payload["Наименование"] == .string("Ромашка ООО"))
        }
    }

    @Test("a truncated document is an error naming the file and line, after the complete records were delivered")
    func truncated() throws {
        let text = commerceML(namespace: true)
        let cut = String(text.prefix(upTo: try #require(text.range(of: "<Ид>owner-1</Ид>")).lowerBound))
        try withTemporaryDirectorySync { folder in
            let url = try write(cut, to: folder, name: "cut.xml")
            var records: [RawRecord] = []
            #expect {
                try OneCXMLReader(url: url, source: "acc_1c").read { records.append(try $0.get()) }
            } throws: { error in
                let error = error as? ConnectorError
                return error?.code == .malformedPage && error?.location?.hasPrefix("cut.xml:") == true
                    && Int(error?.location?.dropFirst("cut.xml:".count) ?? "") ?? 0 >= 47
            }
            #expect(records.map(\.sourceKey) == ["9a1c6f3e-0001", "9a1c6f3e-0002"])
        }
    }

    @Test("a counterparty without an id is an issue naming file, line and element; the others are read")
    func missingID() throws {
        let text = """
            <КоммерческаяИнформация><Контрагенты>
            <Контрагент><Ид>a</Ид></Контрагент>
            <Контрагент><Наименование>без Ид</Наименование></Контрагент>
            <Контрагент><Ид>c</Ид></Контрагент>
            </Контрагенты></КоммерческаяИнформация>
            """
        let (records, issues) = try read(text)
        #expect(records.map(\.sourceKey) == ["a", "c"])
        #expect(issues.map(\.location) == ["feed.xml:3 (element 2)"])
    }

    @Test("bytes that are not text in the declared encoding are an error naming the line")
    func badEncoding() {
        withTemporaryDirectorySync { folder in
            let bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>\n<Контрагент><Ид>".utf8)
                + [0xC0, 0xFF, 0xFE] + Array("</Ид></Контрагент></a>".utf8)
            #expect {
                _ = try read(try write(bytes, to: folder, name: "bad.xml"))
            } throws: { ($0 as? ConnectorError)?.location == "bad.xml:3" }
        }
    }

    @Test("elements become objects, repeats become arrays, attributes become @keys")
    func elementConversion() throws {
        let text = """
            <Контрагенты><Контрагент Версия="3"><Ид>x</Ид><Тег>a</Тег><Тег>b</Тег><Пусто/>\
            <Сумма Валюта="RUB">10</Сумма></Контрагент></Контрагенты>
            """
        let (records, _) = try read(text)
        #expect(records.first?.payload == .object([
            "@Версия": .string("3"), "Ид": .string("x"), "Тег": .array([.string("a"), .string("b")]),
            "Пусто": .string(""), "Сумма": .object(["@Валюта": .string("RUB"), "#text": .string("10")]),
        ]))
    }
}
