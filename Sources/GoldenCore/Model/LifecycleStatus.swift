/// Where a party stands in the customer lifecycle.
///
/// Dead prospects are never deleted: they stay in the store, flagged, because sales analyses them and a dead
/// account that comes back must be recognised rather than recreated.
public enum LifecycleStatus: String, Sendable, Codable, Hashable, CaseIterable {
    /// An active customer or contact.
    case live
    /// A prospect known mostly by name (no deal, often no identifiers yet).
    case prospect
    /// No longer pursued or out of business; kept for history and analysis.
    case dead
}
