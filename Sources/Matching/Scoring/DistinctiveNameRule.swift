/// Name-only evidence: two records with the same distinctive name and nothing that disagrees are the same customer,
/// however little else they carry.
///
/// Fellegi-Sunter cannot reach that on its own. With term-frequency adjustment an exact name weighs log2(m / tf)
/// with tf counted over records, and the prior odds of a pair are about (k−1)/N for entities of k records, so a name
/// that c records share ends near odds m·(k−1)/c: the model cannot tell one company written c times from c
/// companies of one name, and a large customer is the least likely to link. Whether a name is distinctive is
/// therefore read from the *names*, not the records: a name holding a word that at most `rareWordNames` distinct
/// names contain ("gist brocades") is rare; a name made only of words many names use ("альянс", "строй") is not.
///
/// The rule only ever raises a decision: a pair whose `comparison` is at its first level (exact name), with no
/// comparison at its "else" level (nothing disagrees; missing values are no evidence) and no cannot-link, links when
/// the shared name is rare and goes to review at worst when it is not.
public struct DistinctiveNameRule: Codable, Sendable, Hashable {
    /// The name comparison whose first level is "exact name".
    public var comparison: String
    /// The attribute holding the names (its distinct values are the names counted).
    public var attribute: MatchAttribute
    /// A word contained in at most this many distinct names makes a name rare.
    public var rareWordNames: Int

    public init(comparison: String, attribute: MatchAttribute, rareWordNames: Int = 2) {
        self.comparison = comparison
        self.attribute = attribute
        self.rareWordNames = rareWordNames
    }
}

/// The rule compiled against one table: which name values are rare, and where the comparison sits.
struct CompiledDistinctiveName: Sendable {
    let comparison: Int
    let slot: Int
    /// Per value id of `slot`: the name holds a rare word.
    let rare: [Bool]
    /// Per comparison: its "else" level index.
    let elseLevels: [Int8]

    init?(_ rule: DistinctiveNameRule, table: RecordTable, comparisons: [Comparison]) {
        guard let comparison = comparisons.firstIndex(where: { $0.name == rule.comparison }),
            let slot = table.slot(of: rule.attribute)
        else { return nil }
        let names = table.dictionaries[slot].strings
        var namesWithWord: [Substring: Int] = [:]
        let words = names.map { Set($0.split(separator: " ")) }
        for set in words { for word in set { namesWithWord[word, default: 0] += 1 } }
        self.comparison = comparison
        self.slot = slot
        rare = words.map { set in set.contains { namesWithWord[$0, default: 0] <= rule.rareWordNames } }
        elseLevels = comparisons.map { Int8($0.levels.count) }
    }

    /// The decision the rule gives the pair, or `nil` when it does not apply.
    func decision(levels: ArraySlice<Int8>, a: Int32, b: Int32, table: RecordTable) -> MatchDecision? {
        guard levels[levels.startIndex + comparison] == 0 else { return nil }
        for (offset, level) in levels.enumerated() where level == elseLevels[offset] { return nil }
        let ra = table.range(slot, a)
        let rb = table.range(slot, b)
        let ids = table.valueIDs[slot]
        var i = ra.lowerBound
        var j = rb.lowerBound
        while i < ra.upperBound && j < rb.upperBound {
            if ids[i] == ids[j] {
                if rare[Int(ids[i])] { return .link }
                i += 1
                j += 1
            } else if ids[i] < ids[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return .review
    }
}
