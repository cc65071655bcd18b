/// The test one comparison level applies to a pair of records.
///
/// Every rule reads one attribute and treats multi-valued attributes as sets: a level is hit when *some* value of
/// the left record and *some* value of the right record satisfy it (any overlap of phone or email sets; the best
/// similarity over all value pairs).
public enum LevelRule: Codable, Sendable, Hashable {
    /// Equal clean value (or equal key, when the attribute is a key such as a transliteration key).
    case exact(MatchAttribute)
    /// Jaro-Winkler similarity ≥ threshold.
    case jaroWinkler(MatchAttribute, atLeast: Double)
    /// Optimal-string-alignment distance ≤ k.
    case damerauLevenshtein(MatchAttribute, atMost: Int)
    /// Overlap coefficient |A∩B| / min(|A|,|B|) of the value sets ≥ threshold. Use `attribute.tokens` to
    /// compare the whitespace tokens of one-string values (company names, addresses).
    case tokenOverlap(MatchAttribute, atLeast: Double)
    /// One side is a single-letter initial equal to the first letter of the other side ("M" vs "Mark").
    case initialOf(MatchAttribute)
    /// Both ISO dates valid and at most `days` apart.
    case dateWithin(MatchAttribute, days: Int)
    /// The same date with day and month swapped.
    case dateSwappedDayMonth(MatchAttribute)
    /// Both values read as decimal numbers and differ by at most `atMost` (an age, a house number, a head count).
    case numericWithin(MatchAttribute, atMost: Double)

    /// The attribute the rule reads.
    public var attribute: MatchAttribute {
        switch self {
        case .exact(let a), .jaroWinkler(let a, _), .damerauLevenshtein(let a, _), .tokenOverlap(let a, _),
            .initialOf(let a), .dateWithin(let a, _), .dateSwappedDayMonth(let a), .numericWithin(let a, _):
            return a
        }
    }

    /// The label a level gets when its configuration names none: explanations show it, and a stored model fits a
    /// configuration only when every label agrees (``MatchModel/fits(_:)``), so these strings are part of the
    /// shipped defaults and must not change casually.
    public var defaultLabel: String {
        switch self {
        case .exact: return "exact"
        case .jaroWinkler(_, let threshold): return "Jaro-Winkler ≥ \(threshold)"
        case .damerauLevenshtein(_, let k): return k == 1 ? "one edit" : "at most \(k) edits"
        case .tokenOverlap(_, let threshold): return "tokens overlap ≥ \(threshold)"
        case .initialOf: return "initial vs full name"
        case .dateWithin(_, let days): return "within \(days) days"
        case .dateSwappedDayMonth: return "day/month swapped"
        case .numericWithin(_, let limit): return "within \(limit)"
        }
    }

    var needsScalars: Bool {
        switch self {
        case .jaroWinkler, .damerauLevenshtein, .initialOf: return true
        default: return false
        }
    }

    var needsDates: Bool {
        switch self {
        case .dateWithin, .dateSwappedDayMonth: return true
        default: return false
        }
    }

    var needsNumbers: Bool {
        if case .numericWithin = self { return true }
        return false
    }
}
