extension String {
    /// The text without control characters (C0 but tab, line feed and carriage return; DEL; C1 but U+0085), which
    /// no standardized value may hold: a NUL or an escape code from a damaged export would otherwise reach match
    /// keys and the values pushed back to every source. Returns `self` when there are none (the common case,
    /// checked on the bytes).
    var removingControlCharacters: String {
        var found = false
        var previous: UInt8 = 0
        for byte in utf8 {
            if (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F
                || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F && byte != 0x85)
            {
                found = true
                break
            }
            previous = byte
        }
        guard found else { return self }
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars where !Self.isRemovedControl(scalar) { scalars.append(scalar) }
        return String(scalars)
    }

    private static func isRemovedControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x85: return false
        case 0x00..<0x20, 0x7F...0x9F: return true
        default: return false
        }
    }

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
