extension ClusterEvaluation {
    /// Figures for the records that carry one tag (a generator's error class, say): which of their true pairs the
    /// clustering found, and how many false pairs it made with them.
    public struct TagFigures: Codable, Sendable, Hashable {
        /// Records carrying the tag.
        public var records: Int
        /// Same-entity pairs with at least one tagged record.
        public var truePairs: Int
        /// Of those, pairs in one predicted cluster.
        public var foundPairs: Int
        /// Pairs in one predicted cluster but of different entities, with at least one tagged record.
        public var falsePairs: Int

        public var recall: Double { truePairs == 0 ? 1 : Double(foundPairs) / Double(truePairs) }

        enum CodingKeys: String, CodingKey {
            case records, recall
            case truePairs = "true_pairs"
            case foundPairs = "found_pairs"
            case falsePairs = "false_pairs"
        }

        public init(records: Int = 0, truePairs: Int = 0, foundPairs: Int = 0, falsePairs: Int = 0) {
            self.records = records
            self.truePairs = truePairs
            self.foundPairs = foundPairs
            self.falsePairs = falsePairs
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            records = try container.decode(Int.self, forKey: .records)
            truePairs = try container.decode(Int.self, forKey: .truePairs)
            foundPairs = try container.decode(Int.self, forKey: .foundPairs)
            falsePairs = try container.decode(Int.self, forKey: .falsePairs)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(records, forKey: .records)
            try container.encode(truePairs, forKey: .truePairs)
            try container.encode(foundPairs, forKey: .foundPairs)
            try container.encode(falsePairs, forKey: .falsePairs)
            try container.encode(recall, forKey: .recall)
        }
    }

    /// Per tag bit (0...31) that some record carries: its `TagFigures`. `tags[i]` is the bit set of record `i`.
    ///
    /// Only the true entities and predicted clusters that hold a tagged record are walked, pair by pair; both are
    /// small (an entity has a few records, a cluster at most `max_cluster_size`), so this stays linear in practice.
    public static func byTag(predicted: [Int32], truth: [Int32], tags: [UInt32]) -> [Int: TagFigures] {
        precondition(predicted.count == truth.count && truth.count == tags.count, "labels and tags differ in length")
        var figures: [Int: TagFigures] = [:]
        for index in tags.indices where tags[index] != 0 {
            for bit in bits(tags[index]) { figures[bit, default: TagFigures()].records += 1 }
        }
        guard !figures.isEmpty else { return [:] }
        // Pairs inside each group (true entity or predicted cluster) that holds a tagged record.
        func walk(groupedBy labels: [Int32], _ visit: (Int, Int, UInt32) -> Void) {
            var members: [Int32: [Int]] = [:]
            var tagged = Set<Int32>()
            for index in labels.indices {
                members[labels[index], default: []].append(index)
                if tags[index] != 0 { tagged.insert(labels[index]) }
            }
            for label in tagged {
                guard let group = members[label] else { continue }
                for i in group.indices {
                    for j in group.indices where j > i {
                        let bits = tags[group[i]] | tags[group[j]]
                        if bits != 0 { visit(group[i], group[j], bits) }
                    }
                }
            }
        }
        walk(groupedBy: truth) { a, b, mask in
            let found = predicted[a] == predicted[b]
            for bit in bits(mask) {
                figures[bit]?.truePairs += 1
                if found { figures[bit]?.foundPairs += 1 }
            }
        }
        walk(groupedBy: predicted) { a, b, mask in
            guard truth[a] != truth[b] else { return }
            for bit in bits(mask) { figures[bit]?.falsePairs += 1 }
        }
        return figures
    }

    /// The set bits of `mask`, lowest first, without an array per pair.
    private static func bits(_ mask: UInt32) -> UnfoldSequence<Int, UInt32> {
        sequence(state: mask) { rest in
            guard rest != 0 else { return nil }
            let bit = rest.trailingZeroBitCount
            rest &= rest - 1
            return bit
        }
    }
}
