import Foundation

/// One filter of a CRM search, with the operators HubSpot documents: `EQ`, `NEQ`, `LT`, `LTE`, `GT`, `GTE`,
/// `BETWEEN` (`value`, `highValue`), `IN`, `NOT_IN` (`values`), `HAS_PROPERTY`, `NOT_HAS_PROPERTY`,
/// `CONTAINS_TOKEN`, `NOT_CONTAINS_TOKEN`.
///
/// Datetime properties compare as instants, from epoch milliseconds or ISO-8601 text; a value that is neither
/// is refused (HubSpot answers 400), never read as "everything". Numbers compare as numbers, other text without
/// regard to case.
struct HubSpotSearchFilter: Sendable {
    enum Bound: Sendable, Equatable {
        case instant(Int64)
        case text(String)
    }

    struct Invalid: Error {
        let message: String
    }

    static let operators: Set<String> = [
        "EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY",
        "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN",
    ]
    static let datetimeProperties: Set<String> = [
        "createdate", "hs_createdate", "lastmodifieddate", "hs_lastmodifieddate", "closedate", "notes_last_updated",
    ]

    let property: String
    let comparison: String
    let bounds: [Bound]
    let isModified: Bool
    let isDatetime: Bool

    init(_ filter: GeneratedValue, object: String) throws(Invalid) {
        guard let property = filter["propertyName"]?.stringValue, !property.isEmpty else {
            throw Invalid(message: "Invalid input JSON: each filter needs a propertyName")
        }
        guard let comparison = filter["operator"]?.stringValue, Self.operators.contains(comparison) else {
            throw Invalid(
                message: "Invalid input JSON: Cannot deserialize value of type `FilterOperatorEnum` from String "
                    + "\"\(filter["operator"]?.flatText ?? "")\" for property \(property)")
        }
        self.property = property
        self.comparison = comparison
        isModified = property == HubSpotDialect.modifiedProperty(of: object)
        isDatetime = isModified || Self.datetimeProperties.contains(property)
        var texts: [String] = []
        switch comparison {
        case "HAS_PROPERTY", "NOT_HAS_PROPERTY":
            break
        case "IN", "NOT_IN":
            guard case .array(let values)? = filter["values"], !values.isEmpty else {
                throw Invalid(message: "\(comparison) on \(property) needs a non-empty 'values' list")
            }
            texts = values.map(\.flatText)
        case "BETWEEN":
            guard let low = filter["value"], low != .null, let high = filter["highValue"], high != .null else {
                throw Invalid(message: "BETWEEN on \(property) needs 'value' and 'highValue'")
            }
            texts = [low.flatText, high.flatText]
        default:
            guard let value = filter["value"], value != .null else {
                throw Invalid(message: "\(comparison) on \(property) needs a 'value'")
            }
            texts = [value.flatText]
        }
        var bounds: [Bound] = []
        for text in texts {
            if isDatetime {
                guard let millis = Self.instant(text) else {
                    throw Invalid(
                        message: "There was a problem with the request: '\(text)' is not a valid datetime for "
                            + "property \(property); use epoch milliseconds or ISO-8601")
                }
                bounds.append(.instant(millis))
            } else {
                bounds.append(.text(text))
            }
        }
        self.bounds = bounds
    }

    static func instant(_ text: String) -> Int64? {
        if let millis = Int64(text) { return millis }
        let date =
            (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()))
        return date.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
    }

    func matches(_ record: SandboxRecord) -> Bool {
        let raw = record.payload["properties"]?[property]
        let text = raw.flatMap { $0 == .null ? nil : $0.flatText }.flatMap { $0.isEmpty ? nil : $0 }
        let actual: Bound?
        if isModified {
            actual = .instant(record.modifiedAt)
        } else if let text {
            actual = isDatetime ? Self.instant(text).map(Bound.instant) : .text(text)
        } else {
            actual = nil
        }
        switch comparison {
        case "HAS_PROPERTY": return actual != nil
        case "NOT_HAS_PROPERTY": return actual == nil
        default: break
        }
        guard let actual else { return comparison == "NEQ" || comparison.hasPrefix("NOT_") }
        switch comparison {
        case "EQ": return Self.order(actual, bounds[0]) == 0
        case "NEQ": return Self.order(actual, bounds[0]) != 0
        case "LT": return Self.order(actual, bounds[0]) < 0
        case "LTE": return Self.order(actual, bounds[0]) <= 0
        case "GT": return Self.order(actual, bounds[0]) > 0
        case "GTE": return Self.order(actual, bounds[0]) >= 0
        case "BETWEEN": return Self.order(actual, bounds[0]) >= 0 && Self.order(actual, bounds[1]) <= 0
        case "IN": return bounds.contains { Self.order(actual, $0) == 0 }
        case "NOT_IN": return !bounds.contains { Self.order(actual, $0) == 0 }
        case "CONTAINS_TOKEN": return Self.containsToken(actual, bounds[0])
        default: return !Self.containsToken(actual, bounds[0])
        }
    }

    private static func order(_ a: Bound, _ b: Bound) -> Int {
        switch (a, b) {
        case (.instant(let x), .instant(let y)):
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.text(let x), .text(let y)):
            if let m = Double(x), let n = Double(y) { return m < n ? -1 : (m == n ? 0 : 1) }
            let (l, r) = (x.lowercased(), y.lowercased())
            return l < r ? -1 : (l == r ? 0 : 1)
        default:
            return -2
        }
    }

    /// A word of the value equals the token; `*` in the token matches any run of characters.
    private static func containsToken(_ actual: Bound, _ token: Bound) -> Bool {
        guard case .text(let text) = actual, case .text(let wanted) = token else { return false }
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "@" && $0 != "." }
        let pattern = wanted.lowercased()
        guard pattern.contains("*") else { return words.contains { $0 == pattern } || text.lowercased() == pattern }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        return words.contains { word in
            var rest = Substring(word)
            for (index, part) in parts.enumerated() where !part.isEmpty {
                if index == 0 {
                    guard rest.hasPrefix(part) else { return false }
                    rest = rest.dropFirst(part.count)
                } else if let range = rest.range(of: part) {
                    rest = rest[range.upperBound...]
                } else {
                    return false
                }
            }
            return parts.last!.isEmpty || word.hasSuffix(parts.last!)
        }
    }
}

/// A search's `query`: every word must be found, case-insensitively, in one of the object's default searchable
/// properties (HubSpot's list: contacts `firstname`, `lastname`, `email`, `phone`, `hs_additional_emails`, `fax`,
/// `mobilephone`, `company`; companies `name`, `domain`, `website`, `phone`).
struct HubSpotSearchQuery: Sendable {
    let words: [String]
    let properties: [String]

    init(text: String, object: String) {
        words = text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        properties =
            object == "contacts"
            ? ["firstname", "lastname", "email", "phone", "hs_additional_emails", "fax", "mobilephone", "company"]
            : ["name", "domain", "website", "phone"]
    }

    func matches(_ record: SandboxRecord) -> Bool {
        let values = properties.compactMap { record.payload["properties"]?[$0]?.flatText.lowercased() }
        return words.allSatisfy { word in values.contains { $0.contains(word) } }
    }
}

/// The order of one search sort: datetime properties as instants, numbers as numbers, other text without regard
/// to case; an empty value sorts first.
struct HubSpotSortKey: Sendable {
    let property: String
    let isModified: Bool
    let isDatetime: Bool

    init(property: String, object: String) {
        self.property = property
        isModified = property == HubSpotDialect.modifiedProperty(of: object)
        isDatetime = isModified || HubSpotSearchFilter.datetimeProperties.contains(property)
    }

    /// -1, 0 or 1.
    func order(_ a: SandboxRecord, _ b: SandboxRecord) -> Int? {
        if isModified { return a.modifiedAt < b.modifiedAt ? -1 : (a.modifiedAt == b.modifiedAt ? 0 : 1) }
        let x = value(a)
        let y = value(b)
        switch (x, y) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let x?, let y?):
            if isDatetime, let m = HubSpotSearchFilter.instant(x), let n = HubSpotSearchFilter.instant(y) {
                return m < n ? -1 : (m == n ? 0 : 1)
            }
            if let m = Double(x), let n = Double(y) { return m < n ? -1 : (m == n ? 0 : 1) }
            let (l, r) = (x.lowercased(), y.lowercased())
            return l < r ? -1 : (l == r ? 0 : 1)
        }
    }

    private func value(_ record: SandboxRecord) -> String? {
        guard let value = record.payload["properties"]?[property], value != .null else { return nil }
        let text = value.flatText
        return text.isEmpty ? nil : text
    }
}
