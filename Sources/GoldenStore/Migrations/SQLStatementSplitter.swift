/// Splits a migration script into single statements at top-level semicolons.
///
/// PostgreSQL's extended query protocol takes one statement per query, but migrations read best as one script.
/// The splitter understands exactly what our scripts contain: `'…'` and `"…"` literals, `$tag$…$tag$` bodies,
/// `--` line comments and `/* */` block comments. Comment-only fragments are dropped.
enum SQLStatementSplitter {
    static func split(_ script: String) -> [String] {
        let scalars = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var hasCode = false
        var index = 0

        func flush() {
            let text = String(current).trimmingWhitespace()
            if hasCode, !text.isEmpty { statements.append(text) }
            current = String.UnicodeScalarView()
            hasCode = false
        }

        func appendUntil(_ terminator: [Unicode.Scalar]) {
            while index < scalars.count {
                if scalars[index...].starts(with: terminator) {
                    current.append(contentsOf: terminator)
                    index += terminator.count
                    return
                }
                current.append(scalars[index])
                index += 1
            }
        }

        while index < scalars.count {
            let scalar = scalars[index]
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar {
            case "-" where next == "-":
                // Line comment: kept in the text but does not make a fragment a statement.
                while index < scalars.count, scalars[index] != "\n" {
                    current.append(scalars[index])
                    index += 1
                }
            case "/" where next == "*":
                current.append(contentsOf: ["/", "*"])
                index += 2
                appendUntil(["*", "/"])
            case "'", "\"":
                hasCode = true
                current.append(scalar)
                index += 1
                appendUntil([scalar])
            case "$":
                hasCode = true
                if let tag = dollarTag(in: scalars, at: index) {
                    current.append(contentsOf: tag)
                    index += tag.count
                    appendUntil(tag)
                } else {
                    current.append(scalar)
                    index += 1
                }
            case ";":
                flush()
                index += 1
            default:
                if !scalar.properties.isWhitespace { hasCode = true }
                current.append(scalar)
                index += 1
            }
        }
        flush()
        return statements
    }

    /// `$$` or `$name$` starting at `start`, if any.
    private static func dollarTag(in scalars: [Unicode.Scalar], at start: Int) -> [Unicode.Scalar]? {
        var end = start + 1
        while end < scalars.count {
            let scalar = scalars[end]
            if scalar == "$" { return Array(scalars[start...end]) }
            guard scalar == "_" || scalar.properties.isAlphabetic || (end > start + 1 && ("0"..."9").contains(scalar))
            else { return nil }
            end += 1
        }
        return nil
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
