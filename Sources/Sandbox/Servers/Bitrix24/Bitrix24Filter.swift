import Foundation

/// One `filter` entry of a Bitrix24 list call: the key's prefix is the operator (`>=DATE_MODIFY`, `@ENTITY_ID`,
/// `!=TITLE`), the default is equality. Datetimes compare as instants, `ID`-like fields as numbers.
struct Bitrix24Filter: Sendable {
    let field: String
    let comparison: String
    let value: GeneratedValue

    private static let operators = [">=", "<=", "!@", "!=", "=%", "%=", ">", "<", "@", "%", "=", "!"]
    private static let dateFields: Set<String> = ["DATE_MODIFY", "DATE_CREATE"]

    init(key: String, value: GeneratedValue) {
        let op = Self.operators.first { key.hasPrefix($0) } ?? "="
        comparison = op
        field = key.hasPrefix(op) ? String(key.dropFirst(op.count)) : key
        self.value = value
    }

    /// - Parameter lookup: the row's value of a field, as text.
    func matches(_ lookup: (String) -> String?) -> Bool {
        let actual = lookup(field) ?? ""
        switch comparison {
        case "@", "!@":
            var listed: [String] = []
            switch value {
            case .array(let items): listed = items.map(\.flatText)
            // A list from a query string or form: `filter[@ID][0]=1&filter[@ID][1]=2`.
            case .object(let members): listed = members.values.map(\.flatText)
            default: listed = [value.flatText]
            }
            return listed.contains(actual) == (comparison == "@")
        case "%": return actual.localizedCaseInsensitiveContains(value.flatText)
        default:
            let order = compare(actual, value.flatText)
            switch comparison {
            case ">=": return order >= 0
            case "<=": return order <= 0
            case ">": return order > 0
            case "<": return order < 0
            case "!=", "!": return order != 0
            default: return order == 0
            }
        }
    }

    private func compare(_ actual: String, _ bound: String) -> Int {
        Self.compare(field, actual, bound)
    }

    /// Two values of `field`: datetimes as instants, whole numbers as numbers, the rest as text.
    static func compare(_ field: String, _ actual: String, _ bound: String) -> Int {
        if dateFields.contains(field), let a = Bitrix24Dialect.parse(actual), let b = Bitrix24Dialect.parse(bound) {
            return a < b ? -1 : (a == b ? 0 : 1)
        }
        if let a = Int(actual), let b = Int(bound) { return a < b ? -1 : (a == b ? 0 : 1) }
        return actual < bound ? -1 : (actual == bound ? 0 : 1)
    }
}
