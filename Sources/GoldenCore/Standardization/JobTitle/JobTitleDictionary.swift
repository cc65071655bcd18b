/// Canonical job titles with their labels in English and Russian, abbreviations and variants.
///
/// Loaded by Connectors from `mappings/job_titles.yaml`, whose shape is `titles: [Title]`, one to one. Labels are
/// compared after normalization (lowercase, ё→е, punctuation to spaces), so "Ген. директор" and "ген директор"
/// are one label.
public struct JobTitleDictionary: Sendable, Decodable {
    public struct Title: Sendable, Codable, Hashable {
        /// Stable code, upper snake case (`SALES_DIRECTOR`); it is itself a label.
        public var code: String
        /// Seniority: when a field names several roles ("Founder/CEO"), the highest rank wins.
        public var rank: Int
        public var labels: [String]

        public init(code: String, rank: Int, labels: [String]) {
            self.code = code
            self.rank = rank
            self.labels = labels
        }
    }

    struct Label: Sendable {
        /// The normalized label's scalar values.
        var scalars: [UInt32]
        var index: Int
    }

    public let titles: [Title]
    let byLabel: ByteTable<Int>
    let labels: [Label]
    /// The longest label in words, which bounds the prefix search.
    let maxWords: Int
    /// The longest label in scalars, which bounds the edit-distance rows.
    let maxLabelLength: Int

    public init(titles: [Title]) {
        self.titles = titles
        var byLabel: [[UInt8]: Int] = [:]
        var labels: [Label] = []
        var maxWords = 1
        for (index, title) in titles.enumerated() {
            for label in [title.code] + title.labels {
                let key = JobTitleDictionary.normalize(label)
                guard !key.isEmpty, byLabel[key] == nil else { continue }
                byLabel[key] = index
                labels.append(Label(scalars: ScalarText.string(key).unicodeScalars.map(\.value), index: index))
                maxWords = max(maxWords, key.split(separator: 32).count)
            }
        }
        self.byLabel = ByteTable(byLabel)
        self.maxLabelLength = labels.map(\.scalars.count).max() ?? 0
        self.labels = labels
        self.maxWords = maxWords
    }

    private enum CodingKeys: String, CodingKey { case titles }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(titles: try container.decode([Title].self, forKey: .titles))
    }

    /// Lowercase, ё→е, every non-alphanumeric run to one space, trimmed.
    static func normalize(_ text: some StringProtocol) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        // Scalars decoded from the UTF-8 by hand: iterating `unicodeScalars` cost more than the rest.
        ScalarText.withUTF8(text) { bytes in
            var i = 0
            while i < bytes.count {
                let (value, length) = ScalarText.decode(bytes, at: i)
                i += length
                let scalar = Unicode.Scalar(value)!
                if ScalarText.isLetter(scalar) || ScalarText.isDigit(scalar) {
                    if pendingSpace && !result.isEmpty { result.append(32) }
                    pendingSpace = false
                    ScalarText.appendLookup(scalar, to: &result)
                } else {
                    pendingSpace = true
                }
            }
        }
        return result
    }

    func exact(_ normalized: [UInt8]) -> Int? { byLabel.value(normalized) }
    func exact(_ normalized: ArraySlice<UInt8>) -> Int? { byLabel.value(normalized) }

    /// The closest label within the typo budget: none for inputs up to 3 letters, 1 up to 8, 2 beyond. Two different
    /// titles at the same best distance are ambiguous and give no match.
    func fuzzy(_ normalized: [UInt8]) -> (index: Int, distance: Int)? {
        let scalars = ScalarText.string(normalized).unicodeScalars.map(\.value)
        let budget = scalars.count <= 3 ? 0 : scalars.count <= 8 ? 1 : 2
        guard budget > 0 else { return nil }
        var best: (index: Int, distance: Int)?
        var ambiguous = false
        var rows = EditDistance.Rows(columns: max(maxLabelLength, scalars.count) + 1)
        scalars.withUnsafeBufferPointer { scalars in
            for label in labels where abs(label.scalars.count - scalars.count) <= budget && label.scalars.count >= 3 {
                let distance = label.scalars.withUnsafeBufferPointer {
                    rows.distance(scalars, $0, limit: best?.distance ?? budget)
                }
                guard let distance else { continue }
                if let current = best, current.distance == distance {
                    if current.index != label.index { ambiguous = true }
                } else {
                    best = (label.index, distance)
                    ambiguous = false
                }
            }
        }
        return ambiguous ? nil : best
    }
}
