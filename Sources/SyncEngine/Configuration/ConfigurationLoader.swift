import Connectors
import Foundation

/// Reads and validates `golden.yaml`; every mistake names the file, line and key.
///
/// ```yaml
/// sources:
///   - name: sf_a
///     kind: salesforce
///     location: https://example.my.salesforce.com
///     mapping: mappings/salesforce.yaml
///     credentials: { token: SF_A_TOKEN }
///     schedule: 15m            # or a cron expression, in UTC: "0 2 * * *"
///   - name: acc_1c
///     kind: 1c-xml
///     location: drop/1c
///     mapping: mappings/1c.yaml
/// match: { upper_threshold: 0.95, lower_threshold: 0.7 }
/// schedule: { interval: 15m }
/// ```
public enum ConfigurationLoader {
    public static func load(contentsOf url: URL) throws -> GoldenConfiguration {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigurationFileError(
                file: url.path, line: nil, column: nil, keyPath: "", message: "cannot read the file (does it exist?)")
        }
        return try load(yaml: text, file: url)
    }

    public static func load(yaml: String, file: URL) throws -> GoldenConfiguration {
        let root = try YAMLNodeReader.parse(yaml, file: file.path)
        _ = try root.mapping(allowed: ["sources", "match", "schedule"])
        let base = file.deletingLastPathComponent()
        var sources: [SourceConfiguration] = []
        if let sourcesNode = try root.optional("sources") {
            for node in try sourcesNode.sequence() {
                let source = try readSource(node, base: base)
                if sources.contains(where: { $0.name == source.name }) {
                    throw try node.required("name").error("duplicate source name '\(source.name)'")
                }
                sources.append(source)
            }
        }
        var match = GoldenConfiguration.MatchSettings()
        if let matchNode = try root.optional("match") {
            _ = try matchNode.mapping(allowed: ["upper_threshold", "lower_threshold"])
            if let node = try matchNode.optional("upper_threshold") { match.upperThreshold = try probability(node) }
            if let node = try matchNode.optional("lower_threshold") { match.lowerThreshold = try probability(node) }
            if match.lowerThreshold > match.upperThreshold {
                throw matchNode.error("lower_threshold must not be above upper_threshold")
            }
        }
        var interval = Duration.seconds(15 * 60)
        if let scheduleNode = try root.optional("schedule") {
            _ = try scheduleNode.mapping(allowed: ["interval"])
            if let node = try scheduleNode.optional("interval") { interval = try duration(node) }
        }
        return GoldenConfiguration(sources: sources, match: match, scheduleInterval: interval, file: file)
    }

    private static func readSource(_ node: YAMLNodeReader, base: URL) throws -> SourceConfiguration {
        _ = try node.mapping(
            allowed: ["name", "kind", "location", "mapping", "credentials", "schedule", "entities", "record_url"])
        let nameNode = try node.required("name")
        let name = try nameNode.string()
        let validName = name.count <= 63 && name.first.map { ("a"..."z").contains($0) } == true
            && name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        guard validName else {
            throw nameNode.error("source names use lowercase letters, digits, '_' and '-' and start with a letter")
        }
        let kindNode = try node.required("kind")
        guard let kind = SourceConfiguration.Kind(rawValue: try kindNode.string()) else {
            throw kindNode.error(
                "unknown kind; expected one of: \(SourceConfiguration.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let locationNode = try node.required("location")
        var location = try locationNode.string()
        if [.oneCXML, .csv, .xlsx].contains(kind), !location.hasPrefix("/") {
            location = base.appendingPathComponent(location).standardizedFileURL.path
        }
        let mappingNode = try node.required("mapping")
        let mappingURL = resolve(try mappingNode.string(), base: base)
        guard FileManager.default.fileExists(atPath: mappingURL.path) else {
            throw mappingNode.error("mapping file \(mappingURL.path) does not exist")
        }
        let mapping = try MappingLoader.load(contentsOf: mappingURL)
        var credentials: [String: String] = [:]
        if let credentialsNode = try node.optional("credentials") {
            for (role, variableNode) in try credentialsNode.mapping() {
                let variable = try variableNode.string()
                guard variable.first.map({ $0.isLetter || $0 == "_" }) == true,
                    variable.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
                else {
                    throw variableNode.error(
                        "credentials name environment variables (like SF_A_TOKEN), never the secret itself")
                }
                credentials[role] = variable
            }
        }
        var entities = CanonicalField.Entity.allCases.filter { mapping.entities[$0] != nil }
        if let entitiesNode = try node.optional("entities") {
            entities = try entitiesNode.strings().map { text in
                guard let entity = CanonicalField.Entity(rawValue: text), mapping.entities[entity] != nil else {
                    throw entitiesNode.error("'\(text)' is not an entity the mapping maps")
                }
                return entity
            }
        }
        var schedule: (interval: Duration?, cron: CronSchedule?)?
        if let scheduleNode = try node.optional("schedule") {
            let text = try scheduleNode.string()
            if let interval = try? duration(scheduleNode) {
                schedule = (interval, nil)
            } else {
                do {
                    schedule = (nil, try CronSchedule(text))
                } catch let error as CronSchedule.ParseError {
                    throw scheduleNode.error("a schedule is a duration (15m, 2h) or a cron expression: \(error.message)")
                }
            }
        }
        var recordURL: String?
        if let urlNode = try node.optional("record_url") {
            let pattern = try urlNode.string()
            let lower = pattern.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), pattern.contains("{key}") else {
                throw urlNode.error("record_url is an http(s) address with {key} where the record's key goes")
            }
            recordURL = pattern
        }
        return SourceConfiguration(
            name: name, kind: kind, location: location, mapping: mapping, credentials: credentials,
            schedule: schedule?.interval, cron: schedule?.cron, entities: entities, recordURL: recordURL)
    }

    private static func resolve(_ path: String, base: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path).standardizedFileURL
    }

    private static func probability(_ node: YAMLNodeReader) throws -> Double {
        let value = try node.double()
        guard (0...1).contains(value) else { throw node.error("a probability between 0 and 1") }
        return value
    }

    /// `30s`, `15m`, `2h`, `1d`.
    static func duration(_ node: YAMLNodeReader) throws -> Duration {
        let text = try node.string()
        guard let unit = text.last, let amount = Int(text.dropLast()), amount > 0 else {
            throw node.error("durations look like 30s, 15m, 2h or 1d")
        }
        switch unit {
        case "s": return .seconds(amount)
        case "m": return .seconds(amount * 60)
        case "h": return .seconds(amount * 3600)
        case "d": return .seconds(amount * 86400)
        default: throw node.error("durations look like 30s, 15m, 2h or 1d")
        }
    }
}
