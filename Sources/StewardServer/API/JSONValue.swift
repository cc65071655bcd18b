import Foundation

/// A stored JSON document passed through the API as it is (attributes, lineage, a match explanation).
///
/// The store and the Survivorship and Matching modules own those formats; the API neither reads nor reshapes
/// them, it only nests them in its responses. Decoding goes through `JSONDecoder` and encoding through the
/// response encoder, so a value such as `<script>` is escaped exactly like every other string.
enum JSONValue: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses stored JSON text; text that does not parse is passed on as a string rather than dropped.
    init(parsing text: String) {
        self = (try? APIJSON.decoder.decode(JSONValue.self, from: Data(text.utf8))) ?? .string(text)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { try container.encode(Int64(value)) } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension UUID {
    /// How the API writes an id: lower case, as the CLI prints it (`JSONEncoder` would write upper case).
    var text: String { uuidString.lowercased() }
}
