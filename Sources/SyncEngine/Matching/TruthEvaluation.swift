import Connectors
import Foundation
import Matching

/// Scores clusters against a labelled file: what `golden evaluate --truth truth.csv` reports.
///
/// A truth file is a CSV with a header and the columns `source`, `source_id` and `entity_id` (any other columns are
/// ignored): two records are the same customer exactly when their `entity_id`s are equal. Only records that are
/// both clustered and labelled are scored; the others are counted, so a truth file for part of the data measures
/// that part and says how much it left out.
public enum TruthEvaluation {
    /// The scores of one entity type.
    public struct EntityScore: Codable, Sendable, Hashable {
        public let entity: String
        /// Clustered records that the truth file labels (the records scored).
        public let labelled: Int
        /// Clustered records the truth file does not mention (not scored).
        public let unlabelled: Int
        public let evaluation: ClusterEvaluation
    }

    /// Labels of a CSV keyed by `source/source_id` (``MatchJob/recordID(source:key:)``).
    ///
    /// - Parameter labelColumn: `entity_id` for a truth file, `cluster_id` for the clusters `golden match` writes.
    /// - Throws: ``SyncError`` `invalidLabels` naming the file and line, for a missing column, an empty value or a
    ///   record labelled twice; ``ConnectorError`` for a file that cannot be read as CSV.
    public static func labels(in url: URL, labelColumn: String) throws -> [String: String] {
        let reader = try CSVReader(url: url, source: "evaluate")
        let header = reader.header.map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ name: String) throws -> Int {
            guard let index = header.firstIndex(of: name) else {
                throw SyncError(
                    .invalidLabels, source: nil,
                    message: "\(url.path):\(reader.headerLine): the header has no '\(name)' column "
                        + "(expected source, source_id, \(labelColumn))")
            }
            return index
        }
        let sourceColumn = try column("source")
        let keyColumn = try column("source_id")
        let labelIndex = try column(labelColumn)
        var labels: [String: String] = [:]
        while let result = try reader.next() {
            let row = try result.get()
            func value(_ index: Int, _ name: String) throws -> String {
                let text = index < row.values.count ? row.values[index].trimmingCharacters(in: .whitespaces) : ""
                guard !text.isEmpty else {
                    throw SyncError(
                        .invalidLabels, source: nil, message: "\(url.path):\(row.line): no value in '\(name)'")
                }
                return text
            }
            let id = MatchJob.recordID(source: try value(sourceColumn, "source"), key: try value(keyColumn, "source_id"))
            let label = try value(labelIndex, labelColumn)
            if let earlier = labels[id], earlier != label {
                throw SyncError(
                    .invalidLabels, source: nil,
                    message: "\(url.path):\(row.line): record \(id) is labelled both '\(earlier)' and '\(label)'")
            }
            labels[id] = label
        }
        return labels
    }

    /// Scores one entity type's clusters (`clusterOf[i]` is the cluster of `ids[i]`) against `truth`.
    public static func score(entity: String, ids: [String], clusterOf: [Int], truth: [String: String]) -> EntityScore {
        var predicted: [Int] = []
        var entities: [Int] = []
        var entityNumbers: [String: Int] = [:]
        predicted.reserveCapacity(ids.count)
        entities.reserveCapacity(ids.count)
        for (index, id) in ids.enumerated() {
            guard let label = truth[id] else { continue }
            predicted.append(clusterOf[index])
            let number = entityNumbers[label] ?? entityNumbers.count
            entityNumbers[label] = number
            entities.append(number)
        }
        return EntityScore(
            entity: entity, labelled: predicted.count, unlabelled: ids.count - predicted.count,
            evaluation: ClusterEvaluation.evaluate(predicted: predicted, truth: entities))
    }

    /// Scores clusters read from a file (`source,source_id,cluster_id`, as `golden match --out` writes them), one
    /// score per entity type: `golden match` prefixes organization clusters with `o` and person clusters with `p`.
    public static func score(clusters: [String: String], truth: [String: String]) -> [EntityScore] {
        var byEntity: [String: (ids: [String], clusters: [Int])] = [:]
        var clusterNumbers: [String: Int] = [:]
        for (id, cluster) in clusters.sorted(by: { $0.key < $1.key }) {
            let entity = MatchJob.entity(ofClusterLabel: cluster)?.rawValue ?? "all"
            let number = clusterNumbers[cluster] ?? clusterNumbers.count
            clusterNumbers[cluster] = number
            byEntity[entity, default: ([], [])].ids.append(id)
            byEntity[entity, default: ([], [])].clusters.append(number)
        }
        return byEntity.keys.sorted().map { entity in
            let group = byEntity[entity]!
            return score(entity: entity, ids: group.ids, clusterOf: group.clusters, truth: truth)
        }
    }
}
