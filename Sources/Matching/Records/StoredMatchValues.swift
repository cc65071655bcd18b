/// The one codec of `source_records.match_values`: a record's match attributes as landing computed them.
///
/// Landing standardizes every record once and stores what matching reads, so a match run decodes short strings
/// instead of parsing the attributes JSON and standardizing again (about 40 of the 50 seconds of a 1M-record run
/// before this existed). The format is one line of text, `attribute=value<US>value<RS>attribute=value…`, with the
/// ASCII unit separator (0x1F) between values and the record separator (0x1E) between attributes, and `\`
/// escaping any of `\`, 0x1E, 0x1F and `=` inside a name or value. Attributes are written in sorted order, so the
/// same record always encodes to the same text.
public enum StoredMatchValues {
    static let attributeSeparator: UInt8 = 0x1E
    static let valueSeparator: UInt8 = 0x1F
    static let equals = UInt8(ascii: "=")
    static let escape = UInt8(ascii: "\\")

    /// The text of a record's values (the record's id, source and entity live in their own columns).
    public static func encode(_ values: [MatchAttribute: [String]]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        var first = true
        for attribute in values.keys.sorted() {
            let list = values[attribute]!.filter { !$0.isEmpty }
            guard !list.isEmpty else { continue }
            if !first { bytes.append(attributeSeparator) }
            first = false
            append(attribute.rawValue, to: &bytes)
            bytes.append(equals)
            for (index, value) in list.enumerated() {
                if index > 0 { bytes.append(valueSeparator) }
                append(value, to: &bytes)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The values encoded by ``encode(_:)``; `nil` when the text is not in that format (an attribute without `=`,
    /// or a dangling escape), so the caller can report the record instead of matching it on half its values.
    public static func decode(_ text: String) -> [MatchAttribute: [String]]? {
        var text = text
        return text.withUTF8 { decode(bytes: $0) }
    }

    static func decode(bytes: UnsafeBufferPointer<UInt8>) -> [MatchAttribute: [String]]? {
        var values: [MatchAttribute: [String]] = [:]
        guard !bytes.isEmpty else { return values }
        var field: [UInt8] = []
        var attribute: MatchAttribute?
        var list: [String] = []
        var escaped = false
        func finishValue() -> Bool {
            guard attribute != nil else { return false }
            if !field.isEmpty { list.append(String(decoding: field, as: UTF8.self)) }
            field.removeAll(keepingCapacity: true)
            return true
        }
        for byte in bytes {
            if escaped {
                field.append(byte)
                escaped = false
                continue
            }
            switch byte {
            case escape:
                escaped = true
            case equals where attribute == nil:
                attribute = MatchAttribute(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            case valueSeparator:
                guard finishValue() else { return nil }
            case attributeSeparator:
                guard finishValue(), let name = attribute else { return nil }
                if !list.isEmpty { values[name, default: []].append(contentsOf: list) }
                list.removeAll(keepingCapacity: true)
                attribute = nil
            default:
                field.append(byte)
            }
        }
        guard !escaped, finishValue(), let name = attribute else { return nil }
        if !list.isEmpty { values[name, default: []].append(contentsOf: list) }
        return values
    }

    private static func append(_ string: String, to bytes: inout [UInt8]) {
        for byte in string.utf8 {
            if byte == escape || byte == equals || byte == attributeSeparator || byte == valueSeparator {
                bytes.append(escape)
            }
            bytes.append(byte)
        }
    }
}
