import Foundation

/// The query strings of `batch` commands (`crm.company.update?id=43&fields[PHONE][0][VALUE]=…`) read into nested
/// values, PHP style: every `[key]` is one level, numeric keys included (lists stay objects keyed `0`, `1`, …), and
/// `[]` appends the next number. The same reading serves GET query strings and form bodies.
enum Bitrix24QueryString {
    static func parse(_ query: some StringProtocol) -> [String: GeneratedValue] {
        var root: [String: GeneratedValue] = [:]
        for (key, value) in SandboxForm.pairs(query) {
            var path: [String] = []
            if let open = key.firstIndex(of: "[") {
                path.append(String(key[..<open]))
                for segment in key[open...].split(separator: "]") {
                    path.append(String(segment.drop { $0 == "[" }))
                }
            } else {
                path.append(key)
            }
            insert(.string(value), at: path[...], into: &root)
        }
        return root
    }

    private static func insert(
        _ value: GeneratedValue, at path: ArraySlice<String>, into object: inout [String: GeneratedValue]
    ) {
        guard var head = path.first else { return }
        // `select[]=ID&select[]=TITLE`: an empty key appends, PHP style.
        if head.isEmpty { head = String(object.count) }
        if path.count == 1 {
            object[head] = value
            return
        }
        var child: [String: GeneratedValue] = [:]
        if case .object(let members)? = object[head] { child = members }
        insert(value, at: path.dropFirst(), into: &child)
        object[head] = .object(child)
    }
}
