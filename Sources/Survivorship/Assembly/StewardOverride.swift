import Foundation

/// A value a steward set by hand, with who and why: it wins until someone unlocks it.
///
/// The caller passes only overrides still in force (revoked ones are history). Stored as a steward decision of
/// kind `override`; survivorship only reads it.
public struct StewardOverride: Sendable, Hashable, Codable {
    public var attribute: GoldenAttribute
    /// The value to keep (already standardized by the caller; it is not validated again here).
    public var value: String
    public var by: String
    public var reason: String
    public var at: Date

    public init(attribute: GoldenAttribute, value: String, by: String, reason: String, at: Date) {
        self.attribute = attribute
        self.value = value
        self.by = by
        self.reason = reason
        self.at = at
    }
}

/// Where a golden organization stands with finance.
public enum OrganizationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Known from CRMs only.
    case provisional
    /// Linked to an accounting record.
    case matched
    /// Finance confirmed it: legal name, INN and KPP are locked and later differences become proposals.
    case confirmed
}
