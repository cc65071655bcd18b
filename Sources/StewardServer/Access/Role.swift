import Foundation

/// What a user or token may do. `admin` may do everything; every role reads.
///
/// - `steward` decides matches, splits, moves, overrides and unlocks;
/// - `finance` confirms organizations and accepts or rejects proposals;
/// - `viewer` only reads.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case viewer, steward, finance, admin

    /// Whether a principal acting as `self` may do what needs one of `allowed`.
    public func permits(_ allowed: Set<Role>) -> Bool {
        self == .admin || allowed.contains(self)
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Who a request acts for: the user behind a token and the one role the token carries.
public struct Principal: Sendable, Hashable {
    public let userID: UUID
    public let login: String
    public let role: Role

    public init(userID: UUID, login: String, role: Role) {
        self.userID = userID
        self.login = login
        self.role = role
    }
}
