import Foundation

/// A string literal of the store's Swift sources that holds SQL, with each interpolation replaced by `$1`.
struct SwiftSQLLiteral: Sendable, CustomStringConvertible {
    let file: String
    let line: Int
    let text: String

    var location: String { "\(file):\(line)" }
    var description: String { "\(location): \(text)" }
}

/// Finds the SQL a Swift file sends: the string literals (plain, multi-line, raw) that start with an SQL verb.
///
/// The distribution rules read statement text, and the store's statements are Swift literals with interpolated
/// bound parameters, so the catalog test reads them where they are written instead of keeping a second copy in a
/// registry that could drift. The scanner knows what the sources contain: `//` and `/* */` comments, `"…"`,
/// `"""…"""`, `#"…"#` literals, escapes and `\(…)` interpolations (with literals nested inside them).
enum SwiftSQLLiterals {
    static let verbs = [
        "SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "CREATE", "ALTER", "DROP", "SET ", "RESET", "GRANT",
        "REVOKE", "COPY", "TRUNCATE",
    ]

    /// The repository's `Sources` folder, found from this file's path (tests run from the checkout).
    static var sourcesDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // GoldenStoreTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
            .appendingPathComponent("Sources")
    }

    /// Every SQL literal of every Swift file under `Sources`.
    static func scanSources() throws -> [SwiftSQLLiteral] {
        let root = sourcesDirectory
        guard let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var literals: [SwiftSQLLiteral] = []
        for case let url as URL in files where url.pathExtension == "swift" {
            let relative = String(url.path.dropFirst(root.path.count + 1))
            literals += sqlLiterals(in: try String(contentsOf: url, encoding: .utf8), file: relative)
        }
        return literals
    }

    static func sqlLiterals(in source: String, file: String) -> [SwiftSQLLiteral] {
        var scanner = Scanner(Array(source.unicodeScalars))
        var literals: [SwiftSQLLiteral] = []
        while let (text, line) = scanner.nextLiteral() {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if verbs.contains(where: { trimmed.uppercased().hasPrefix($0) }) {
                literals.append(SwiftSQLLiteral(file: file, line: line, text: trimmed))
            }
        }
        return literals
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }

        mutating func advance() {
            if scalars[index] == "\n" { line += 1 }
            index += 1
        }

        /// The next top-level literal's text and starting line, skipping comments.
        mutating func nextLiteral() -> (String, Int)? {
            while index < scalars.count {
                if peek() == "/", peek(1) == "/" {
                    while let scalar = peek(), scalar != "\n" { advance() }
                } else if peek() == "/", peek(1) == "*" {
                    advance()
                    advance()
                    while index < scalars.count, !(peek() == "*" && peek(1) == "/") { advance() }
                    if index < scalars.count {
                        advance()
                        advance()
                    }
                } else if let opening = literalOpening() {
                    let line = self.line
                    return (literal(opening), line)
                } else {
                    advance()
                }
            }
            return nil
        }

        /// `#…#"` or `"""` at the current position: the number of hashes and whether it is multi-line.
        func literalOpening() -> (hashes: Int, multiline: Bool)? {
            var offset = 0
            while peek(offset) == "#" { offset += 1 }
            guard peek(offset) == "\"" else { return nil }
            return (offset, peek(offset + 1) == "\"" && peek(offset + 2) == "\"")
        }

        /// Reads a literal that starts at the current position; interpolations become `$1`.
        mutating func literal(_ opening: (hashes: Int, multiline: Bool)) -> String {
            let quotes = opening.multiline ? 3 : 1
            for _ in 0..<(opening.hashes + quotes) { advance() }
            var text = String.UnicodeScalarView()
            while index < scalars.count {
                if isClosing(opening) {
                    for _ in 0..<(opening.hashes + quotes) { advance() }
                    return String(text)
                }
                if peek() == "\\", (0..<opening.hashes).allSatisfy({ peek(1 + $0) == "#" }) {
                    let after = 1 + opening.hashes
                    if peek(after) == "(" {
                        for _ in 0..<(after + 1) { advance() }
                        skipInterpolation()
                        text.append(contentsOf: "$1".unicodeScalars)
                        continue
                    }
                    if let escaped = peek(after) {
                        for _ in 0...after { advance() }
                        switch escaped {
                        case "n": text.append("\n")
                        case "t": text.append("\t")
                        case "\n": break  // A line continuation in a multi-line literal.
                        default: text.append(escaped)
                        }
                        continue
                    }
                }
                text.append(scalars[index])
                advance()
            }
            return String(text)
        }

        func isClosing(_ opening: (hashes: Int, multiline: Bool)) -> Bool {
            let quotes = opening.multiline ? 3 : 1
            guard (0..<quotes).allSatisfy({ peek($0) == "\"" }) else { return false }
            return (0..<opening.hashes).allSatisfy { peek(quotes + $0) == "#" }
        }

        /// Skips to the `)` that closes an interpolation, past nested parentheses and literals.
        mutating func skipInterpolation() {
            var depth = 1
            while index < scalars.count {
                if let opening = literalOpening() {
                    _ = literal(opening)
                    continue
                }
                switch peek() {
                case "(": depth += 1
                case ")":
                    depth -= 1
                    if depth == 0 {
                        advance()
                        return
                    }
                default: break
                }
                advance()
            }
        }
    }
}
