import Connectors
import Matching

/// The `comparisons:` section of `mappings/match.yaml`: each comparison's name, the attributes it reads and its
/// ordered levels.
///
/// The section is read once into the same `[Comparison]` value the code presets are written in, and the engine
/// compiles that value against the record table exactly as before (``MatchEngine``), so a configured comparison
/// costs nothing per pair that a coded one does not. The vocabulary is deliberately small: one `kind` per level
/// and the one parameter that kind needs, so a typo or a parameter of another kind is an error naming the line
/// rather than a level that silently means something else.
extension MatchSettingsLoader {
    /// Level kinds by their name in the file, with the parameter keys each one accepts.
    static let levelParameters: [String: Set<String>] = [
        "exact": ["tf_adjust"],
        "jaro_winkler": ["at_least"],
        "damerau_levenshtein": ["at_most"],
        "token_overlap": ["at_least", "words"],
        "initial": [],
        "date_within": ["days"],
        "date_swapped": [],
        "numeric_within": ["at_most"],
    ]

    static let levelKeys: Set<String> = ["kind", "attribute", "label"]

    /// Reads a `comparisons:` list for `entity`; it replaces the preset's comparisons as a whole (a list, like
    /// `blocking:`, so deleting a comparison from the file removes it).
    static func comparisons(_ node: YAMLNodeReader, entity: MatchEntity, preset: EntityConfiguration) throws
        -> [Comparison]
    {
        let known = Set(MatchRecord.standardizedAttributes(of: entity))
        func attribute(_ node: YAMLNodeReader) throws -> MatchAttribute {
            let name = try node.string()
            guard known.contains(MatchAttribute(name)) else {
                throw node.error(
                    "unknown attribute '\(name)' for \(entity.rawValue); expected one of: "
                        + known.map(\.rawValue).sorted().joined(separator: ", "))
            }
            return MatchAttribute(name)
        }

        var names: Set<String> = []
        let comparisons = try node.sequence().map { item -> Comparison in
            _ = try item.mapping(allowed: ["name", "attribute", "null_attribute", "related", "tf_minimum", "levels"])
            let nameNode = try item.required("name")
            let name = try nameNode.string()
            guard !name.isEmpty else { throw nameNode.error("a comparison needs a name") }
            guard names.insert(name).inserted else { throw nameNode.error("duplicate comparison '\(name)'") }
            let shared = try item.optional("attribute").map(attribute)
            let levelsNode = try item.required("levels")
            let levelNodes = try levelsNode.sequence()
            // The model keeps a level count per comparison in four bits, "else" included.
            guard (1...13).contains(levelNodes.count) else {
                throw levelsNode.error("a comparison has 1 to 13 levels (the 'else' level is implicit)")
            }
            let levels = try levelNodes.map { try level($0, default: shared, attribute: attribute) }
            let related = try item.optional("related").map { list in
                try list.sequence().map(attribute)
            } ?? []
            var minimum = 1e-5
            if let minimumNode = try item.optional("tf_minimum") {
                minimum = try minimumNode.double()
                guard minimum > 0, minimum < 1 else { throw minimumNode.error("tf_minimum is a frequency in (0, 1)") }
            }
            return Comparison(
                name, levels: levels, nullAttribute: try item.optional("null_attribute").map(attribute),
                relatedAttributes: related, termFrequencyMinimum: minimum)
        }
        guard !comparisons.isEmpty else { throw node.error("at least one comparison") }
        // Rules elsewhere in the configuration name comparisons; a file that drops one must say so, not lose the rule.
        if let rule = preset.distinctiveName, !names.contains(rule.comparison) {
            throw node.error(
                "the distinctive-name rule reads the comparison '\(rule.comparison)' (its first level must be the "
                    + "exact \(rule.attribute.rawValue)); keep a comparison of that name")
        }
        // The rule reads "level 0 of that comparison" as "the same name"; a fuzzy first level would let it link
        // on a near name.
        if let rule = preset.distinctiveName, let index = comparisons.firstIndex(where: { $0.name == rule.comparison }),
            comparisons[index].levels[0].rule != .exact(rule.attribute)
        {
            throw try node.sequence()[index].error(
                "the distinctive-name rule reads the first level of '\(rule.comparison)' as the same name: it must be "
                    + "{ kind: exact, attribute: \(rule.attribute.rawValue) }")
        }
        let gate = preset.scopeGate
        let scope = gate?.attribute.map { "the \($0.rawValue) scope gate" } ?? "the scope gate"
        for evidence in gate?.strongEvidence ?? [] where !names.contains(evidence) {
            throw node.error(
                "\(scope) takes the comparison '\(evidence)' as strong evidence; keep a comparison of that name")
        }
        if let comparison = gate?.comparison, !names.contains(comparison) {
            throw node.error(
                "the scope gate reads the comparison '\(comparison)' (its else level: the two disagree); keep a "
                    + "comparison of that name")
        }
        return comparisons
    }

    private static func level(
        _ node: YAMLNodeReader, default shared: MatchAttribute?,
        attribute: (YAMLNodeReader) throws -> MatchAttribute
    ) throws -> ComparisonLevel {
        let all = levelKeys.union(levelParameters.values.reduce(into: Set<String>()) { $0.formUnion($1) })
        _ = try node.mapping(allowed: all)
        let kindNode = try node.required("kind")
        let kind = try kindNode.string()
        guard let parameters = levelParameters[kind] else {
            throw kindNode.error(
                "unknown level kind '\(kind)'; expected one of: "
                    + levelParameters.keys.sorted().joined(separator: ", "))
        }
        // A parameter of another kind (`at_most` on a Jaro-Winkler level) is refused with its own line.
        _ = try node.mapping(allowed: levelKeys.union(parameters))
        guard var target = try node.optional("attribute").map(attribute) ?? shared else {
            throw node.error("a level needs an attribute (on the level or on its comparison)")
        }
        func required(_ key: String) throws -> YAMLNodeReader {
            guard let value = try node.optional(key) else { throw node.error("a \(kind) level needs '\(key)'") }
            return value
        }
        func similarity() throws -> Double {
            let valueNode = try required("at_least")
            let value = try valueNode.double()
            guard value > 0, value <= 1 else { throw valueNode.error("at_least is a similarity in (0, 1]") }
            return value
        }
        let rule: LevelRule
        switch kind {
        case "exact": rule = .exact(target)
        case "jaro_winkler": rule = .jaroWinkler(target, atLeast: try similarity())
        case "damerau_levenshtein":
            let valueNode = try required("at_most")
            let edits = try valueNode.int()
            guard edits >= 1 else { throw valueNode.error("at_most is a number of edits, at least 1") }
            rule = .damerauLevenshtein(target, atMost: edits)
        case "token_overlap":
            let threshold = try similarity()
            if try node.optional("words")?.bool() == true { target = target.tokens }
            rule = .tokenOverlap(target, atLeast: threshold)
        case "initial": rule = .initialOf(target)
        case "date_within":
            let valueNode = try required("days")
            let days = try valueNode.int()
            guard days >= 0 else { throw valueNode.error("days must not be negative") }
            rule = .dateWithin(target, days: days)
        case "date_swapped": rule = .dateSwappedDayMonth(target)
        default:  // numeric_within
            let valueNode = try required("at_most")
            let limit = try valueNode.double()
            guard limit >= 0, limit.isFinite else { throw valueNode.error("at_most must be a number ≥ 0") }
            rule = .numericWithin(target, atMost: limit)
        }
        let adjusted = try node.optional("tf_adjust")?.bool() ?? false
        let label = try node.optional("label")?.string() ?? rule.defaultLabel
        return ComparisonLevel(label, rule, termFrequencyAdjusted: adjusted)
    }
}
