import Yams

/// Reads a YAML document node by node, keeping each node's line and key path for error messages.
///
/// `YAMLDecoder` reports a coding path but no line; hand-edited configuration deserves both, and unknown keys
/// (a typo such as `recieves_back`) must be errors rather than silently ignored, which `Decodable` would do.
public struct YAMLNodeReader {
    public let file: String
    public let node: Node
    public let keyPath: String

    /// Parses `text`; a syntax error becomes a ``ConfigurationFileError`` with the parser's line and column.
    public static func parse(_ text: String, file: String) throws -> YAMLNodeReader {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                throw ConfigurationFileError(file: file, line: 1, column: 1, keyPath: "", message: "the file is empty")
            }
            return YAMLNodeReader(file: file, node: root, keyPath: "")
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
                throw ConfigurationFileError(
                    file: file, line: mark.line, column: mark.column, keyPath: "", message: "YAML syntax: \(problem)")
            default:
                throw ConfigurationFileError(file: file, line: nil, column: nil, keyPath: "", message: "\(error)")
            }
        }
    }

    public var isMapping: Bool { node.mapping != nil }
    public var isScalar: Bool { node.scalar != nil }

    public func error(_ message: String) -> ConfigurationFileError {
        ConfigurationFileError(
            file: file, line: node.mark?.line, column: node.mark?.column, keyPath: keyPath, message: message)
    }

    func child(_ node: Node, key: String) -> YAMLNodeReader {
        YAMLNodeReader(file: file, node: node, keyPath: keyPath.isEmpty ? key : "\(keyPath).\(key)")
    }

    /// The members of a mapping, in file order; refuses keys outside `allowed` (when given).
    public func mapping(allowed: Set<String>? = nil) throws -> [(key: String, value: YAMLNodeReader)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping (key: value lines)") }
        var members: [(key: String, value: YAMLNodeReader)] = []
        var seen: Set<String> = []
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else {
                throw YAMLNodeReader(file: file, node: keyNode, keyPath: keyPath).error("keys must be plain strings")
            }
            let member = child(valueNode, key: key)
            if let allowed, !allowed.contains(key) {
                throw YAMLNodeReader(file: file, node: keyNode, keyPath: member.keyPath).error(
                    "unknown key '\(key)'; expected one of: \(allowed.sorted().joined(separator: ", "))")
            }
            if !seen.insert(key).inserted {
                throw YAMLNodeReader(file: file, node: keyNode, keyPath: member.keyPath).error("duplicate key '\(key)'")
            }
            members.append((key, member))
        }
        return members
    }

    /// A member of a mapping by key, if present.
    public func optional(_ key: String) throws -> YAMLNodeReader? {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping (key: value lines)") }
        return mapping[key].map { child($0, key: key) }
    }

    public func required(_ key: String) throws -> YAMLNodeReader {
        guard let member = try optional(key) else { throw error("missing required key '\(key)'") }
        return member
    }

    public func sequence() throws -> [YAMLNodeReader] {
        guard case .sequence(let sequence) = node else { throw error("expected a list") }
        return sequence.enumerated().map { index, node in
            YAMLNodeReader(file: file, node: node, keyPath: "\(keyPath)[\(index)]")
        }
    }

    /// A scalar, or a list of scalars: `path: Phone` and `path: [Phone, MobilePhone]` read the same.
    public func strings() throws -> [String] {
        if isScalar { return [try string()] }
        if node.sequence != nil { return try sequence().map { try $0.string() } }
        throw error("expected a value or a list of values")
    }

    public func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a single value") }
        return scalar.string
    }

    public func double() throws -> Double {
        guard let value = Double(try string()) else { throw error("expected a number") }
        return value
    }

    public func int() throws -> Int {
        guard let value = Int(try string()) else { throw error("expected a whole number") }
        return value
    }

    public func bool() throws -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false")
        }
    }
}
