import Connectors
import Foundation
import SyncEngine
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite("golden.yaml")
struct ConfigurationLoaderTests {
    let file = repositoryRoot.appendingPathComponent("golden.yaml")

    @Test("sources, thresholds and schedules load; relative paths resolve against the file")
    func loads() throws {
        let configuration = try ConfigurationLoader.load(
            yaml: """
                sources:
                  - name: sf_a
                    kind: salesforce
                    location: https://example.my.salesforce.com
                    mapping: mappings/salesforce.yaml
                    credentials: { token: SF_A_TOKEN }
                    schedule: 15m
                    record_url: https://example.lightning.force.com/lightning/r/{key}/view
                  - name: acc_1c
                    kind: 1c-xml
                    location: drop/1c
                    mapping: mappings/1c.yaml
                    schedule: "0 2 * * *"
                match: { upper_threshold: 0.9, lower_threshold: 0.6 }
                schedule: { interval: 2h }
                """, file: file)
        #expect(configuration.sources.map(\.name) == ["sf_a", "acc_1c"])
        #expect(configuration.match.upperThreshold == 0.9)
        #expect(configuration.scheduleInterval == .seconds(7200))
        let oneC = try #require(configuration.source(named: "acc_1c"))
        #expect(oneC.location == repositoryRoot.appendingPathComponent("drop/1c").path)
        #expect(oneC.kind.isReadOnly)
        #expect(oneC.entities == [.organization])
        #expect(oneC.cron == (try CronSchedule("0 2 * * *")))
        #expect(oneC.schedule == nil)
        let salesforce = try #require(configuration.source(named: "sf_a"))
        #expect(salesforce.schedule == .seconds(900))
        #expect(salesforce.recordURL == "https://example.lightning.force.com/lightning/r/{key}/view")
        #expect(oneC.recordURL == nil)
        #expect(try salesforce.credential("token", environment: ["SF_A_TOKEN": "s3cret"]) == "s3cret")
        #expect(throws: SyncError.self) { try salesforce.credential("token", environment: [:]) }
    }

    @Test(
        "mistakes name the line and key",
        arguments: [
            ("sources:\n  - name: sf_a\n    kind: salesforce\n    location: x\n    mapping: mappings/nope.yaml\n", 5,
             "does not exist"),
            ("sources:\n  - name: SF A\n    kind: salesforce\n    location: x\n    mapping: mappings/salesforce.yaml\n", 2,
             "lowercase"),
            ("sources:\n  - name: a\n    kind: sap\n    location: x\n    mapping: mappings/salesforce.yaml\n", 3,
             "unknown kind"),
            ("sources:\n  - name: a\n    kind: salesforce\n    location: x\n    mapping: mappings/salesforce.yaml\n    credentials: { token: 'abc-123-secret' }\n",
             6, "never the secret"),
            ("match: { upper_threshold: 0.5, lower_threshold: 0.9 }\n", 1, "lower_threshold"),
            ("schedule: { interval: soon }\n", 1, "durations"),
            ("sources:\n  - name: a\n    kind: salesforce\n    location: x\n    mapping: mappings/salesforce.yaml\n    schedule: '0 25 * * *'\n",
             6, "hour"),
            ("sources:\n  - name: a\n    kind: csv\n    location: x.csv\n    mapping: mappings/csv.yaml\n  - name: a\n    kind: csv\n    location: y.csv\n    mapping: mappings/csv.yaml\n",
             6, "duplicate source name"),
            ("sourcs: []\n", 1, "unknown key 'sourcs'"),
            ("sources:\n  - name: a\n    kind: salesforce\n    location: x\n    mapping: mappings/salesforce.yaml\n    record_url: 'javascript:alert({key})'\n",
             6, "record_url"),
            ("sources:\n  - name: a\n    kind: salesforce\n    location: x\n    mapping: mappings/salesforce.yaml\n    record_url: https://x.example/\n",
             6, "{key}"),
        ])
    func mistakes(yaml: String, line: Int, message: String) {
        #expect {
            try ConfigurationLoader.load(yaml: yaml, file: file)
        } throws: { error in
            guard let error = error as? ConfigurationFileError else { return false }
            return error.line == line && error.message.contains(message)
        }
    }
}
