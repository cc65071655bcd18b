import Foundation
import GoldenCore

/// The match pipeline for one entity kind: table → blocking → training (unless a model is given) → scoring →
/// clustering. Each stage is also public on its own type (`Blocker`, `ModelTrainer`, `PairScorer`,
/// `ConstrainedClusterer`) for callers that persist intermediate results.
public struct MatchEngine: Sendable {
    public let configuration: MatchConfiguration

    public init(configuration: MatchConfiguration = MatchConfiguration()) { self.configuration = configuration }

    /// Builds the table of one entity kind with exactly the attributes its configuration reads.
    public func table<S: Sequence<MatchRecord>>(for entity: MatchEntity, records: S) -> RecordTable {
        let config = configuration[entity]
        return RecordTable(
            entity: entity, attributes: config.attributes, fuzzyAttributes: config.fuzzyAttributes,
            dateAttributes: config.dateAttributes, numericAttributes: config.numericAttributes, records: records)
    }

    /// Matches the records of one entity kind.
    /// - Parameters:
    ///   - model: a persisted model to reuse; when `nil`, or trained for other comparisons (``MatchModel/fits(_:)``),
    ///     a model is trained on this data.
    ///   - decisions: steward must-link / cannot-link decisions (by record id), hard rules beating everything.
    ///   - learning: when a model is trained here, also learn m from the pairs `decisions` must-link (each pair's
    ///     latest decision), weighting EM's estimate as this many pairs
    ///     (``ModelTrainer/refine(_:approved:strength:workers:)``), before anything is scored with it.
    ///   - workers: concurrent scoring chunks; the result does not depend on it.
    public func match(
        _ table: RecordTable, model: MatchModel? = nil, decisions: [StewardDecision] = [], learning: Double? = nil,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) async -> EntityMatchResult {
        let config = configuration[table.entity]
        var stages = StageClock()
        // Blocking runs on one core; the scorer's compiled rules (name rarity over every distinct name) on the other.
        async let preparedScorer = PairScorer(table: table, configuration: config)
        let (candidates, report) = Blocker(rules: config.blockingRules).pairs(in: table)
        stages.lap("block")
        var trained: MatchModel
        var learnedFrom = 0
        if let model, model.fits(config) {
            trained = model
        } else {
            let trainer = ModelTrainer(scorer: await preparedScorer)
            trained = await trainer.train(candidates: candidates, workers: workers)
            if let strength = learning {
                let approved = trainer.scorer.stewardPairs(decisions).compactMap { key, kind in
                    kind == .mustLink ? (Int32(truncatingIfNeeded: key >> 32), Int32(truncatingIfNeeded: key)) : nil
                }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
                trained = await trainer.refine(trained, approved: approved, strength: strength, workers: workers)
                learnedFrom = approved.count
            }
        }
        stages.lap("train")
        let scorer = await preparedScorer
        let weights = WeightTable(model: trained, table: table, configuration: config)
        let scored = await scorer.score(candidates, weights: weights, decisions: decisions, workers: workers)
        stages.lap("score")
        let (groups, conflicts) = config.hardRuleAttributes
        let clustering = ConstrainedClusterer(options: config.clustering).cluster(
            table: table, scored: scored, conflictAttributes: conflicts, mustLinkGroups: groups)
        stages.lap("cluster")
        return EntityMatchResult(
            table: table, blocking: report, model: trained, scored: scored, clustering: clustering, scorer: scorer,
            weights: weights, timings: stages.timings, approvedPairsLearned: learnedFrom)
    }

    /// Matches every entity kind in `records` (organizations first, so persons can carry employer clusters).
    public func match(
        _ records: [MatchRecord], models: [MatchEntity: MatchModel] = [:], decisions: [StewardDecision] = [],
        workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) async -> [MatchEntity: EntityMatchResult] {
        var results: [MatchEntity: EntityMatchResult] = [:]
        for entity in MatchEntity.allCases where records.contains(where: { $0.entity == entity }) {
            let table = table(for: entity, records: records)
            results[entity] = await match(table, model: models[entity], decisions: decisions, workers: workers)
        }
        return results
    }
}

extension MatchEngine {
    /// The table of an image (``RecordTableImage``) with what other records decide bound.
    public func table(image: RecordTableImage, binding: RecordBinding) -> RecordTable {
        let config = configuration[image.entity]
        return RecordTable(
            image: image, fuzzyAttributes: config.fuzzyAttributes, dateAttributes: config.dateAttributes,
            numericAttributes: config.numericAttributes, binding: binding)
    }

    /// An empty image builder for one entity kind's table; rows of `base` can be copied when it is an image of the
    /// same attributes (else it is not used).
    public func imageBuilder(for entity: MatchEntity, base: RecordTableImage? = nil) -> RecordTableImageBuilder {
        let attributes = RecordTableImage.attributes(of: configuration[entity])
        let usable = base.flatMap { $0.entity == entity && $0.attributes == attributes ? $0 : nil }
        return RecordTableImageBuilder(entity: entity, attributes: attributes, base: usable)
    }

    /// An empty builder for the table of one entity kind with exactly the attributes its configuration reads.
    public func tableBuilder(for entity: MatchEntity) -> RecordTableBuilder {
        let config = configuration[entity]
        return RecordTableBuilder(
            entity: entity, attributes: config.attributes, fuzzyAttributes: config.fuzzyAttributes,
            dateAttributes: config.dateAttributes, numericAttributes: config.numericAttributes)
    }
}
