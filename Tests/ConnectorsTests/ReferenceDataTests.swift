import Foundation
import GoldenCore
import Testing

@testable import Connectors

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

    /// The built-in dictionaries are what a deployment without `mappings/` runs with, so they must say exactly
    /// what the shipped files say: every title's code, rank and labels in order, every name's forms, gender and
    /// variants in order. The files are read with the same YAML decoder production uses.
    @Test("the built-in job titles equal the shipped file, label by label and rank by rank")
    func jobTitlesDoNotDrift() throws {
        let shipped = try #require(
            try ReferenceData.decode(
                JobTitleDictionary.self, mappingsDirectory.appendingPathComponent(ReferenceData.jobTitlesFile)))
        let builtIn = JobTitleDictionary.builtIn.titles
        #expect(shipped.titles.map(\.code) == builtIn.map(\.code))
        for (file, code) in zip(shipped.titles, builtIn) where file != code {
            #expect(file.rank == code.rank, "\(file.code): rank")
            #expect(file.labels == code.labels, "\(file.code): labels")
        }
        #expect(shipped.titles.count == builtIn.count)
        #expect(builtIn.count >= 25)
    }

    @Test("the built-in names equal the shipped file, variant by variant")
    func namesDoNotDrift() throws {
        let shipped = try #require(
            try ReferenceData.decode(
                NameDictionary.self, mappingsDirectory.appendingPathComponent(ReferenceData.namesFile)))
        let builtIn = NameDictionary.builtIn.entries
        #expect(shipped.entries.map(\.cyrillic) == builtIn.map(\.cyrillic))
        for (file, code) in zip(shipped.entries, builtIn) where file != code {
            #expect(file.latin == code.latin, "\(file.cyrillic): latin")
            #expect(file.gender == code.gender, "\(file.cyrillic): gender")
            #expect(file.variants == code.variants, "\(file.cyrillic): variants")
        }
        #expect(shipped.entries.count == builtIn.count)
        #expect(builtIn.count >= 60)
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
