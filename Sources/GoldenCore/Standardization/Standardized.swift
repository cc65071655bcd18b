/// The outcome of one standardizer call: the clean value (if any) and the issues found.
///
/// A typed value rather than a dictionary of keys: the hot path (millions of records) reads the typed properties,
/// and only the CLI and explanations build the `keys` dictionary, through `MatchKeyed`.
public struct Standardized<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The clean value; `nil` when the input was empty or failed validation.
    public var value: Value?
    public var issues: [StandardizationIssue]

    public init(value: Value?, issues: [StandardizationIssue] = []) {
        self.value = value
        self.issues = issues
    }

    /// A failed result carrying one error.
    public static func failure(_ issue: StandardizationIssue) -> Standardized {
        Standardized(value: nil, issues: [issue])
    }

    /// A failed result carrying one error after earlier issues (warnings found before the error).
    public static func failure(_ issue: StandardizationIssue, issues: [StandardizationIssue]) -> Standardized {
        Standardized(value: nil, issues: issues + [issue])
    }

    /// `true` when a clean value exists and no error was reported.
    public var isValid: Bool { value != nil && !issues.contains(where: \.isError) }

    /// The first error, the one a quarantine entry reports.
    public var firstError: StandardizationIssue? { issues.first(where: \.isError) }
}

/// A standardized value that can list its match keys by name, for the CLI and for match explanations.
///
/// Key names are stable: blocking rules and the CLI's JSON refer to them.
public protocol MatchKeyed: Sendable {
    /// The canonical display string of the value (what `golden standardize` prints as `value`).
    var canonical: String { get }
    /// Named keys for blocking and comparison.
    var matchKeys: [String: String] { get }
}
