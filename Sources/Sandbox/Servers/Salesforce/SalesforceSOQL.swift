/// The subset of SOQL the sandbox understands: `SELECT f, … FROM Object [WHERE c AND c …] [ORDER BY f [ASC|DESC]
/// [NULLS FIRST|LAST], …] [LIMIT n]`, with comparisons of a field against `true`, `false`, `null`, a number, a
/// quoted string or an unquoted datetime literal. Keywords are case-insensitive, as in SOQL; object and field
/// names are matched case-insensitively by the routes (``resolvingNames(object:fields:)``). Enough for what
/// connectors send; anything else is a `MALFORMED_QUERY`, never a silent misread.
struct SalesforceSOQL: Sendable {
    enum Literal: Sendable {
        case bool(Bool)
        case null
        case number(Double)
        case string(String)
        case dateTime(Int64)
    }

    struct Condition: Sendable {
        let field: String
        let comparison: String
        let value: Literal
    }

    struct Ordering: Sendable {
        let field: String
        let descending: Bool
        /// SOQL's default: nulls first when ascending, last when descending.
        let nullsFirst: Bool
    }

    private(set) var fields: [String]
    private(set) var object: String
    private(set) var conditions: [Condition]
    private(set) var orderBy: [Ordering]
    let limit: Int?

    struct ParseError: Error {
        let message: String
    }

    init(parsing text: String) throws(ParseError) {
        var tokens = Self.tokenize(text)[...]
        func take() -> String? { tokens.popFirst() }
        func keyword(_ word: String) -> Bool {
            guard let first = tokens.first, first.uppercased() == word else { return false }
            tokens.removeFirst()
            return true
        }
        guard keyword("SELECT") else { throw ParseError(message: "expected SELECT") }
        var fields: [String] = []
        repeat {
            guard let field = take(), field != "," else { throw ParseError(message: "expected a field name") }
            fields.append(field)
        } while keyword(",")
        guard keyword("FROM"), let object = take() else { throw ParseError(message: "expected FROM and an object") }
        var conditions: [Condition] = []
        if keyword("WHERE") {
            repeat {
                guard let field = take(), let comparison = take(), let value = take() else {
                    throw ParseError(message: "incomplete WHERE condition")
                }
                guard ["=", "!=", ">", ">=", "<", "<="].contains(comparison) else {
                    throw ParseError(message: "unsupported operator '\(comparison)'")
                }
                conditions.append(Condition(field: field, comparison: comparison, value: try Self.literal(value)))
            } while keyword("AND")
        }
        var orderBy: [Ordering] = []
        if keyword("ORDER") {
            guard keyword("BY") else { throw ParseError(message: "expected BY after ORDER") }
            repeat {
                guard let field = take(), field != "," else {
                    throw ParseError(message: "expected a field after ORDER BY")
                }
                var descending = false
                if keyword("DESC") { descending = true } else { _ = keyword("ASC") }
                // Salesforce sorts nulls first unless told otherwise, in either direction.
                var nullsFirst = true
                if keyword("NULLS") {
                    if keyword("FIRST") {
                        nullsFirst = true
                    } else if keyword("LAST") {
                        nullsFirst = false
                    } else {
                        throw ParseError(message: "expected FIRST or LAST after NULLS")
                    }
                }
                orderBy.append(Ordering(field: field, descending: descending, nullsFirst: nullsFirst))
            } while keyword(",")
        }
        var limit: Int?
        if keyword("LIMIT") {
            guard let text = take(), let value = Int(text) else { throw ParseError(message: "LIMIT needs a number") }
            limit = value
        }
        guard tokens.isEmpty else { throw ParseError(message: "unexpected '\(tokens.first!)'") }
        self.fields = fields
        self.object = object
        self.conditions = conditions
        self.orderBy = orderBy
        self.limit = limit
    }

    /// The query with its object and field names spelled as the schema spells them (SOQL names are
    /// case-insensitive, and answers use the schema's spelling).
    ///
    /// - Throws: the first name that names nothing, with whether it is the object or a field.
    func resolvingNames(
        object objects: some Collection<String>, fields known: (String) -> Set<String>?
    ) throws(UnknownName) -> SalesforceSOQL {
        guard let canonicalObject = objects.first(where: { $0.lowercased() == object.lowercased() }),
            let names = known(canonicalObject)
        else { throw .object(object) }
        let byLowercase = Dictionary(names.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        func resolve(_ field: String) throws(UnknownName) -> String {
            guard let name = byLowercase[field.lowercased()] else { throw .field(field, object: canonicalObject) }
            return name
        }
        var copy = self
        copy.object = canonicalObject
        copy.fields = []
        for field in fields { copy.fields.append(try resolve(field)) }
        copy.conditions = []
        for condition in conditions {
            copy.conditions.append(
                Condition(
                    field: try resolve(condition.field), comparison: condition.comparison, value: condition.value))
        }
        copy.orderBy = []
        for ordering in orderBy {
            copy.orderBy.append(
                Ordering(field: try resolve(ordering.field), descending: ordering.descending,
                         nullsFirst: ordering.nullsFirst))
        }
        return copy
    }

    enum UnknownName: Error {
        case object(String)
        case field(String, object: String)
    }

    func matches(_ payload: [String: GeneratedValue]) -> Bool {
        conditions.allSatisfy { condition in
            let order = Self.compare(payload[condition.field] ?? .null, condition.value)
            switch condition.comparison {
            case "=": return order == 0
            case "!=": return order != 0
            case ">": return order == 1
            case ">=": return order == 0 || order == 1
            case "<": return order == -1
            default: return order == 0 || order == -1
            }
        }
    }

    /// -1, 0, 1; `nil` when the two cannot be compared (a null against a value).
    private static func compare(_ value: GeneratedValue, _ literal: Literal) -> Int? {
        switch (value, literal) {
        case (.null, .null): return 0
        case (.null, _), (_, .null): return nil
        case (.bool(let a), .bool(let b)): return a == b ? 0 : nil
        case (.number(let a), .number(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let text), .dateTime(let b)):
            guard let a = SalesforceSandboxTime.millis(text) else { return nil }
            return a < b ? -1 : (a == b ? 0 : 1)
        default: return nil
        }
    }

    private static func literal(_ token: String) throws(ParseError) -> Literal {
        switch token.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: break
        }
        if token.hasPrefix("'") { return .string(String(token.dropFirst().dropLast())) }
        if let number = Double(token) { return .number(number) }
        if let millis = SalesforceSandboxTime.millis(token) { return .dateTime(millis) }
        throw ParseError(message: "cannot read the value '\(token)'")
    }

    private static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var quoted = false
        func flush() {
            if !current.isEmpty { tokens.append(current) }
            current = ""
        }
        for character in text {
            if quoted {
                current.append(character)
                if character == "'" {
                    quoted = false
                    flush()
                }
                continue
            }
            switch character {
            case "'":
                flush()
                current = "'"
                quoted = true
            case " ", "\n", "\t":
                flush()
            case ",":
                flush()
                tokens.append(",")
            case "=", "<", ">", "!":
                // `>=` and friends: operator characters stick together, apart from the words around them.
                if let last = current.last, "=<>!".contains(last) {
                    current.append(character)
                } else {
                    flush()
                    current = String(character)
                }
            default:
                if let last = current.last, "=<>!".contains(last) { flush() }
                current.append(character)
            }
        }
        flush()
        return tokens
    }
}
