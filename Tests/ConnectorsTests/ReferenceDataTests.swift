import Connectors
import Foundation
import GoldenCore
import Testing

@Suite("Reference data")
struct ReferenceDataTests {
    @Test("the shipped dictionaries load and standardize the brief's examples")
    func shippedDictionaries() throws {
        let standardizers = try ReferenceData.standardizers(mappingsDirectory: mappingsDirectory)
        for title in ["CEO", "Генеральный директор", "Founder/CEO", "CEOn"] {
            #expect(standardizers.jobTitle.standardize(title).value?.code == "CEO", "\(title)")
        }
        let sasha = standardizers.personName.standardize("Саша Иванов").value
        #expect(sasha?.givenCanonical == "Александр")
    }

    @Test("an edited dictionary takes effect; a broken one is an error naming the file")
    func editedAndBroken() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
            titles:
              - code: CHIEF_BEEKEEPER
                rank: 5
                labels: [Главный пчеловод, Head Beekeeper]
            """.write(to: directory.appendingPathComponent(ReferenceData.jobTitlesFile), atomically: true, encoding: .utf8)
        let standardizers = try ReferenceData.standardizers(mappingsDirectory: directory)
        #expect(standardizers.jobTitle.standardize("главный пчеловод").value?.code == "CHIEF_BEEKEEPER")
        #expect(standardizers.jobTitle.standardize("CEO").value?.code == nil, "the file replaces the built-in list")

        try "titles:\n  - code: X\n    labels: [y]\n".write(
            to: directory.appendingPathComponent(ReferenceData.jobTitlesFile), atomically: true, encoding: .utf8)
        #expect {
            try ReferenceData.standardizers(mappingsDirectory: directory)
        } throws: { error in
            (error as? ConfigurationFileError)?.file.hasSuffix(ReferenceData.jobTitlesFile) == true
        }
    }
}
