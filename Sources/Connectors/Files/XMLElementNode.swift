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
    ///
    /// Children are grouped by a scan rather than a dictionary: hashing a Cyrillic name costs a Unicode
    /// normalisation check, and an element has few distinct child names (repeats are usually adjacent).
    var json: JSONValue {
        if children.isEmpty && attributes.isEmpty { return .string(text) }
        var groups: [(name: String, values: [JSONValue])] = []
        var last = -1
        for child in children {
            if last < 0 || !Self.sameName(groups[last].name, child.name) {
                last = groups.firstIndex { Self.sameName($0.name, child.name) } ?? -1
                if last < 0 {
                    groups.append((child.name, []))
                    last = groups.count - 1
                }
            }
            groups[last].values.append(child.json)
        }
        var members: [String: JSONValue] = [:]
        members.reserveCapacity(attributes.count + groups.count + 1)
        for (name, value) in attributes { members["@" + name] = .string(value) }
        for group in groups {
            members[group.name] = group.values.count == 1 ? group.values[0] : .array(group.values)
        }
        if children.isEmpty {
            if !text.isEmpty { members["#text"] = .string(text) }
        } else if text.contains(where: { !$0.isWhitespace }) {
            members["#text"] = .string(text)
        }
        return .object(members)
    }

    /// XML names compare by code point, so bytes are enough (and skip Unicode normalisation).
    static func sameName(_ left: String, _ right: String) -> Bool {
        left.utf8.elementsEqual(right.utf8)
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
