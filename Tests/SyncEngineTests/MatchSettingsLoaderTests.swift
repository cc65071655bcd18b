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
            #expect(loaded[entity].blockingRules.map(\.edits) == presets[entity].blockingRules.map(\.edits))
            #expect(
                loaded[entity].blockingRules.map(\.unblockedOnly) == presets[entity].blockingRules.map(\.unblockedOnly))
            #expect(loaded[entity].thresholds == presets[entity].thresholds)
            #expect(loaded[entity].clustering == presets[entity].clustering)
            // Names, attributes, levels, labels, thresholds, term-frequency flags, null and related attributes.
            #expect(loaded[entity].comparisons == presets[entity].comparisons)
        }
    }

    @Test("a comparisons section replaces the preset's comparisons; every level kind reads")
    func comparisons() throws {
        let configuration = try MatchSettingsLoader.load(
            yaml: """
                person:
                  comparisons:
                    - name: family
                      attribute: family_translit
                      related: [phonetic_key]
                      tf_minimum: 0.001
                      levels:
                        - { kind: exact, tf_adjust: true }
                        - { kind: damerau_levenshtein, at_most: 2 }
                        - { kind: jaro_winkler, at_least: 0.9, label: close }
                        - { kind: initial, attribute: given_translit }
                    - name: email
                      null_attribute: email
                      levels: [{ kind: exact, attribute: email }]
                    - name: national_id
                      attribute: national_id
                      levels: [{ kind: exact }]
                    - name: birth_date
                      attribute: birth_date
                      levels:
                        - { kind: date_swapped }
                        - { kind: date_within, days: 3 }
                    - name: address
                      levels:
                        - { kind: token_overlap, attribute: address_tokens, at_least: 0.5 }
                        - { kind: token_overlap, attribute: city, words: true, at_least: 1 }
                    - name: postcode
                      attribute: postcode
                      levels: [{ kind: numeric_within, at_most: 10 }]
                """, file: "match.yaml")
        let person = configuration.person
        #expect(
            person.comparisons.map(\.name) == ["family", "email", "national_id", "birth_date", "address", "postcode"])
        let family = person.comparisons[0]
        #expect(family.nullAttribute == .familyTranslit)
        #expect(family.relatedAttributes == [.phoneticKey])
        #expect(family.termFrequencyMinimum == 0.001)
        #expect(
            family.levels == [
                ComparisonLevel("exact", .exact(.familyTranslit), termFrequencyAdjusted: true),
                ComparisonLevel("at most 2 edits", .damerauLevenshtein(.familyTranslit, atMost: 2)),
                ComparisonLevel("close", .jaroWinkler(.familyTranslit, atLeast: 0.9)),
                ComparisonLevel("initial vs full name", .initialOf(.givenTranslit)),
            ])
        #expect(
            person.comparisons[3].levels.map(\.rule) == [
                .dateSwappedDayMonth(.birthDate), .dateWithin(.birthDate, days: 3),
            ])
        #expect(
            person.comparisons[4].levels.map(\.rule) == [
                .tokenOverlap(.addressTokens, atLeast: 0.5), .tokenOverlap(MatchAttribute.city.tokens, atLeast: 1),
            ])
        #expect(person.comparisons[4].nullAttribute == .addressTokens)
        #expect(person.comparisons[5].levels == [ComparisonLevel("within 10.0", .numericWithin(.postcode, atMost: 10))])
        // Everything else is the preset, and the other entity is untouched.
        #expect(person.blockingRules == MatchConfiguration().person.blockingRules)
        #expect(configuration.organization == MatchConfiguration().organization)
    }

    @Test("a file without comparisons keeps the code's")
    func noComparisonsSection() throws {
        let configuration = try MatchSettingsLoader.load(
            yaml: "person:\n  blocking:\n    - { keys: [postcode, address_tokens], max_block: 20 }\n", file: "match.yaml")
        #expect(configuration.person.comparisons == MatchConfiguration().person.comparisons)
        #expect(configuration.person.blockingRules.map(\.attributes) == [[.postcode, .addressTokens]])
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
                  single_record_support: compared
                """, file: "match.yaml")
        #expect(configuration.person.blockingRules.map(\.attributes) == [[.email], [.familyTranslit]])
        #expect(configuration.person.blockingRules[0].maxBlockSize == 10)
        #expect(configuration.person.blockingRules.map(\.splitBy) == [nil, .postcode])
        #expect(configuration.person.thresholds == MatchThresholds(upper: 0.99, lower: 0.5))
        #expect(configuration.person.clustering.maxClusterSize == 12)
        #expect(configuration.person.clustering.singleRecordSupport == .compared)
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
            ("person:\n  blocking:\n    - { keys: [email], edits: 2 }\n", 3, "edits must be 0 or 1"),
            ("person:\n  blocking:\n    - { keys: [email, family], edits: 1 }\n", 3, "one key and no split_by"),
            ("person:\n  blocking:\n    - { keys: [email], unblocked_only: maybe }\n", 3, "true or false"),
            ("organization:\n  max_cluster_size: 1\n", 2, "at least 2"),
            ("organization:\n  single_record_support: some\n", 2, "`all` or `compared`"),
            ("person:\n  blocking:\n    - { keys: [inn] }\n", 3, "unknown key 'inn'"),
            (comparisonsFile("- { kind: fuzzy }"), 6, "unknown level kind 'fuzzy'"),
            (comparisonsFile("- { kind: jaro_winkler, at_most: 1 }"), 6, "unknown key 'at_most'"),
            (comparisonsFile("- { kind: jaro_winkler }"), 6, "needs 'at_least'"),
            (comparisonsFile("- { kind: jaro_winkler, at_least: 1.5 }"), 6, "at_least is a similarity"),
            (comparisonsFile("- { kind: damerau_levenshtein, at_most: 0 }"), 6, "at least 1"),
            (comparisonsFile("- { kind: jaro_winkler, at_least: 0.9, tf_adjust: true }"), 6, "unknown key 'tf_adjust'"),
            (comparisonsFile("- { kind: exact, attribute: inn }"), 6, "unknown attribute 'inn' for person"),
            (comparisonsFile("- { kind: date_within, days: x }"), 6, "whole number"),
            (comparisonsFile("- { kind: numeric_within, at_most: -1 }"), 6, "at_most must be a number"),
            (
                "person:\n  comparisons:\n    - name: a\n      levels: [{ kind: exact }]\n", 4,
                "needs an attribute"
            ),
            (
                "person:\n  comparisons:\n    - { name: email, attribute: email, levels: [{ kind: exact }] }\n"
                    + "    - { name: email, attribute: email, levels: [{ kind: exact }] }\n", 4,
                "duplicate comparison 'email'"
            ),
            (
                "person:\n  comparisons:\n    - { name: x, attribute: email, levels: [] }\n", 3, "1 to 13 levels"
            ),
            (
                "organization:\n  comparisons:\n    - { name: inn, attribute: inn, levels: [{ kind: exact }] }\n", 3,
                "distinctive-name rule reads the comparison 'name'"
            ),
            (
                "organization:\n  comparisons:\n    - { name: kpp, attribute: kpp, levels: [{ kind: exact }] }\n"
                    + "    - name: name\n"
                    + "      levels: [{ kind: jaro_winkler, attribute: translit_key, at_least: 0.9 }]\n",
                4, "must be { kind: exact, attribute: name_key }"
            ),
            (
                "person:\n  comparisons:\n    - { name: email, attribute: email, levels: [{ kind: exact }] }\n", 3,
                "strong evidence"
            ),
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

/// A person file whose `email` comparison has one level, written on line 6, with the comparisons the scope gate
/// needs around it.
private func comparisonsFile(_ level: String) -> String {
    """
    person:
      comparisons:
        - name: email
          attribute: email
          levels:
            \(level)
        - { name: national_id, attribute: national_id, levels: [{ kind: exact }] }

    """
}
