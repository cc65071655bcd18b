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
            if let index = dictionary.exact(Array(normalized[..<ends[count - 1]])) { return (index, 0) }
            count -= 1
        }
        return nil
    }

    /// The title split into role parts at separators and at the words "and"/"и".
    static func parts(_ text: String) -> [Substring] {
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
