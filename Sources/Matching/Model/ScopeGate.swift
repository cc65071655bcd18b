/// Keeps pairs that look like two different parties from linking on soft evidence alone.
///
/// Two kinds of scope, either or both:
/// - `attribute`: records whose values differ are in different scopes (persons whose employers are different
///   organization clusters). Namesakes are common ("Ivan Petrov" at two companies); a shared name plus a shared city
///   must not merge them.
/// - `comparison`: a pair at that comparison's "else" level is in different scopes. For organizations, names that
///   share nothing (no word, no initials, not even the sound of a Western name written in Cyrillic) are two companies
///   unless an identifier says otherwise: a group's companies share a domain, a phone and an office, and differ in
///   name and INN, and a CRM record of one of them often has no INN.
/// A gated pair may only be linked automatically if one of the `strongEvidence` comparisons is at its first
/// (strongest) level, e.g. exact email, national id or INN; otherwise a pair above the upper threshold goes to review.
public struct ScopeGate: Codable, Sendable, Hashable {
    public var attribute: MatchAttribute?
    public var comparison: String?
    public var strongEvidence: [String]

    public init(attribute: MatchAttribute? = nil, comparison: String? = nil, strongEvidence: [String]) {
        self.attribute = attribute
        self.comparison = comparison
        self.strongEvidence = strongEvidence
    }
}
