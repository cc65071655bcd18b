/// Request bodies (a write's fields, a search's filters) read into the same value type payloads are served from.
extension GeneratedValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([GeneratedValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: GeneratedValue].self))
        }
    }
}
