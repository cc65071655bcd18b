import Connectors
import Foundation
import Matching
import SyncEngine
import Testing

@Suite("mappings/match.yaml")
struct MatchSettingsLoaderTests {
    @Test("the shipped file states exactly the code presets (a drift guard)")
    func shippedFileEqualsPresets() throws {
        let loaded = try MatchSettingsLoader.configuration(
            mappingsDirectory: repositoryRoot.appendingPathComponent("mappings"))
        let presets = MatchConfiguration()
        for entity in MatchEntity.allCases {
            #expect(loaded[entity].blockingRules.map(\.attributes) == presets[entity].blockingRules.map(\.attributes))
            #expect(loaded[entity].blockingRules.map(\.maxBlockSize) == presets[entity].blockingRules.map(\.maxBlockSize))
            #expect(loaded[entity].blockingRules.map(\.splitBy) == presets[entity].blockingRules.map(\.splitBy))
            #expect(loaded[entity].thresholds == presets[entity].thresholds)
            #expect(loaded[entity].clustering == presets[entity].clustering)
        }
    }

    @Test("edits take effect for the entity they name only")
    func edits() throws {
        let configuration = try MatchSettingsLoader.load(
            yaml: """
                person:
                  blocking:
                    - { keys: [email], max_block: 10 }
                    - { keys: [family_translit], max_block: 40, split_by: postcode }
                  thresholds: { link: 0.99, review: 0.5 }
                  max_cluster_size: 12
                """, file: "match.yaml")
        #expect(configuration.person.blockingRules.map(\.attributes) == [[.email], [.familyTranslit]])
        #expect(configuration.person.blockingRules[0].maxBlockSize == 10)
        #expect(configuration.person.blockingRules.map(\.splitBy) == [nil, .postcode])
        #expect(configuration.person.thresholds == MatchThresholds(upper: 0.99, lower: 0.5))
        #expect(configuration.person.clustering.maxClusterSize == 12)
        #expect(configuration.organization == MatchConfiguration().organization)
    }

    @Test(
        "mistakes name the line",
        arguments: [
            ("person:\n  blocking:\n    - { keys: [emial] }\n", 3, "unknown key 'emial'"),
            ("person:\n  thresholds: { link: 0.5, review: 0.9 }\n", 2, "review <= link"),
            ("person:\n  blocking:\n    - { keys: [email], split_by: email }\n", 3, "split_by must be a key"),
            ("person:\n  blocking:\n    - { keys: [email], split_by: town }\n", 3, "split_by must be a key"),
            ("company:\n  max_cluster_size: 3\n", 1, "unknown key 'company'"),
            ("organization:\n  max_cluster_size: 1\n", 2, "at least 2"),
        ])
    func mistakes(yaml: String, line: Int, message: String) {
        #expect {
            try MatchSettingsLoader.load(yaml: yaml, file: "match.yaml")
        } throws: { error in
            guard let error = error as? ConfigurationFileError else { return false }
            return error.line == line && error.message.contains(message)
        }
    }
}
