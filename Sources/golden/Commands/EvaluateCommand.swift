import ArgumentParser
import Foundation
import Matching
import SyncEngine

/// `golden evaluate --truth truth.csv`: pairwise and B-cubed precision/recall/F1 of the clusters against labels.
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score clusters against a labelled file: pairwise and B-cubed P/R/F1 and the largest cluster.",
        discussion: """
            --truth is a CSV with the columns source, source_id, entity_id: records with the same entity_id are \
            one customer. Without --clusters the landed records are matched as `golden match` does (stored model, \
            trained when there is none) and those clusters are scored; --clusters scores a file `golden match \
            --out` wrote instead. Records the truth file does not label are counted, not scored.
            """)

    @Option(help: "Labelled CSV: source, source_id, entity_id.") var truth: String
    @Option(help: "Clusters CSV from `golden match --out` (default: match the landed records now).")
    var clusters: String?
    @Option(help: "org or person (default: both).") var entity: MatchEntity?
    @OptionGroup var options: MatchRunOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let scores: [TruthEvaluation.EntityScore]
        do {
            let labels = try TruthEvaluation.labels(in: URL(fileURLWithPath: truth), labelColumn: "entity_id")
            if let clusters {
                let predicted = try TruthEvaluation.labels(
                    in: URL(fileURLWithPath: clusters), labelColumn: "cluster_id")
                scores = TruthEvaluation.score(clusters: predicted, truth: labels)
                    .filter { entity == nil || $0.entity == entity?.rawValue }
            } else {
                let entities: Set<MatchEntity> = entity.map { [$0] } ?? Set(MatchEntity.allCases)
                scores = try await options.run(entities: entities, retrain: false).map { outcome in
                    TruthEvaluation.score(
                        entity: outcome.entity.rawValue, ids: outcome.result.table.ids,
                        clusterOf: outcome.result.clustering.clusterOf.map { Int($0) }, truth: labels)
                }
            }
        } catch let error as SyncError {
            throw ValidationError(error.description)
        }
        if output.wantsJSON {
            try Output.json(scores)
            return
        }
        func figures(_ p: Double, _ r: Double, _ f: Double) -> String {
            String(format: "P %.4f  R %.4f  F1 %.4f", p, r, f)
        }
        Output.table(
            ["entity", "scored", "unlabelled", "pairwise", "B-cubed", "largest", "true pairs", "found"],
            scores.map { score in
                let e = score.evaluation
                return [
                    score.entity, String(score.labelled), String(score.unlabelled),
                    figures(e.pairwisePrecision, e.pairwiseRecall, e.pairwiseF1),
                    figures(e.bCubedPrecision, e.bCubedRecall, e.bCubedF1), String(e.largestCluster),
                    String(e.truePairs), String(e.correctPairs),
                ]
            })
    }
}
