extension String {
    /// The text without leading and trailing whitespace — the same set as Foundation's `.whitespacesAndNewlines`
    /// (general category Z*, U+0009…U+000D, U+0085 and, in swift-corelibs-foundation, U+200B).
    ///
    /// Foundation's `trimmingCharacters(in:)` bridges through `NSString` on Linux and cost more per landed record
    /// than the standardizers; this walks the scalars at both ends and returns `self` when nothing is trimmed.
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isWhitespace($0) }) else { return "" }
        var end = scalars.endIndex
        while end > first {
            let before = scalars.index(before: end)
            if !Self.isWhitespace(scalars[before]) { break }
            end = before
        }
        if first == scalars.startIndex && end == scalars.endIndex { return self }
        return String(scalars[first..<end])
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        if value == 0x85 || value == 0x200B { return true }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
