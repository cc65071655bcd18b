import Connectors
import Foundation
import GoldenCore
import Survivorship
import SyncEngine
import Testing

@Suite("mappings/survivorship.yaml")
struct SurvivorshipSettingsLoaderTests {
    @Test("the shipped file loads and states exactly the code defaults (a drift guard)")
    func shippedFileEqualsStandard() throws {
        let loaded = try SurvivorshipSettingsLoader.configuration(
            mappingsDirectory: repositoryRoot.appendingPathComponent("mappings"))
        let standard = SurvivorshipConfiguration.standard
        for attribute in GoldenAttribute.allCases {
            #expect(loaded.organization[attribute] == standard.organization[attribute], "organization.\(attribute)")
            #expect(loaded.person[attribute] == standard.person[attribute], "person.\(attribute)")
        }
        #expect(loaded.sources == standard.sources)
        #expect(loaded == standard)
        #expect(loaded.accountingSources == ["acc_1c"])
    }

    @Test("no file means the standard configuration")
    func missingFile() throws {
        let configuration = try SurvivorshipSettingsLoader.configuration(
            mappingsDirectory: URL(fileURLWithPath: "/nonexistent"))
        #expect(configuration == .standard)
    }

    @Test("rules with settings, aliases and durations read as written")
    func settings() throws {
        let configuration = try SurvivorshipSettingsLoader.load(
            yaml: """
                default_trust: 0.4
                sources:
                  acc: { default: 0.9, accounting: true }
                  crm: { default: 0.6, email: 0.8 }
                organization:
                  legal_name: [steward_override, accounting_authoritative, { trust: { decay: { linear: 2w } } }]
                  phone: { union: { primary: { source_priority: [crm, acc] } } }
                  website: longest
                person:
                  email: [{ union: {} }]
                  name: [{ trust: { decay: { half_life: 1y } } }, max, min, most_frequent]
                """, file: "survivorship.yaml")
        #expect(configuration.defaultTrust == 0.4)
        #expect(configuration.trust(source: "crm", attribute: .email) == 0.8)
        #expect(configuration.trust(source: "crm", attribute: .phone) == 0.6)
        #expect(configuration.trust(source: "other", attribute: .phone) == 0.4)
        #expect(
            configuration.organization[.legalName] == [
                .stewardOverride, .accountingAuthoritative, .trust(.linear(zeroAfter: 14 * 86_400)),
            ])
        #expect(configuration.organization[.phone] == [.union(primary: [.sourcePriority(["crm", "acc"])])])
        #expect(configuration.organization[.website] == [.mostComplete])
        #expect(configuration.person[.email] == [.union(primary: [.mostRecent])])
        #expect(configuration.person[.name] == [.trust(.halfLife(365 * 86_400)), .max, .min, .mostFrequent])
        #expect(configuration.rules(for: .person, .jobTitle) == SurvivorshipConfiguration.fallbackRules)
    }

    @Test(
        "mistakes name the file and line",
        arguments: [
            ("organization:\n  legal_name: [most_recnt]\n", 2, "unknown"),
            ("organization:\n  leagl_name: [most_recent]\n", 2, "unknown key 'leagl_name'"),
            ("person:\n  inn: [most_recent]\n", 2, "unknown key 'inn'"),
            ("organization:\n  inn:\n    - most_recent\n    - steward_override\n", 4, "must come first"),
            ("organization:\n  inn: [{ union: { primary: most_recent } }]\n", 2, "union keeps several values"),
            ("organization:\n  phone: [{ union: { primary: [steward_override] } }]\n", 2, "not in union's primary"),
            ("organization:\n  inn: [most_recent, most_recent]\n", 2, "listed twice"),
            ("organization:\n  inn: []\n", 2, "at least one rule"),
            ("sources:\n  sf_a: { default: 1.5 }\n", 2, "from 0 to 1"),
            ("sources:\n  sf_a: { phone: 0.5 }\n", 2, "missing required key 'default'"),
            ("sources:\n  sf_a: { default: 0.5, fone: 0.5 }\n", 2, "unknown key 'fone'"),
            ("organization:\n  name: [{ trust: { decay: { half_life: soon } } }]\n", 2, "unknown key 'name'"),
            ("organization:\n  inn: [{ trust: { decay: { half_life: soon } } }]\n", 2, "duration"),
            ("organization:\n\n  inn: [{ trust: { decay: { quarter_life: 3d } } }]\n", 3, "unknown key 'quarter_life'"),
            ("organization:\n  inn: [{ most_recent: yes }]\n", 2, "takes no settings"),
            (
                "sources:\n  a: { default: 1 }\norganization:\n  inn: [accounting_authoritative]\n", 4,
                "accounting: true"
            ),
            ("organization:\n  inn: [most_recent\n", 3, "YAML syntax"),
        ])
    func mistakes(yaml: String, line: Int, message: String) {
        #expect {
            try SurvivorshipSettingsLoader.load(yaml: yaml, file: "mappings/survivorship.yaml")
        } throws: { error in
            guard let error = error as? ConfigurationFileError else { return false }
            return error.file == "mappings/survivorship.yaml" && error.line == line && error.message.contains(message)
        }
    }
}
