/// A JSON-like value: what a source's API would put in a record payload.
///
/// The generator deliberately does not model typed domain values: sources send strings where numbers are
/// meant (HubSpot sends every property as a string), nulls, arrays of multi-field objects (Bitrix24 `PHONE`)
/// and nested objects (1C `Взаиморасчеты`). Keeping the raw shape lets the sandbox servers serve it as is.
public enum GeneratedValue: Sendable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([GeneratedValue])
    case object([String: GeneratedValue])

    /// The string payload, or nil for any other case.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// Member of an object by key; nil for non-objects and missing keys.
    public subscript(key: String) -> GeneratedValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// Plain text for flat outputs (CSV cells, XML text): numbers without a trailing `.0`, booleans as
    /// `true`/`false`, null as empty, arrays as their items' text joined by `"; "`, objects as their
    /// `VALUE`/`tel`/`email`/`id`/`Значение` member (the one meaningful member of multi-field items).
    public var flatText: String {
        switch self {
        case .string(let text):
            return text
        case .number(let number):
            return GeneratedValue.format(number)
        case .bool(let flag):
            return flag ? "true" : "false"
        case .null:
            return ""
        case .array(let items):
            return items.map(\.flatText).filter { !$0.isEmpty }.joined(separator: "; ")
        case .object(let members):
            for key in ["VALUE", "tel", "email", "id", "Значение", "Представление"] {
                if let member = members[key] { return member.flatText }
            }
            return ""
        }
    }

    /// Integral numbers print without a fraction; others with at most two decimals (money amounts).
    static func format(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 {
            return String(Int64(number))
        }
        let cents = Int64((number * 100).rounded())
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

extension GeneratedValue: Encodable {
    /// Encodes as the natural JSON value, so servers can hand payloads to `JSONEncoder` directly.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .number(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .object(let members):
            var container = encoder.container(keyedBy: MemberKey.self)
            for key in members.keys.sorted() {
                try container.encode(members[key] ?? .null, forKey: MemberKey(key))
            }
        }
    }

    private struct MemberKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ key: String) { stringValue = key }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension GeneratedValue {
    /// `.string` for a value, `.null` for nil: most optional source fields come back as JSON null.
    static func text(_ value: String?) -> GeneratedValue {
        value.map(GeneratedValue.string) ?? .null
    }
}

extension GeneratedValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}
