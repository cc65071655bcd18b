/// Hard facts about a pair that override its score.
public struct PairFlags: OptionSet, Codable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A must-link hard rule holds (same INN+KPP, same national id).
    public static let mustLink = PairFlags(rawValue: 1)
    /// A cannot-link hard rule holds (different INNs).
    public static let cannotLink = PairFlags(rawValue: 2)
    /// Different scopes (employers) without strong evidence: may not link automatically.
    public static let scopeGated = PairFlags(rawValue: 4)
    /// A steward said these two records are the same.
    public static let stewardMustLink = PairFlags(rawValue: 8)
    /// A steward said these two records are different.
    public static let stewardCannotLink = PairFlags(rawValue: 16)
    /// The same distinctive name with nothing disagreeing raised the decision (``DistinctiveNameRule``).
    public static let distinctiveName = PairFlags(rawValue: 32)
    /// Two checked identifiers differ by one typo (a digit, or two adjacent digits swapped) that still passes the
    /// checksum: no veto, but no automatic link either; at best the steward queue.
    public static let identifierTypo = PairFlags(rawValue: 64)
    /// A misspelt name with nothing disagreeing raised the decision (``DistinctiveNameRule/typoLevels``).
    public static let misspeltName = PairFlags(rawValue: 128)
}
