import Foundation

extension PairScorer {
    /// Rebuilds the explanation of one scored pair (values, m/u, Bayes factors, TF adjustments).
    public func explain(_ scored: ScoredPairs, index: Int, model: MatchModel) -> PairExplanation {
        explain(scored, index: index, model: model, weights: WeightTable(model: model, table: table, configuration: configuration))
    }

    /// Explains with weights already resolved against this table (explaining many pairs of one run).
    func explain(_ scored: ScoredPairs, index: Int, model: MatchModel, weights: WeightTable) -> PairExplanation {
        let a = scored.pairs.left[index]
        let b = scored.pairs.right[index]
        var scratch = ComparisonEvaluator.Scratch()
        var steps: [PairExplanation.Step] = []
        var total = weights.prior
        for (c, comparison) in configuration.comparisons.enumerated() {
            var matched: Int32 = -1
            let level = evaluator.level(c, a, b, matched: &matched, scratch: &scratch)
            let attribute = level >= 0 && Int(level) < comparison.levels.count
                ? comparison.levels[Int(level)].rule.attribute : comparison.nullAttribute
            let valueAttribute = attribute.tokenBase ?? attribute
            var step = PairExplanation.Step(
                comparison: comparison.name, level: Int(level),
                levelLabel: level < 0 ? "null (no evidence)" : comparison.label(ofLevel: Int(level)),
                leftValues: table.values(of: valueAttribute, record: Int(a)),
                rightValues: table.values(of: valueAttribute, record: Int(b)), m: nil, u: nil, log2BayesFactor: 0,
                termFrequencyValue: nil, termFrequency: nil, log2TermFrequencyAdjustment: 0)
            if level >= 0 {
                let parameters = model.comparisons[c].levels[Int(level)]
                step.m = parameters.m
                step.u = parameters.u
                step.log2BayesFactor = parameters.log2BayesFactor
                let adjusted = weights.weight(c, level, matched)
                if let tf = weights.termFrequency[c], tf.level == Int(level), matched >= 0 {
                    step.termFrequencyValue = table.dictionaries[tf.slot].strings[Int(matched)]
                    step.termFrequency = weights.frequency(tf, matched)
                    step.log2TermFrequencyAdjustment = adjusted - parameters.log2BayesFactor
                }
                total += adjusted
            }
            steps.append(step)
        }
        var rules: [String] = []
        let flags = scored.flags[index]
        if flags.contains(.stewardMustLink) { rules.append("steward: must-link") }
        if flags.contains(.stewardCannotLink) { rules.append("steward: cannot-link") }
        if flags.contains(.identifierTypo) {
            rules.append("identifier typo: one character apart, no veto, review at most")
        }
        if flags.contains(.misspeltName) {
            rules.append(
                "misspelt name: one typo from a name few records carry, nothing disagreeing, no other name that "
                    + "close (\(scored.decisions[index].rawValue))")
        } else if flags.contains(.distinctiveName) {
            rules.append("distinctive name: the same name, nothing disagreeing (\(scored.decisions[index].rawValue))")
        }
        for rule in configuration.hardRules {
            switch rule {
            case .mustLink where flags.contains(.mustLink): rules.append(rule.name)
            case .cannotLinkWhenDifferent(let attribute):
                if let slot = table.slot(of: attribute), table.shares(a, b, slot) == false { rules.append(rule.name) }
            default: break
            }
        }
        if flags.contains(.scopeGated), let gate = configuration.scopeGate {
            if let attribute = gate.attribute, let slot = table.slot(of: attribute), table.shares(a, b, slot) == false {
                rules.append("scope gate: different \(attribute.rawValue) without strong evidence")
            } else if let comparison = gate.comparison {
                rules.append(
                    "scope gate: \(comparison) disagrees without strong evidence ("
                        + gate.strongEvidence.joined(separator: ", ") + ")")
            }
        }
        let odds = exp2(total)
        return PairExplanation(
            leftID: table.ids[Int(a)], rightID: table.ids[Int(b)], leftSource: table.source(of: Int(a)),
            rightSource: table.source(of: Int(b)), log2PriorOdds: weights.prior, steps: steps, log2Odds: total,
            probability: odds.isInfinite ? 1 : odds / (1 + odds), decision: scored.decisions[index], hardRules: rules)
    }
}
