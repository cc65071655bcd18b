import Connectors
import Foundation
import Testing

/// The repository's `mappings/` folder, found from this file's path so tests run from any directory.
let mappingsDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("mappings")

func json(_ text: String) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}

@Suite("Mapping files")
struct MappingLoaderTests {
    @Test("every shipped source mapping loads", arguments: ["salesforce", "hubspot", "bitrix24", "elma365", "1c", "csv"])
    func shippedMappingsLoad(name: String) throws {
        let mapping = try MappingLoader.load(contentsOf: mappingsDirectory.appendingPathComponent("\(name).yaml"))
        #expect(!mapping.entities.isEmpty)
        for entity in mapping.entities.values {
            #expect(entity.fields.contains { $0.required }, "\(name) \(entity.entity) has a required field")
        }
    }

    @Test("accounting receives nothing back and is trusted most on legal fields")
    func accountingIsReadOnly() throws {
        let mapping = try MappingLoader.load(contentsOf: mappingsDirectory.appendingPathComponent("1c.yaml"))
        let organization = try #require(mapping.entities[.organization])
        #expect(organization.receivesBack.isEmpty)
        #expect(organization.trust(for: .inn) == 1.0)
        #expect(organization.trust(for: .phone) == 0.7)
    }

    @Test("errors name the file, the line and the key path")
    func errorsNameFileLineAndKey() {
        let yaml = """
            kind: salesforce
            entities:
              organization:
                object: Account
                id: Id
                fields:
                  legal_name: Name
                  phone: { path: Phone, transform: [trimm] }
            """
        #expect {
            try MappingLoader.load(yaml: yaml, file: "mappings/x.yaml")
        } throws: { error in
            guard let error = error as? ConfigurationFileError else { return false }
            return error.file == "mappings/x.yaml" && error.line == 8
                && error.keyPath == "entities.organization.fields.phone.transform[0]"
                && error.description.contains("unknown transform 'trimm'")
        }
    }

    @Test(
        "refuses unknown keys, fields of the other entity, bad regions, bad trust and bad YAML",
        arguments: [
            ("kind: salesforce\nentities:\n  organization:\n    object: A\n    id: Id\n    fields: { legal_name: Name }\n    recieves_back: [phone]\n",
             7, "unknown key 'recieves_back'"),
            ("kind: salesforce\nentities:\n  organization:\n    object: A\n    id: Id\n    fields: { given_name: FirstName }\n",
             6, "'given_name' is not a field of organization"),
            ("kind: salesforce\ndefault_region: Russia\nentities: {}\n", 2, "two-letter country code"),
            ("kind: salesforce\nentities:\n  person:\n    object: C\n    id: Id\n    fields: { family_name: LastName }\n    trust: { default: 1.5 }\n",
             7, "trust must be between 0 and 1"),
            ("kind: sap\nentities: {}\n", 1, "unknown kind 'sap'"),
            ("kind: salesforce\nentities:\n  person: [unclosed\n", 4, "YAML syntax"),
            ("kind: csv\nentities:\n  person:\n    object: row\n    id: 'a..b'\n    fields: { family_name: x }\n", 5,
             "not a field path"),
        ])
    func refusesBadFiles(yaml: String, line: Int, message: String) {
        #expect {
            try MappingLoader.load(yaml: yaml, file: "m.yaml")
        } throws: { error in
            guard let error = error as? ConfigurationFileError else { return false }
            return error.line == line && error.message.contains(message)
        }
    }
}

@Suite("Mapping engine")
struct MappingEngineTests {
    @Test("Salesforce Account: plain fields, joined address, status map, required name")
    func salesforceAccount() throws {
        let engine = MappingEngine(mapping: try MappingLoader.load(
            contentsOf: mappingsDirectory.appendingPathComponent("salesforce.yaml")))
        let payload = try json("""
            {"attributes": {"type": "Account"}, "Id": "001XX000003DGb2AAG", "Name": "Romashka LLC",
             "Phone": "8 (495) 123-45-67", "BillingStreet": "ul. Lesnaya 1", "BillingCity": "Moscow",
             "BillingPostalCode": "101000", "BillingCountry": "Russia", "BillingState": null,
             "Type": "Former Customer", "INN__c": "7707083893", "KPP__c": " ", "NumberOfEmployees": 120}
            """)
        let record = try engine.map(payload, as: .organization, source: "sf_a")
        #expect(record.sourceKey == "001XX000003DGb2AAG")
        #expect(record.first(.legalName) == "Romashka LLC")
        #expect(record.values[.address] == ["101000, Russia, Moscow, ul. Lesnaya 1"])
        #expect(record.first(.status) == "dead")
        #expect(record.first(.inn) == "7707083893")
        #expect(record.values[.kpp] == nil, "a blank value is no value")
        #expect(record.missingRequired.isEmpty)

        let nameless = try engine.map(try json(#"{"Id": "001B"}"#), as: .organization, source: "sf_a")
        #expect(nameless.missingRequired == [.legalName])
    }

    @Test("Bitrix24 multi-field arrays fan out into repeated values")
    func bitrixMultiFields() throws {
        let engine = MappingEngine(mapping: try MappingLoader.load(
            contentsOf: mappingsDirectory.appendingPathComponent("bitrix24.yaml")))
        let payload = try json("""
            {"ID": "17", "TITLE": "ООО «Ромашка»", "RQ_INN": "7707083893",
             "PHONE": [{"ID": "1", "VALUE_TYPE": "WORK", "VALUE": "+7 495 123-45-67"},
                       {"ID": "2", "VALUE_TYPE": "MOBILE", "VALUE": "8 912 345 67 89"}],
             "EMAIL": [{"ID": "3", "VALUE_TYPE": "WORK", "VALUE": "info@romashka.example"}]}
            """)
        let record = try engine.map(payload, as: .organization, source: "b24")
        #expect(record.values[.phone] == ["+7 495 123-45-67", "8 912 345 67 89"])
        #expect(record.values[.email] == ["info@romashka.example"])
        #expect(record.first(.legalName) == "ООО «Ромашка»")
    }

    @Test("1C contacts are told apart by Тип, single elements count as one-element lists")
    func oneCContacts() throws {
        let engine = MappingEngine(mapping: try MappingLoader.load(
            contentsOf: mappingsDirectory.appendingPathComponent("1c.yaml")))
        let payload = try json("""
            {"Ид": "9a1c6f3e", "Наименование": "Ромашка ООО",
             "ОфициальноеНаименование": "Общество с ограниченной ответственностью \\"Ромашка\\"",
             "ИНН": "7707083893", "КПП": "773601001",
             "ЮридическийАдрес": {"Представление": "101000, Москва г, Лесная ул, дом 1"},
             "Контакты": {"Контакт": [
                {"Тип": "Телефон рабочий", "Значение": "8 (495) 123-45-67"},
                {"Тип": "Почта", "Значение": "info@romashka.example"}]}}
            """)
        let record = try engine.map(payload, as: .organization, source: "acc_1c")
        #expect(record.first(.legalName) == "Общество с ограниченной ответственностью \"Ромашка\"")
        #expect(record.first(.shortName) == "Ромашка ООО")
        #expect(record.values[.phone] == ["8 (495) 123-45-67"])
        #expect(record.values[.email] == ["info@romashka.example"])
        #expect(record.values[.address] == ["101000, Москва г, Лесная ул, дом 1"])

        let single = try json("""
            {"Ид": "x", "Наименование": "Лютик", "Контакты": {"Контакт": {"Тип": "Почта", "Значение": "a@b.example"}}}
            """)
        #expect(try engine.map(single, as: .organization, source: "acc_1c").values[.email] == ["a@b.example"])
    }

    @Test("HubSpot nested properties and associations; CSV split transform")
    func hubspotAndCSV() throws {
        let hubspot = MappingEngine(mapping: try MappingLoader.load(
            contentsOf: mappingsDirectory.appendingPathComponent("hubspot.yaml")))
        let contact = try json("""
            {"id": "501", "archived": false, "properties": {"firstname": "Mark", "lastname": "Smirnov",
             "email": "m.smirnov@romashka.example", "hs_email_optout": "true"},
             "associations": {"companies": {"results": [{"id": "9001", "type": "contact_to_company"}]}}}
            """)
        let person = try hubspot.map(contact, as: .person, source: "hubspot")
        #expect(person.first(.employer) == "9001")
        #expect(person.first(.emailOptOut) == "true")
        #expect(person.first(.givenName) == "Mark")

        let csv = MappingEngine(mapping: try MappingLoader.load(
            contentsOf: mappingsDirectory.appendingPathComponent("csv.yaml")))
        let row = JSONValue.object([
            "id": .string("7"), "name": .string("Смирнов Марк"), "phone": .string("+7 495 1234567; 8 912 3456789"),
        ])
        #expect(try csv.map(row, as: .person, source: "signup").values[.phone] == ["+7 495 1234567", "8 912 3456789"])
    }

    @Test("a record without an id is an error naming the source and the path")
    func missingID() throws {
        let engine = MappingEngine(mapping: try MappingLoader.load(
            contentsOf: mappingsDirectory.appendingPathComponent("bitrix24.yaml")))
        #expect {
            try engine.map(try json(#"{"TITLE": "x"}"#), as: .organization, source: "b24")
        } throws: { error in
            guard let error = error as? ConnectorError else { return false }
            return error.code == .malformedRecord && error.source == "b24" && error.message.contains("'ID'")
        }
    }

    @Test("field paths: parse, filter and refuse")
    func fieldPaths() throws {
        #expect(FieldPath("a..b") == nil)
        #expect(FieldPath("[]") == nil)
        #expect(FieldPath("a[k=]") == nil)
        let path = try #require(FieldPath("list[kind=x|y].v"))
        let payload = try json(#"{"list": [{"kind": "x", "v": 1}, {"kind": "z", "v": 2}, {"kind": "y", "v": 3.5}]}"#)
        #expect(path.values(in: payload) == ["1", "3.5"])
    }
}
