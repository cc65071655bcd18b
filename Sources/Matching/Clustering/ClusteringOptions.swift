/// Limits that stop transitive chaining when linked pairs are turned into clusters.
public struct ClusteringOptions: Codable, Sendable, Hashable {
    /// Two clusters (together larger than a pair) merge only if the summed match probability of the pairs between
    /// them, divided by |A|·|B|, reaches this value: most cross pairs must themselves look like matches, so one
    /// strong edge cannot glue two groups (average linkage; unscored cross pairs count as 0).
    public var minAverageSupport: Double
    /// No score-based union may create a larger cluster (hard rules and steward decisions may).
    public var maxClusterSize: Int

    public init(minAverageSupport: Double = 0.4, maxClusterSize: Int = 50) {
        self.minAverageSupport = minAverageSupport
        self.maxClusterSize = maxClusterSize
    }
}
