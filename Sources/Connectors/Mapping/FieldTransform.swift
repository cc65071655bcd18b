import Foundation

/// A small, closed set of value transforms a mapping may apply before standardization.
///
/// Standardizers do the real cleaning; transforms only reshape what a source packs differently: split a joined
/// list, join address parts, translate a source's code (`"Y"` → `"true"`, a stage name → `dead`).
public enum FieldTransform: Sendable, Hashable {
    /// Trim whitespace; empty results are dropped (always applied last as well).
    case trim
    /// Split each value at a separator into several values.
    case split(String)
    /// Join all values (of all paths, in order) into one, with a separator: address parts into one line.
    case join(String)
    /// Translate values through a table; values not in the table pass through unless `strict`.
    case map([String: String], strict: Bool)
    case lowercase
    /// Rewrite dates written in the source's layout to ISO `YYYY-MM-DD`; a value that does not fit passes through
    /// (and is quarantined by the standardizer, naming the record and field).
    case date(DateLayout)

    func apply(_ values: [String]) -> [String] {
        switch self {
        case .trim:
            return values
        case .split(let separator):
            return values.flatMap { $0.components(separatedBy: separator) }
        case .join(let separator):
            let parts = values.map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
            return parts.isEmpty ? [] : [parts.joined(separator: separator)]
        case .map(let table, let strict):
            return values.compactMap { value in
                table[value] ?? table[value.trimmingWhitespace] ?? (strict ? nil : value)
            }
        case .lowercase:
            return values.map { $0.lowercased() }
        case .date(let layout):
            return values.map { layout.isoText($0) ?? $0 }
        }
    }
}
