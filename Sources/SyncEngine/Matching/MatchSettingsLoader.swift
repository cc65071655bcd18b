import Connectors
import Foundation
import Matching

/// Reads `mappings/match.yaml`: blocking rules, comparisons and their levels, thresholds and cluster limits per
/// entity type, over the code presets (``EntityConfiguration/organization``, ``EntityConfiguration/person``). A
/// section the file leaves out keeps the preset, so a file without `comparisons:` scores as the code does; m/u
/// always come from the data by EM.
///
/// Mistakes name the file, line and key like every other configuration file.
public enum MatchSettingsLoader {
    public static let fileName = "match.yaml"

    /// The presets with `mappings/match.yaml` applied, or the presets alone when the folder has no such file.
    public static func configuration(mappingsDirectory: URL?) throws -> MatchConfiguration {
        guard let url = mappingsDirectory?.appendingPathComponent(fileName),
            FileManager.default.fileExists(atPath: url.path)
        else { return MatchConfiguration() }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigurationFileError(file: url.path, line: nil, column: nil, keyPath: "", message: "cannot read")
        }
        return try load(yaml: text, file: url.path)
    }

    /// The settings in `yaml` applied over `presets` (the code presets unless a caller, such as a test proving the
    /// shipped file equal to them, passes others).
    public static func load(
        yaml: String, file: String, over presets: MatchConfiguration = MatchConfiguration()
    ) throws -> MatchConfiguration {
        let root = try YAMLNodeReader.parse(yaml, file: file)
        var configuration = presets
        for (key, node) in try root.mapping(allowed: ["organization", "person"]) {
            let entity: MatchEntity = key == "organization" ? .organization : .person
            let updated = try apply(node, to: configuration[entity], entity: entity)
            switch entity {
            case .organization: configuration.organization = updated
            case .person: configuration.person = updated
            }
        }
        return configuration
    }

    private static func apply(
        _ node: YAMLNodeReader, to preset: EntityConfiguration, entity: MatchEntity
    ) throws -> EntityConfiguration {
        var configuration = preset
        _ = try node.mapping(allowed: [
            "blocking", "comparisons", "thresholds", "max_cluster_size", "min_average_support",
            "single_record_support",
        ])
        // Blocking may use any attribute the record adapter produces for this entity (address tokens and postcode
        // for persons too); anything else could never pair two records.
        let knownKeys = Set(MatchRecord.standardizedAttributes(of: entity).map(\.rawValue))
        if let blocking = try node.optional("blocking") {
            configuration.blockingRules = try blocking.sequence().map { rule in
                _ = try rule.mapping(allowed: ["edits", "keys", "max_block", "name", "split_by", "unblocked_only"])
                let keysNode = try rule.required("keys")
                let keys = try keysNode.strings()
                guard !keys.isEmpty else { throw keysNode.error("a rule needs at least one key") }
                for key in keys where !knownKeys.contains(key) {
                    throw keysNode.error(
                        "unknown key '\(key)'; expected one of: \(knownKeys.sorted().joined(separator: ", "))")
                }
                let maxBlock = try rule.optional("max_block")?.int() ?? 200
                guard maxBlock >= 2 else { throw rule.error("max_block must be at least 2") }
                var splitBy: MatchAttribute?
                if let splitNode = try rule.optional("split_by") {
                    let key = try splitNode.string()
                    guard knownKeys.contains(key), !keys.contains(key) else {
                        throw splitNode.error(
                            "split_by must be a key the rule does not already use; expected one of: "
                                + knownKeys.subtracting(keys).sorted().joined(separator: ", "))
                    }
                    splitBy = MatchAttribute(rawValue: key)
                }
                var edits: Int?
                if let editsNode = try rule.optional("edits") {
                    edits = try editsNode.int()
                    guard edits == 0 || edits == 1 else { throw editsNode.error("edits must be 0 or 1") }
                    guard edits == 0 || (keys.count == 1 && splitBy == nil) else {
                        throw editsNode.error("edits: 1 needs a rule with one key and no split_by")
                    }
                }
                return BlockingRule(
                    keys.map(MatchAttribute.init(rawValue:)), name: try rule.optional("name")?.string(),
                    maxBlockSize: maxBlock, splitBy: splitBy, edits: edits,
                    unblockedOnly: try rule.optional("unblocked_only")?.bool() ?? false)
            }
            guard !configuration.blockingRules.isEmpty else { throw blocking.error("at least one blocking rule") }
        }
        if let comparisons = try node.optional("comparisons") {
            configuration.comparisons = try Self.comparisons(comparisons, entity: entity, preset: preset)
        }
        if let thresholds = try node.optional("thresholds") {
            _ = try thresholds.mapping(allowed: ["link", "review"])
            let link = try thresholds.optional("link")?.double() ?? configuration.thresholds.upper
            let review = try thresholds.optional("review")?.double() ?? configuration.thresholds.lower
            guard (0...1).contains(link), (0...1).contains(review), review <= link else {
                throw thresholds.error("thresholds are probabilities with review <= link")
            }
            configuration.thresholds = MatchThresholds(upper: link, lower: review)
        }
        if let size = try node.optional("max_cluster_size") {
            let value = try size.int()
            guard value >= 2 else { throw size.error("max_cluster_size must be at least 2") }
            configuration.clustering.maxClusterSize = value
        }
        if let support = try node.optional("min_average_support") {
            let value = try support.double()
            guard (0...1).contains(value) else { throw support.error("min_average_support is a probability") }
            configuration.clustering.minAverageSupport = value
        }
        if let base = try node.optional("single_record_support") {
            let text = try base.string()
            guard let value = ClusteringOptions.SingleRecordSupport(rawValue: text) else {
                throw base.error("single_record_support is `all` or `compared`, not `\(text)`")
            }
            configuration.clustering.singleRecordSupport = value
        }
        return configuration
    }
}
