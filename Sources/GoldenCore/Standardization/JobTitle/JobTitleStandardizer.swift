/// Maps free-text job titles to canonical codes: "CEO", "Генеральный директор", "Founder/CEO", "CEOn" → `CEO`.
///
/// Lookup order: the whole normalized title; then each part split at `/ , ; & + | ( )` and at "and"/"и", keeping
/// the most senior match; then the longest known label at the start ("Генеральный директор ООО Ромашка"); then
/// typos by Damerau–Levenshtein distance. An unknown title is kept as text with a warning, never dropped.
public struct JobTitleStandardizer: Sendable {
    public var dictionary: JobTitleDictionary

    public init(dictionary: JobTitleDictionary = .builtIn) {
        self.dictionary = dictionary
    }

    public func standardize(_ raw: String) -> Standardized<JobTitle> {
        let text = ScalarText.collapseSpaces(raw)
        let whole = JobTitleDictionary.normalize(text)
        if whole.isEmpty { return .failure(.init("job_title.empty", "job title is empty")) }
        if let index = dictionary.exact(whole) { return found(index, text) }

        var best: (index: Int, distance: Int)?
        for part in Self.parts(text) {
            let normalized = JobTitleDictionary.normalize(part)
            if normalized.isEmpty { continue }
            let match = dictionary.exact(normalized).map { (index: $0, distance: 0) } ?? prefixMatch(normalized)
                ?? dictionary.fuzzy(normalized)
            guard let match else { continue }
            if let current = best {
                if dictionary.titles[match.index].rank > dictionary.titles[current.index].rank { best = match }
            } else {
                best = match
            }
        }
        guard let best else {
            let title = JobTitle(code: nil, text: text)
            return Standardized(
                value: title,
                issues: [
                    .init("job_title.unknown", "job title '\(text)' is not in the dictionary", severity: .warning)
                ])
        }
        var result = found(best.index, text)
        if best.distance > 0 {
            result.issues.append(
                .init(
                    "job_title.fuzzy",
                    "job title '\(text)' read as \(dictionary.titles[best.index].code) "
                        + "(\(best.distance) typo\(best.distance == 1 ? "" : "s"))",
                    severity: .warning))
        }
        return result
    }

    private func found(_ index: Int, _ text: String) -> Standardized<JobTitle> {
        let title = dictionary.titles[index]
        return Standardized(value: JobTitle(code: title.code, text: text, rank: title.rank))
    }

    /// The longest known label made of the first words ("генеральный директор ооо ромашка").
    private func prefixMatch(_ normalized: [UInt8]) -> (index: Int, distance: Int)? {
        var ends: [Int] = []
        for (offset, byte) in normalized.enumerated() where byte == 32 { ends.append(offset) }
        guard !ends.isEmpty else { return nil }
        var count = min(ends.count, dictionary.maxWords)
        while count >= 1 {
            if let index = dictionary.exact(normalized[..<ends[count - 1]]) { return (index, 0) }
            count -= 1
        }
        return nil
    }

    /// The title split into role parts at separators and at the words "and"/"и".
    static func parts(_ text: String) -> [Substring] {
        if let parts = ScalarText.withUTF8(text, { bytes -> [Substring]? in
            guard ScalarText.hasSimpleGraphemes(bytes) else { return nil }
            return byteParts(text, bytes)
        }) {
            return parts
        }
        return characterParts(text)
    }

    /// Separator bytes of `parts`.
    private static let separators: [Bool] = (0..<128).map { "/,;&+|()\\".utf8.contains(UInt8($0)) }

    /// `parts` on UTF-8 bytes, for text where every scalar is its own `Character` (see `hasSimpleGraphemes`).
    static func byteParts(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> [Substring] {
        var parts: [Substring] = []
        let utf8 = text.utf8
        func substring(_ range: Range<Int>) -> Substring {
            let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            let upper = utf8.index(lower, offsetBy: range.count)
            return text[lower..<upper]
        }
        var pieceStart = 0
        var index = 0
        while index <= bytes.count {
            let atEnd = index == bytes.count
            if !atEnd, !(bytes[index] < 0x80 && separators[Int(bytes[index])]) {
                index += 1
                continue
            }
            if index > pieceStart {
                // One piece: whole, or cut at the words "and"/"и" when it has three words or more.
                var words: [Range<Int>] = []
                var wordStart = -1
                for k in pieceStart...index {
                    if k < index && bytes[k] != 32 {
                        if wordStart < 0 { wordStart = k }
                    } else if wordStart >= 0 {
                        words.append(wordStart..<k)
                        wordStart = -1
                    }
                }
                if words.count < 3 {
                    parts.append(substring(pieceStart..<index))
                } else {
                    var start = pieceStart
                    for word in words where isAnd(bytes, word) {
                        parts.append(substring(start..<word.lowerBound))
                        start = word.upperBound
                    }
                    parts.append(substring(start..<index))
                }
            }
            index += 1
            pieceStart = index
        }
        return parts
    }

    /// `true` for "and" in any ASCII case and for "и"/"И" (what `lowercased()` turns into "and" or "и").
    private static func isAnd(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        if word.count == 3 {
            return bytes[word.lowerBound] | 0x20 == 97 && bytes[word.lowerBound + 1] | 0x20 == 110
                && bytes[word.lowerBound + 2] | 0x20 == 100
        }
        if word.count == 2 {
            return (bytes[word.lowerBound] == 0xD0 && bytes[word.lowerBound + 1] == 0xB8)  // и
                || (bytes[word.lowerBound] == 0xD0 && bytes[word.lowerBound + 1] == 0x98)  // И
        }
        return false
    }

    /// The `Character`-level split, for text with combining marks and other multi-scalar characters.
    static func characterParts(_ text: String) -> [Substring] {
        var parts: [Substring] = []
        for piece in text.split(whereSeparator: { "/,;&+|()\\".contains($0) }) {
            var start = piece.startIndex
            var index = piece.startIndex
            let words = piece.split(separator: " ")
            if words.count < 3 {
                parts.append(piece)
                continue
            }
            for word in words where ["and", "и", "и/или"].contains(word.lowercased()) {
                index = word.startIndex
                parts.append(piece[start..<index])
                start = word.endIndex
            }
            parts.append(piece[start...])
        }
        return parts
    }
}
