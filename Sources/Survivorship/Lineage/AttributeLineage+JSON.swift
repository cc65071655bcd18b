import Foundation
import GoldenCore

/// The stored JSON of lineage, written by hand: the assembly of 600k golden records must not spend its budget in
/// `JSONEncoder`. `Codable` decodes exactly this shape (pinned by a round-trip test).
extension AttributeLineage {
    /// This lineage as one JSON object (the jsonb value of one `golden_attribute_lineage` row).
    public var jsonText: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        appendJSON(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends this lineage as a JSON object: for writers that stream many rows into one buffer (COPY).
    ///
    /// - Parameter records: a ``LineageDocument``'s `records`; a source found there is written as its position
    ///   instead of a whole object.
    public func appendJSON(to bytes: inout [UInt8], records: [LineageSource]? = nil) {
        var writer = LineageJSONWriter(bytes: bytes)
        writer.records = records
        bytes = []
        writer.open()
        writer.field("attribute", attribute.rawValue)
        if let value { writer.field("value", value) }
        if let raw, raw != value { writer.field("raw", raw) }
        if let source {
            writer.key("source")
            writer.source(source)
        }
        writer.field("rule", rule)
        if let tieBrokenBy { writer.field("tie_broken_by", tieBrokenBy) }
        if let score { writer.field("score", score) }
        if let override {
            writer.key("override")
            writer.open()
            writer.field("by", override.by)
            writer.field("reason", override.reason)
            writer.key("at")
            writer.time(override.at)
            writer.close()
        }
        if let values {
            writer.key("values")
            writer.candidates(values)
        }
        if !beaten.isEmpty {
            writer.key("beaten")
            writer.candidates(beaten)
        }
        if !agreed.isEmpty {
            writer.key("agreed")
            writer.beginArray()
            for source in agreed { writer.source(source) }
            writer.endArray()
        }
        writer.close()
        bytes = writer.bytes
    }
}

/// A JSON writer just big enough for lineage: objects, arrays, strings, numbers, times.
struct LineageJSONWriter {
    var bytes: [UInt8]
    /// Sources written as a position in the document's record table (``LineageDocument``).
    var records: [LineageSource]?
    private var needsComma = false

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func open() {
        comma()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func key(_ name: StaticString) {
        comma()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = false
    }

    mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: Double) {
        key(name)
        comma()
        if value.isFinite {
            bytes.append(contentsOf: value.description.utf8)
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
        needsComma = true
    }

    mutating func string(_ value: String) {
        comma()
        JSONText.appendQuoted(value, to: &bytes)
        needsComma = true
    }

    /// Lowercase hex with dashes, as PostgreSQL prints a uuid (``Foundation/UUID/withLowercasedText(_:)``).
    mutating func uuid(_ id: UUID) {
        comma()
        bytes.append(UInt8(ascii: "\""))
        id.withLowercasedText { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    mutating func time(_ date: Date) {
        comma()
        bytes.append(UInt8(ascii: "\""))
        Timestamp.append(date, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    mutating func source(_ source: LineageSource) {
        if let position = records?.firstIndex(of: source) {
            comma()
            // A record table has a handful of entries: one digit, without making a string for it.
            if position < 10 {
                bytes.append(UInt8(ascii: "0") + UInt8(position))
            } else {
                bytes.append(contentsOf: String(position).utf8)
            }
            needsComma = true
            return
        }
        open()
        field("source", source.source)
        field("key", source.key)
        key("modified_at")
        time(source.modifiedAt)
        if let recordID = source.recordID {
            key("record_id")
            uuid(recordID)
        }
        close()
    }

    mutating func candidates(_ candidates: [LineageCandidate]) {
        comma()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for candidate in candidates {
            open()
            if let value = candidate.value { field("value", value) }
            if candidate.raw != candidate.value { field("raw", candidate.raw) }
            if let source = candidate.source {
                key("source")
                self.source(source)
            }
            if let reason = candidate.reason { field("reason", reason.rawValue) }
            if let score = candidate.score { field("score", score) }
            if let issues = candidate.issues {
                key("issues")
                comma()
                bytes.append(UInt8(ascii: "["))
                needsComma = false
                for issue in issues { string(issue) }
                bytes.append(UInt8(ascii: "]"))
                needsComma = true
            }
            close()
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    mutating func beginArray() {
        comma()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    mutating func resetComma() {
        needsComma = false
    }

    /// After bytes appended directly (a value written elsewhere), the next item needs a comma.
    mutating func markValueWritten() {
        needsComma = true
    }

    private mutating func comma() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}
