/// Cluster assignment of every record of a table, and why unions were refused.
public struct Clustering: Codable, Sendable, Hashable {
    /// Cluster id per record: the smallest record index in its cluster (stable for a given input).
    public var clusterOf: [Int32]
    /// Unions refused because they would join a cannot-link pair or two different hard identifiers.
    public var refusedForConstraint: Int
    /// Unions refused because the two groups were not supported by enough cross pairs (anti-chaining).
    public var refusedForSupport: Int
    /// Unions refused by the cluster size cap.
    public var refusedForSize: Int

    /// Size of every cluster, keyed by cluster id.
    public var sizes: [Int32: Int] {
        var sizes: [Int32: Int] = [:]
        for id in clusterOf { sizes[id, default: 0] += 1 }
        return sizes
    }

    public var largestClusterSize: Int { sizes.values.max() ?? 0 }

    /// Members of each cluster with at least `minimumSize` records, clusters ordered by id.
    public func clusters(minimumSize: Int = 1) -> [[Int]] {
        var groups: [Int32: [Int]] = [:]
        for (record, id) in clusterOf.enumerated() { groups[id, default: []].append(record) }
        return groups.keys.sorted().compactMap { groups[$0]!.count >= minimumSize ? groups[$0] : nil }
    }
}
