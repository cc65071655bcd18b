import Foundation
import Testing

@testable import GoldenCore

@Suite struct StandardizationResultTests {
    let standardizers = Standardizers()

    func json(_ result: StandardizationResult) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(result), as: UTF8.self)
    }

    @Test func validPhoneJSON() throws {
        let result = standardizers.standardize(.phone, "+7 (495) 123-45-67", region: .ru)
        #expect(
            try json(result)
                == #"{"field":"phone","input":"+7 (495) 123-45-67","issues":[],"keys":{"e164":"+74951234567","#
                + #""national":"4951234567"},"valid":true,"value":"+74951234567"}"#)
    }

    @Test func invalidINNJSON() throws {
        let result = standardizers.standardize(.inn, "7707083894")
        #expect(
            try json(result)
                == #"{"field":"inn","input":"7707083894","issues":[{"code":"inn.bad_checksum","message":"#
                + #""inn '7707083894' fails its check digit"}],"keys":{},"valid":false,"value":null}"#)
    }

    @Test func everyFieldHasAnEntryPoint() {
        for field in StandardField.allCases {
            let result = standardizers.standardize(field, "")
            #expect(result.field == field)
            #expect(result.valid == false)
            #expect(!result.issues.isEmpty)
        }
        #expect(StandardField(rawValue: "person_name") == .personName)
        #expect(StandardField(rawValue: "job_title") == .jobTitle)
    }

    @Test(arguments: [
        (StandardField.email, "Ivan@Romashka.RU", "Ivan@romashka.ru"),
        (.personName, "ИВАНОВ ИВАН ИВАНОВИЧ", "Иванов Иван Иванович"),
        (.companyName, "ООО Ромашка", "ООО «Ромашка»"),
        (.inn, "7707 083 893", "7707083893"),
        (.kpp, "773601001", "773601001"),
        (.ogrn, "1027700132195", "1027700132195"),
        (.jobTitle, "Founder/CEO", "CEO"),
        (.address, "г. Москва ,ул. Тверская", "г. Москва, ул. Тверская"),
        (.website, "https://www.Romashka.ru/about", "romashka.ru"),
        (.snils, "112-233-445 95", "11223344595"),
    ])
    func valueForEachField(_ field: StandardField, _ input: String, _ value: String) {
        let result = standardizers.standardize(field, input)
        #expect(result.value == value)
        #expect(result.valid)
        #expect(!result.keys.isEmpty)
    }
}
