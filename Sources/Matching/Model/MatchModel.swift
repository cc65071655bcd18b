import Foundation

/// Fellegi-Sunter parameters for one entity kind: the prior λ and m/u per comparison level, plus the term
/// frequency tables used in training. `Codable` so the store can persist and version each trained model.
public struct MatchModel: Codable, Sendable, Hashable {
    public struct Level: Codable, Sendable, Hashable {
        public var label: String
        /// P(level | match).
        public var m: Double
        /// P(level | non-match).
        public var u: Double
        public var termFrequencyAdjusted: Bool

        /// log2 of the Bayes factor m/u.
        public var log2BayesFactor: Double { log2(m / u) }
    }

    public struct ComparisonParameters: Codable, Sendable, Hashable {
        public var name: String
        /// Levels in order; the last one is "else".
        public var levels: [Level]
        public var termFrequencyMinimum: Double
    }

    public var entity: MatchEntity
    /// Probability that two records drawn at random are the same entity.
    public var lambda: Double
    public var comparisons: [ComparisonParameters]
    /// Term frequency tables (attribute → value → frequency) of the training data, for audit; only values seen in
    /// at least two records are kept (a singleton's frequency is 1 / records).
    public var termFrequencies: [String: [String: Double]]
    /// Records carrying each TF-adjusted attribute at training: a value absent from ``termFrequencies`` had
    /// frequency `1 / termFrequencyDenominators[attribute]` (it was seen once, or not at all).
    ///
    /// With it, scoring takes term frequencies from the model, not from the data being scored, so a pair's score
    /// is a function of the pair and the model alone: an incremental run scores a pair exactly as a full run would,
    /// and a stored explanation stays true. `nil` for models stored before it existed, which score with the
    /// frequencies of the data at hand.
    public var termFrequencyDenominators: [String: Int]?
    /// Diagnostics of the EM sessions (one per training rule).
    public var training: [TrainingSession]

    public struct TrainingSession: Codable, Sendable, Hashable {
        public var rule: String
        public var pairs: Int
        public var iterations: Int
        public var converged: Bool
        public var fixedComparisons: [String]
        /// Share of the session's blocked pairs EM considered matches.
        public var matchProportion: Double
    }

    /// log2 of the prior odds λ / (1 − λ), the starting point of every waterfall.
    public var log2PriorOdds: Double { log2(lambda / (1 - lambda)) }
}

extension MatchModel {
    enum CodingKeys: String, CodingKey {
        case entity, lambda, comparisons, termFrequencies, termFrequencyDenominators, training
    }

    /// Each attribute's term frequencies are stored as one string (``encodeFrequencies(_:)``), not as a JSON
    /// object: a run reads the stored model before it scores, and decoding the organizations' 560k values as a
    /// keyed container took two thirds of a CPU-second. A model stored in the object form decodes as before.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        entity = try container.decode(MatchEntity.self, forKey: .entity)
        lambda = try container.decode(Double.self, forKey: .lambda)
        comparisons = try container.decode([ComparisonParameters].self, forKey: .comparisons)
        termFrequencyDenominators = try container.decodeIfPresent([String: Int].self, forKey: .termFrequencyDenominators)
        training = try container.decode([TrainingSession].self, forKey: .training)
        let tables = try container.decode([String: StoredFrequencies].self, forKey: .termFrequencies)
        var frequencies: [String: [String: Double]] = [:]
        for (attribute, table) in tables {
            switch table {
            case .object(let values):
                frequencies[attribute] = values
            case .packed(let text):
                guard let values = Self.decodeFrequencies(text) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .termFrequencies, in: container,
                        debugDescription: "term frequencies of \(attribute) are not in the packed form")
                }
                frequencies[attribute] = values
            }
        }
        termFrequencies = frequencies
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entity, forKey: .entity)
        try container.encode(lambda, forKey: .lambda)
        try container.encode(comparisons, forKey: .comparisons)
        try container.encode(termFrequencies.mapValues(Self.encodeFrequencies), forKey: .termFrequencies)
        try container.encodeIfPresent(termFrequencyDenominators, forKey: .termFrequencyDenominators)
        try container.encode(training, forKey: .training)
    }

    /// One attribute's table as stored: the packed string, or the object of models stored before it.
    private enum StoredFrequencies: Decodable {
        case packed(String)
        case object([String: Double])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .packed(text)
            } else {
                self = .object(try container.decode([String: Double].self))
            }
        }
    }

    /// A table as `<UTF-8 length>:<value><frequency>;` per value, in the dictionary's order (as the object form
    /// was). The length prefix lets a value hold any character; a frequency is Swift's shortest round-trip form, so
    /// it decodes to the same `Double`.
    static func encodeFrequencies(_ table: [String: Double]) -> String {
        var text = ""
        for (value, frequency) in table {
            text += "\(value.utf8.count):\(value)\(frequency);"
        }
        return text
    }

    /// Walks a table of ``encodeFrequencies(_:)``'s form, handing `body` each value's and frequency's byte range;
    /// false when the text is not in that form or `body` refused an entry.
    private static func walkFrequencies(
        _ bytes: UnsafeBufferPointer<UInt8>, _ body: (_ value: Range<Int>, _ frequency: Range<Int>) -> Bool
    ) -> Bool {
        let colon = UInt8(ascii: ":"), semicolon = UInt8(ascii: ";"), zero = UInt8(ascii: "0")
        var at = 0
        while at < bytes.count {
            var length = 0
            var digits = 0
            while at < bytes.count, bytes[at] != colon {
                let digit = Int(bytes[at]) - Int(zero)
                guard (0...9).contains(digit), digits < 9 else { return false }
                length = length * 10 + digit
                digits += 1
                at += 1
            }
            guard digits > 0, at < bytes.count, bytes.count - at - 1 >= length else { return false }
            let valueStart = at + 1
            at = valueStart + length
            let frequencyStart = at
            while at < bytes.count, bytes[at] != semicolon { at += 1 }
            guard at < bytes.count, body(valueStart..<(valueStart + length), frequencyStart..<at) else { return false }
            at += 1
        }
        return true
    }

    /// The table of ``encodeFrequencies(_:)``'s form, or `nil` when `text` is not in it.
    static func decodeFrequencies(_ text: String) -> [String: Double]? {
        var text = text
        return text.withUTF8 { bytes -> [String: Double]? in
            // Counted first, so the table is allocated once: grown by doubling, its rehashing was two thirds of
            // the decode (half a million values for the organizations' names).
            var count = 0
            guard walkFrequencies(bytes, { _, _ in count += 1; return true }) else { return nil }
            var table: [String: Double] = [:]
            table.reserveCapacity(count)
            func text(_ range: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            }
            let whole = walkFrequencies(bytes) { value, frequency in
                guard let number = Double(text(frequency)) else { return false }
                table[text(value)] = number
                return true
            }
            return whole ? table : nil
        }
    }
}

extension MatchModel {
    /// Whether the model was trained for exactly these comparisons and levels (names and labels, in order).
    ///
    /// A model stored by an earlier version, or before `match.yaml`'s comparisons changed, has other levels; scoring
    /// with it would index weights that do not exist. Such a model is retrained, never used.
    public func fits(_ configuration: EntityConfiguration) -> Bool {
        guard comparisons.count == configuration.comparisons.count else { return false }
        return zip(comparisons, configuration.comparisons).allSatisfy { stored, comparison in
            stored.name == comparison.name && stored.levels.count == comparison.levelCount
                && zip(stored.levels, comparison.levels).allSatisfy { $0.label == $1.label }
        }
    }
}

