/// Where a value sits in a payload: `Name`, `properties.phone`, `PHONE[].VALUE`, `Контакты.Контакт[Тип=Почта].Значение`.
///
/// `[]` fans out over an array, so repeated values such as Bitrix24's `PHONE` multi-field yield one value per
/// element; `[key=a|b]` fans out and keeps only elements whose `key` is `a` or `b` (1C lists phones and e-mails in
/// one `Контакты` list, told apart by `Тип`). XML sources reach the engine as nested objects keyed by element name,
/// where an element that occurs once is not an array, so a fan-out over a single value yields that value.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case key(String)
        case each
        case filter(key: String, values: Set<String>)
    }

    let segments: [Segment]
    public let description: String
    /// The keys of a path without fan-outs (`properties.phone`), the common case, which ``values(in:)`` walks
    /// without building intermediate arrays; `nil` for paths with `[]` or filters.
    private let keys: [String]?

    /// - Returns: `nil` when the text is not a path (empty segment, `[]` on nothing).
    public init?(_ text: String) {
        var segments: [Segment] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(part)
            var fanOuts: [Segment] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
                let inside = name[name.index(after: open)..<name.index(before: name.endIndex)]
                if inside.isEmpty {
                    fanOuts.insert(.each, at: 0)
                } else {
                    let parts = inside.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
                    let values = Set(parts[1].split(separator: "|").map(String.init))
                    fanOuts.insert(.filter(key: String(parts[0]), values: values), at: 0)
                }
                name = name[..<open]
            }
            guard !name.isEmpty, !name.contains("["), !name.contains("]") else { return nil }
            segments.append(.key(String(name)))
            segments.append(contentsOf: fanOuts)
        }
        guard !segments.isEmpty else { return nil }
        self.segments = segments
        self.description = text
        var keys: [String]? = []
        for segment in segments {
            guard case .key(let key) = segment else {
                keys = nil
                break
            }
            keys?.append(key)
        }
        self.keys = keys
    }

    /// Every scalar at this path, as text. Numbers print without a trailing `.0`; `null` and missing are nothing.
    public func values(in payload: JSONValue) -> [String] {
        if let keys {
            var value = payload
            for key in keys {
                guard case .object(let members) = value, let member = members[key] else { return [] }
                value = member
            }
            return value.scalarText.map { [$0] } ?? []
        }
        var current: [JSONValue] = [payload]
        for segment in segments {
            var next: [JSONValue] = []
            for value in current {
                switch (segment, value) {
                case (.key(let key), .object(let members)):
                    if let member = members[key] { next.append(member) }
                case (.each, .array(let elements)):
                    next.append(contentsOf: elements)
                case (.each, _):
                    next.append(value)
                case (.filter(let key, let values), _):
                    let elements: [JSONValue]
                    if case .array(let array) = value { elements = array } else { elements = [value] }
                    next.append(contentsOf: elements.filter { element in
                        element[key]?.scalarText.map(values.contains) ?? false
                    })
                default:
                    continue
                }
            }
            current = next
        }
        return current.compactMap(\.scalarText)
    }
}

extension JSONValue {
    /// The text of a scalar as a mapping sees it; arrays and objects are not scalars.
    public var scalarText: String? {
        switch self {
        case .string(let value): return value
        case .number(let value):
            if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .null, .array, .object: return nil
        }
    }
}
