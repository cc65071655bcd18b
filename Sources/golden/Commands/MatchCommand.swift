import ArgumentParser
import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Matching
import SyncEngine

extension MatchEntity: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument {
        case "org", "organization": self = .organization
        case "person": self = .person
        default: return nil
        }
    }
}

extension MappingsOptions {
    /// `mappings/match.yaml` over the code presets.
    func matchConfiguration() throws -> MatchConfiguration {
        do {
            return try MatchSettingsLoader.configuration(mappingsDirectory: directory)
        } catch let error as ConfigurationFileError {
            throw ValidationError(error.description)
        }
    }
}

/// Shared by `match`, `train` and `explain`: run the match job over the landed records.
struct MatchRunOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var mappings: MappingsOptions
    @OptionGroup var logging: LoggingOptions

    func run(entities: Set<MatchEntity>, retrain: Bool, learning: Double? = nil) async throws
        -> [MatchJob.EntityOutcome]
    {
        let logger = logging.makeLogger("match")
        let store = GoldenDatabase(configuration: try database.configuration(), logger: logger)
        let standardizer = RecordStandardizer(standardizers: try mappings.standardizers())
        let settings = try mappings.matchConfiguration()
        return try await StoreCommand.run {
            try await store.withRunning { store in
                try await store.migrate()
                return try await MatchJob(
                    database: store, standardizer: standardizer, configuration: settings, logger: logger
                ).run(entities: entities, retrain: retrain, learning: learning)
            }
        }
    }
}

/// `golden match`: block → score (stored or freshly trained model) → cluster the landed records; write clusters.
struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Block, score and cluster the landed source records; write source,source_id,cluster_id.",
        discussion: """
            Works on whatever is landed (golden import, golden sync --no-push). Uses the newest stored model per \
            entity and trains one when there is none (golden train re-estimates).
            """)

    @Option(help: "org or person (default: both; persons always see organization clusters).")
    var entity: MatchEntity?
    @Option(help: "Clusters CSV to write.") var out: String
    @Option(help: "Also write every scored pair with its probability and decision.") var pairs: String?
    @OptionGroup var options: MatchRunOptions
    @OptionGroup var output: OutputOptions

    struct Summary: Encodable {
        let entity: String
        let records: Int
        let clusters: Int
        let largestCluster: Int
        let pairsScored: Int
        let linked: Int
        let review: Int
        let modelVersion: Int
        let trained: Bool

        enum CodingKeys: String, CodingKey {
            case entity, records, clusters, linked, review, trained
            case largestCluster = "largest_cluster", pairsScored = "pairs_scored", modelVersion = "model_version"
        }
    }

    func run() async throws {
        let entities: Set<MatchEntity> = entity.map { [$0] } ?? Set(MatchEntity.allCases)
        let outcomes = try await options.run(entities: entities, retrain: false)
        var clusters = "source,source_id,cluster_id\n"
        var pairRows = "left_source,left_id,right_source,right_id,probability,decision\n"
        var summaries: [Summary] = []
        for outcome in outcomes {
            let result = outcome.result
            for (index, id) in result.table.ids.enumerated() {
                let (source, key) = Self.split(id)
                clusters += CSV.row([source, key, MatchJob.clusterLabel(outcome.entity, result.clustering.clusterOf[index])])
            }
            if pairs != nil {
                for index in 0..<result.scored.count {
                    let a = result.scored.pairs.left[index]
                    let b = result.scored.pairs.right[index]
                    let (leftSource, leftKey) = Self.split(result.table.ids[Int(a)])
                    let (rightSource, rightKey) = Self.split(result.table.ids[Int(b)])
                    pairRows += CSV.row([
                        leftSource, leftKey, rightSource, rightKey,
                        String(format: "%.6f", result.scored.probability(index)), result.scored.decisions[index].rawValue,
                    ])
                }
            }
            summaries.append(Summary(
                entity: outcome.entity.rawValue, records: result.table.count,
                clusters: result.clustering.sizes.count, largestCluster: result.clustering.largestClusterSize,
                pairsScored: result.scored.count,
                linked: result.scored.decisions.filter { $0 == .link }.count,
                review: result.reviewPairs.count, modelVersion: outcome.modelVersion, trained: outcome.trained))
        }
        try clusters.write(toFile: out, atomically: true, encoding: .utf8)
        if let pairs { try pairRows.write(toFile: pairs, atomically: true, encoding: .utf8) }
        if output.wantsJSON {
            try Output.json(summaries)
        } else {
            Output.table(
                ["entity", "records", "clusters", "largest", "pairs scored", "linked", "review", "model"],
                summaries.map {
                    [$0.entity, String($0.records), String($0.clusters), String($0.largestCluster),
                     String($0.pairsScored), String($0.linked), String($0.review),
                     "v\($0.modelVersion)\($0.trained ? " (trained now)" : "")"]
                })
            print("clusters written to \(out)" + (pairs.map { ", pairs to \($0)" } ?? ""))
        }
    }

    static func split(_ id: String) -> (String, String) {
        guard let slash = id.firstIndex(of: "/") else { return ("", id) }
        return (String(id[..<slash]), String(id[id.index(after: slash)...]))
    }
}

/// `golden train`: re-estimate the models (u from random pairs, m by EM) and store new versions.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Re-estimate the match models from the landed records and store them as new versions.")

    @Option(help: "org or person (default: both).") var entity: MatchEntity?
    @Flag(help: "Also learn m from the pairs stewards approved, mixed with EM's estimate.")
    var fromDecisions = false
    @Option(help: "How many approved pairs EM's estimate of m is worth when mixing (with --from-decisions).")
    var strength: Double = 20
    @OptionGroup var options: MatchRunOptions
    @OptionGroup var output: OutputOptions

    struct Trained: Encodable {
        let entity: String
        let version: Int
        let records: Int
        let lambda: Double
        let approvedPairs: Int

        enum CodingKeys: String, CodingKey {
            case entity, version, records, lambda
            case approvedPairs = "approved_pairs"
        }
    }

    func validate() throws {
        guard strength > 0, strength.isFinite else { throw ValidationError("--strength is a positive number") }
    }

    func run() async throws {
        let entities: Set<MatchEntity> = entity.map { [$0] } ?? Set(MatchEntity.allCases)
        let outcomes = try await options.run(entities: entities, retrain: true, learning: fromDecisions ? strength : nil)
        let trained = outcomes.map {
            Trained(entity: $0.entity.rawValue, version: $0.modelVersion, records: $0.result.table.count,
                    lambda: $0.result.model.lambda, approvedPairs: $0.labeledPairs)
        }
        if output.wantsJSON {
            try Output.json(trained)
        } else {
            Output.table(["entity", "model version", "records", "λ (prior)", "approved pairs learned"], trained.map {
                [$0.entity, "v\($0.version)", String($0.records), String(format: "%.5f", $0.lambda),
                 String($0.approvedPairs)]
            })
        }
    }
}

/// `golden explain SOURCE:ID SOURCE:ID`: why two records match or not, comparison by comparison.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a match score (SOURCE:ID SOURCE:ID) or a golden record's values (golden:ID).",
        discussion: """
            Two source records: the match score comparison by comparison. golden:ID: each attribute's value, the \
            record it came from, the rule that decided and every candidate it beat with the reason.
            """)

    @Argument(help: "SOURCE:ID, or golden:ID") var left: String
    @Argument(help: "SOURCE:ID (for a pair)") var right: String?
    @Option(help: "golden:ID only: one attribute (legal_name, phone, …).") var attribute: String?
    @OptionGroup var options: MatchRunOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if left.hasPrefix("golden:") {
            guard right == nil else { throw ValidationError("golden:ID takes no second record") }
            guard UUID(uuidString: String(left.dropFirst("golden:".count))) != nil else {
                throw ValidationError("golden:ID needs a golden id (a UUID), got '\(left)'")
            }
        } else {
            guard right != nil else { throw ValidationError("explain takes two records SOURCE:ID SOURCE:ID, or golden:ID") }
            guard attribute == nil else { throw ValidationError("--attribute goes with golden:ID") }
        }
    }

    func run() async throws {
        if left.hasPrefix("golden:") {
            try await GoldenExplanation.run(
                UUID(uuidString: String(left.dropFirst("golden:".count)))!, attribute: attribute,
                database: options.database, logging: options.logging, json: output.wantsJSON)
            return
        }
        guard let right else { return }
        let leftID = try Self.recordID(left)
        let rightID = try Self.recordID(right)
        let outcomes = try await options.run(entities: Set(MatchEntity.allCases), retrain: false)
        guard let outcome = outcomes.first(where: { $0.result.table.ids.contains(leftID) }) else {
            throw ValidationError("\(left) is not a landed, current record")
        }
        guard outcome.result.table.ids.contains(rightID) else {
            throw ValidationError("\(right) is not a landed, current \(outcome.entity.rawValue) record")
        }
        guard let explanation = outcome.result.explain(leftID, rightID) ?? outcome.result.explain(rightID, leftID) else {
            print("\(left) and \(right) were never compared: no blocking rule puts them in one block, so they are not a candidate pair.")
            return
        }
        if output.wantsJSON {
            try Output.json(explanation)
            return
        }
        print("\(left) ↔ \(right): probability \(String(format: "%.4f", explanation.probability)) → \(explanation.decision)")
        var rows: [[String]] = [["prior (λ)", "", "", "", String(format: "%+.2f", explanation.log2PriorOdds)]]
        for step in explanation.steps {
            rows.append([
                step.comparison, step.levelLabel, step.leftValues.joined(separator: "; "),
                step.rightValues.joined(separator: "; "),
                String(format: "%+.2f", step.log2Weight)
                    + (step.log2TermFrequencyAdjustment != 0 ? String(format: " (tf %+.2f)", step.log2TermFrequencyAdjustment) : ""),
            ])
        }
        rows.append(["total", "", "", "", String(format: "%+.2f", explanation.log2Odds)])
        Output.table(["comparison", "level", "left", "right", "log2 weight"], rows)
        if !explanation.hardRules.isEmpty { print("hard rules: " + explanation.hardRules.joined(separator: ", ")) }
    }

    static func recordID(_ text: String) throws -> String {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, colon != text.index(before: text.endIndex)
        else { throw ValidationError("records are written SOURCE:ID, e.g. sf_a:001Yv0000004C9AIAU") }
        return MatchJob.recordID(source: String(text[..<colon]), key: String(text[text.index(after: colon)...]))
    }
}

/// RFC 4180 rows for the CSV files golden writes.
enum CSV {
    static func row(_ cells: [String]) -> String { GoldenRecordExport.csvRow(cells) }
}
