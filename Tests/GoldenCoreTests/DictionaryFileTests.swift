import Foundation
import Testing

@testable import GoldenCore

/// The YAML files in `mappings/` and the built-in dictionaries must not drift apart. GoldenCore has no YAML
/// parser, so this reads the few scalar lines the flat shape allows.
@Suite struct DictionaryFileTests {
    static let mappings = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("mappings")

    func values(of key: String, in file: String) throws -> [String] {
        let text = try String(contentsOf: Self.mappings.appendingPathComponent(file), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let trimmed = line.drop { $0 == " " || $0 == "-" }
            guard trimmed.hasPrefix(key + ": ") else { return nil }
            return String(trimmed.dropFirst(key.count + 2))
        }
    }

    @Test func jobTitleCodesMatchTheBuiltIn() throws {
        let codes = try values(of: "code", in: "job_titles.yaml")
        #expect(codes == JobTitleDictionary.builtIn.titles.map(\.code))
        #expect(codes.count >= 25)
    }

    @Test func namesMatchTheBuiltIn() throws {
        let cyrillic = try values(of: "cyrillic", in: "name_diminutives.yaml")
        #expect(cyrillic == NameDictionary.builtIn.entries.map(\.cyrillic))
        #expect(cyrillic.count >= 60)
    }

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
