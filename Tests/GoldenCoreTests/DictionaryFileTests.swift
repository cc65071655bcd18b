import Foundation
import Testing

@testable import GoldenCore

/// The built-in dictionaries' own guarantees. That they equal the YAML files in `mappings/` (every code, rank,
/// label, name form and variant) is checked in `ConnectorsTests/ReferenceDataTests`, with the YAML decoder that
/// reads the files in production: GoldenCore has no YAML parser.
@Suite struct DictionaryFileTests {
    @Test func requiredTitleCodesExist() {
        let codes = Set(JobTitleDictionary.builtIn.titles.map(\.code))
        for code in ["CEO", "CFO", "CTO", "CHIEF_ACCOUNTANT", "SALES_MANAGER", "SALES_DIRECTOR", "PROCUREMENT_MANAGER",
            "HEAD_OF_IT", "LAWYER", "ACCOUNTANT", "MARKETING_MANAGER", "OWNER", "FOUNDER"]
        {
            #expect(codes.contains(code))
        }
    }

    @Test func dictionariesDecodeFromTheirDocumentedShape() throws {
        let json = #"{"titles":[{"code":"X","rank":1,"labels":["Икс"]}]}"#
        let titles = try JSONDecoder().decode(JobTitleDictionary.self, from: Data(json.utf8))
        #expect(JobTitleStandardizer(dictionary: titles).standardize("икс").value?.code == "X")
        let namesJSON = #"{"names":[{"cyrillic":"Зоя","latin":"Zoya","gender":"f","variants":["Зоенька"]}]}"#
        let names = try JSONDecoder().decode(NameDictionary.self, from: Data(namesJSON.utf8))
        #expect(names.lookup("Зоенька")?.canonical == "Зоя")
    }
}
