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
        let index = clusterIndex(minimumSize: minimumSize)
        var groups = [[Int]](repeating: [], count: index.sizes.count)
        for (cluster, size) in index.sizes.enumerated() { groups[cluster].reserveCapacity(size) }
        for (record, cluster) in index.position.enumerated() where cluster >= 0 { groups[cluster].append(record) }
        return groups
    }

    /// The position of each record's cluster in ``clusters(minimumSize:)`` (-1 for a cluster below
    /// `minimumSize`), and each listed cluster's size.
    ///
    /// Ids are record indices (each cluster's smallest), so counting by id needs arrays only: at 1M records a
    /// dictionary of clusters cost a fifth of a second per entity.
    public func clusterIndex(minimumSize: Int = 1) -> (position: [Int], sizes: [Int]) {
        // Each id as a key in 0..<keys, in id order: the id itself, or for ids from elsewhere (a decoded
        // clustering) its rank among the distinct ids.
        var keyOf = clusterOf.map(Int.init)
        var keys = clusterOf.count
        if !clusterOf.allSatisfy({ $0 >= 0 && Int($0) < keys }) {
            let distinct = Set(clusterOf).sorted()
            let rank = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
            keyOf = clusterOf.map { rank[$0]! }
            keys = distinct.count
        }
        var sizeOf = [Int](repeating: 0, count: keys)
        for key in keyOf { sizeOf[key] += 1 }
        var positionOf = [Int](repeating: -1, count: keys)
        var sizes: [Int] = []
        for key in 0..<keys where sizeOf[key] > 0 && sizeOf[key] >= minimumSize {
            positionOf[key] = sizes.count
            sizes.append(sizeOf[key])
        }
        return (keyOf.map { positionOf[$0] }, sizes)
    }
}
