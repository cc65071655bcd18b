/// Keeps records in different scopes (persons whose employers are different organization clusters) from linking
/// on soft evidence alone.
///
/// Namesakes are common ("Ivan Petrov" at two companies); a shared name plus a shared city must not merge them.
/// When both records have a scope value and the values differ, the pair may only be linked automatically if one
/// of the `strongEvidence` comparisons is at its first (strongest) level, e.g. exact email or national id;
/// otherwise a pair above the upper threshold goes to review instead.
public struct ScopeGate: Codable, Sendable, Hashable {
    public var attribute: MatchAttribute
    public var strongEvidence: [String]

    public init(attribute: MatchAttribute, strongEvidence: [String]) {
        self.attribute = attribute
        self.strongEvidence = strongEvidence
    }
}
