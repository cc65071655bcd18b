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

    /// The attribute the rule reads.
    public var attribute: MatchAttribute {
        switch self {
        case .exact(let a), .jaroWinkler(let a, _), .damerauLevenshtein(let a, _), .tokenOverlap(let a, _),
            .initialOf(let a), .dateWithin(let a, _), .dateSwappedDayMonth(let a):
            return a
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
}
