import Foundation
import GoldenCore

/// One attribute a run (or a changed rules file) would change: what the what-if preview prints.
public struct AttributeChange: Sendable, Hashable, Codable {
    public var attribute: GoldenAttribute
    /// Every kept value before and after, the primary first (one element for single-valued attributes).
    public var before: [String]
    public var after: [String]
    /// What decided the new value.
    public var rule: String
    public var source: LineageSource?

    public init(attribute: GoldenAttribute, before: [String], after: [String], rule: String, source: LineageSource?) {
        self.attribute = attribute
        self.before = before
        self.after = after
        self.rule = rule
        self.source = source
    }
}

extension GoldenRecordValues {
    /// The attributes whose kept values differ from `old` (a new record changes every filled attribute).
    ///
    /// Only values count: a new lineage for the same value (another record now credited, a rule renamed) is not a
    /// change a steward previews, and the union's order beyond the primary does not matter.
    public func changes(from old: GoldenRecordValues?) -> [AttributeChange] {
        var changes: [AttributeChange] = []
        for entry in lineage {
            let after = entry.allValues
            let before = old?[entry.attribute]?.allValues ?? []
            guard before.first != after.first || Set(before) != Set(after) else { continue }
            changes.append(
                AttributeChange(
                    attribute: entry.attribute, before: before, after: after, rule: entry.rule, source: entry.source))
        }
        return changes
    }

    /// The golden values as one flat JSON object (`golden_versions.attributes`): each attribute's clean value, a
    /// union's values as an array (the primary first), and accounting facts under `facts`. Written by hand.
    public var attributesJSON: String {
        var writer = LineageJSONWriter(bytes: [])
        writer.bytes.reserveCapacity(512)
        writer.open()
        appendAttributeFields(to: &writer)
        writer.close()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The fields of ``attributesJSON`` into an object `writer` has open (the golden document adds its own after).
    func appendAttributeFields(to writer: inout LineageJSONWriter) {
        // Entries are read in place: iterating the array would copy each one.
        lineage.withUnsafeBufferPointer { entries in
            for index in entries.indices {
                if let values = entries[index].values {
                    guard !values.isEmpty else { continue }
                    writer.keyName(entries[index].attribute.rawValue)
                    writer.beginArray()
                    for candidate in values { if let value = candidate.value { writer.string(value) } }
                    writer.endArray()
                } else if let value = entries[index].value {
                    writer.keyName(entries[index].attribute.rawValue)
                    writer.string(value)
                }
            }
        }
        if let facts = accountingFacts?.facts, !facts.isEmpty {
            writer.key("facts")
            writer.open()
            for key in facts.keys.sorted() {
                writer.keyName(key)
                writer.string(facts[key]!)
            }
            writer.close()
        }
    }
}

extension LineageJSONWriter {
    mutating func keyName(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        resetComma()
    }
}
