/// Limits that stop transitive chaining when linked pairs are turned into clusters.
public struct ClusteringOptions: Codable, Sendable, Hashable {
    /// Which cross pairs a single record joining a cluster is averaged over.
    public enum SingleRecordSupport: String, Codable, Sendable, Hashable {
        /// Every member: a member the record was never compared with counts as 0.
        case all
        /// The members blocking compared it with. Organizations need this: a CRM record that carries only its
        /// customer's name meets the members that share a name key, not the ones written in the other script, and a
        /// member it never met is no evidence against it. Persons keep `all`: a person's blocks are wide (employer,
        /// name, contacts), so a member never met mostly *is* someone else (measured in `docs/decisions.md`).
        case compared
    }

    /// Two clusters (together larger than a pair) merge only if the summed match probability of the pairs between
    /// them, divided by |A|·|B|, reaches this value: most cross pairs must themselves look like matches, so one
    /// strong edge cannot glue two groups (average linkage; unscored cross pairs count as 0).
    public var minAverageSupport: Double
    /// No score-based union may create a larger cluster (hard rules and steward decisions may).
    public var maxClusterSize: Int
    /// How a single record joining a cluster is averaged (two groups always use |A|·|B|).
    public var singleRecordSupport: SingleRecordSupport

    public init(minAverageSupport: Double = 0.4, maxClusterSize: Int = 50, singleRecordSupport: SingleRecordSupport = .all) {
        self.minAverageSupport = minAverageSupport
        self.maxClusterSize = maxClusterSize
        self.singleRecordSupport = singleRecordSupport
    }

    enum CodingKeys: String, CodingKey {
        case minAverageSupport, maxClusterSize, singleRecordSupport
    }

    /// Stored configurations from before `singleRecordSupport` read as `.all`, what they were made with.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        minAverageSupport = try container.decode(Double.self, forKey: .minAverageSupport)
        maxClusterSize = try container.decode(Int.self, forKey: .maxClusterSize)
        singleRecordSupport = try container.decodeIfPresent(SingleRecordSupport.self, forKey: .singleRecordSupport) ?? .all
    }
}
