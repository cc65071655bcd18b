/// One element of an XML record under construction, and its conversion to the JSON shape mappings read.
///
/// Only the subtree of the record being read exists at any time; the rest of the document streams past.
final class XMLElementNode {
    let name: String
    let attributes: [(String, String)]
    var children: [XMLElementNode] = []
    var text = ""

    init(name: String, attributes: [(String, String)]) {
        self.name = name
        self.attributes = attributes
    }

    /// The element as JSON: text-only → string; otherwise an object with children by name (an element that
    /// repeats under one parent → array, in document order), attributes as `@name` and non-blank text beside
    /// children as `#text`.
    ///
    /// A child that occurs once stays a single value even where the schema allows a list: ``FieldPath`` treats a
    /// single value as a one-element list under `[]` and filters, so mappings read both alike.
    var json: JSONValue {
        if children.isEmpty && attributes.isEmpty { return .string(text) }
        var members: [String: JSONValue] = [:]
        for (name, value) in attributes { members["@" + name] = .string(value) }
        var order: [String] = []
        var groups: [String: [JSONValue]] = [:]
        for child in children {
            if groups[child.name] == nil { order.append(child.name) }
            groups[child.name, default: []].append(child.json)
        }
        for name in order {
            guard let values = groups[name] else { continue }
            members[name] = values.count == 1 ? values[0] : .array(values)
        }
        if children.isEmpty {
            if !text.isEmpty { members["#text"] = .string(text) }
        } else if text.contains(where: { !$0.isWhitespace }) {
            members["#text"] = .string(text)
        }
        return .object(members)
    }

    /// The first descendant leaf (depth first) whose name satisfies `predicate`.
    func firstLeaf(where predicate: (String) -> Bool) -> XMLElementNode? {
        for child in children {
            if child.children.isEmpty, predicate(child.name) { return child }
            if let found = child.firstLeaf(where: predicate) { return found }
        }
        return nil
    }
}
