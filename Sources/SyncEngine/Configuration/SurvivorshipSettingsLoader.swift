import Connectors
import Foundation
import GoldenCore
import Survivorship

/// Reads `mappings/survivorship.yaml` into a ``SurvivorshipConfiguration``; every mistake names the file, line and
/// key like the other configuration files.
///
/// The file is the whole configuration when it exists (an attribute it does not list falls back to `most_recent`,
/// a source it does not list gets `default_trust`), so removing a line means what it says. Without a file the
/// code's ``SurvivorshipConfiguration/standard`` applies, which states the shipped file.
///
/// ```yaml
/// default_trust: 0.5
/// sources:
///   acc_1c: { default: 0.95, accounting: true }
///   sf_a:   { default: 0.65, phone: 0.7 }
/// organization:
///   legal_name: [steward_override, accounting_authoritative, { trust: { decay: { half_life: 365d } } }, most_recent]
///   phone:      [steward_override, { union: { primary: [trust, most_recent] } }]
/// person:
///   email_opt_out: [most_restrictive, most_recent]
/// ```
public enum SurvivorshipSettingsLoader {
    public static let fileName = "survivorship.yaml"

    /// The file in `mappingsDirectory`, or the standard configuration when there is none.
    ///
    /// - Throws: ``ConfigurationFileError`` naming the file, line and key of the first mistake.
    public static func configuration(mappingsDirectory: URL?) throws -> SurvivorshipConfiguration {
        guard let url = mappingsDirectory?.appendingPathComponent(fileName),
            FileManager.default.fileExists(atPath: url.path)
        else { return .standard }
        return try load(contentsOf: url)
    }

    public static func load(contentsOf url: URL) throws -> SurvivorshipConfiguration {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigurationFileError(file: url.path, line: nil, column: nil, keyPath: "", message: "cannot read")
        }
        return try load(yaml: text, file: url.path)
    }

    public static func load(yaml: String, file: String) throws -> SurvivorshipConfiguration {
        let root = try YAMLNodeReader.parse(yaml, file: file)
        _ = try root.mapping(allowed: ["default_trust", "sources", "organization", "person"])
        var configuration = SurvivorshipConfiguration()
        if let node = try root.optional("default_trust") { configuration.defaultTrust = try trust(node) }
        if let sources = try root.optional("sources") {
            for (name, node) in try sources.mapping() {
                configuration.sources[name] = try source(node)
            }
        }
        var accountingRules: [YAMLNodeReader] = []
        for kind in PartyKind.allCases {
            guard let entity = try root.optional(kind.rawValue) else { continue }
            let attributes = GoldenAttribute.attributes(of: kind)
            var table: [GoldenAttribute: [SurvivorshipRule]] = [:]
            for (name, node) in try entity.mapping(allowed: Set(attributes.map(\.rawValue))) {
                let attribute = GoldenAttribute(rawValue: name)!
                table[attribute] = try ruleList(node, attribute: attribute, accountingRules: &accountingRules)
            }
            switch kind {
            case .organization: configuration.organization = table
            case .person: configuration.person = table
            }
        }
        if let first = accountingRules.first, configuration.accountingSources.isEmpty {
            throw first.error("accounting_authoritative needs a source with 'accounting: true' under sources")
        }
        return configuration
    }

    private static func source(_ node: YAMLNodeReader) throws -> SourceTrust {
        let allowed = Set(GoldenAttribute.allCases.map(\.rawValue)).union(["default", "accounting"])
        var entry = SourceTrust(defaultTrust: 0.5)
        var hasDefault = false
        for (key, member) in try node.mapping(allowed: allowed) {
            switch key {
            case "default":
                entry.defaultTrust = try trust(member)
                hasDefault = true
            case "accounting":
                entry.isAccounting = try member.bool()
            default:
                entry.attributes[GoldenAttribute(rawValue: key)!] = try trust(member)
            }
        }
        guard hasDefault else { throw node.error("missing required key 'default' (the source's trust, 0..1)") }
        return entry
    }

    private static func trust(_ node: YAMLNodeReader) throws -> Double {
        let value = try node.double()
        guard (0...1).contains(value) else { throw node.error("trust is a number from 0 to 1") }
        return value
    }

    private static func ruleList(
        _ node: YAMLNodeReader, attribute: GoldenAttribute, accountingRules: inout [YAMLNodeReader]
    ) throws -> [SurvivorshipRule] {
        let nodes = node.isScalar || node.isMapping ? [node] : try node.sequence()
        guard !nodes.isEmpty else { throw node.error("a rule list needs at least one rule") }
        var rules: [SurvivorshipRule] = []
        for (position, ruleNode) in nodes.enumerated() {
            let rule = try self.rule(ruleNode, attribute: attribute, nested: false, accountingRules: &accountingRules)
            if rule == .stewardOverride, position != 0 {
                throw ruleNode.error("steward_override must come first: a steward's value wins until it is unlocked")
            }
            if rules.contains(where: { $0.name == rule.name }) {
                throw ruleNode.error("'\(rule.name)' is listed twice")
            }
            rules.append(rule)
        }
        return rules
    }

    static let ruleNames = [
        "steward_override", "accounting_authoritative", "source_priority", "trust", "most_recent", "most_frequent",
        "most_complete", "longest", "max", "min", "most_restrictive", "union",
    ]

    private static func rule(
        _ node: YAMLNodeReader, attribute: GoldenAttribute, nested: Bool, accountingRules: inout [YAMLNodeReader]
    ) throws -> SurvivorshipRule {
        let name: String
        let argument: YAMLNodeReader?
        if node.isScalar {
            name = try node.string()
            argument = nil
            guard ruleNames.contains(name) else {
                throw node.error("unknown rule '\(name)'; expected one of: \(ruleNames.joined(separator: ", "))")
            }
        } else if node.isMapping {
            let members = try node.mapping(allowed: Set(ruleNames))
            guard members.count == 1 else { throw node.error("a rule with settings is one key: { trust: { … } }") }
            name = members[0].key
            argument = members[0].value
        } else {
            throw node.error("expected a rule name or { rule: settings }")
        }
        switch name {
        case "steward_override", "most_restrictive", "most_recent", "most_frequent", "most_complete", "longest",
            "max", "min", "accounting_authoritative":
            if let argument { throw argument.error("'\(name)' takes no settings") }
            if nested, name == "steward_override" {
                throw node.error("steward_override belongs in the attribute's list, not in union's primary")
            }
            if name == "accounting_authoritative" { accountingRules.append(node) }
            return switch name {
            case "steward_override": .stewardOverride
            case "most_restrictive": .mostRestrictive
            case "most_recent": .mostRecent
            case "most_frequent": .mostFrequent
            case "max": .max
            case "min": .min
            case "accounting_authoritative": .accountingAuthoritative
            default: .mostComplete
            }
        case "source_priority":
            return .sourcePriority(try argument?.strings() ?? [])
        case "trust":
            guard let argument, argument.isMapping else { return .trust(.none) }
            _ = try argument.mapping(allowed: ["decay"])
            guard let decay = try argument.optional("decay") else { return .trust(.none) }
            if decay.isScalar, try decay.string() == "none" { return .trust(.none) }
            let curves = try decay.mapping(allowed: ["half_life", "linear"])
            guard curves.count == 1 else {
                throw decay.error("decay is one of { half_life: 365d } or { linear: 730d }")
            }
            let seconds = try duration(curves[0].value)
            return .trust(curves[0].key == "half_life" ? .halfLife(seconds) : .linear(zeroAfter: seconds))
        default:  // union
            if nested { throw node.error("union cannot be nested") }
            guard attribute.isMultiValued else {
                throw node.error(
                    "union keeps several values; '\(attribute.rawValue)' has one (use it on phone, email, address)")
            }
            guard let argument else { return .union(primary: [.mostRecent]) }
            _ = try argument.mapping(allowed: ["primary"])
            guard let primaryNode = try argument.optional("primary") else { return .union(primary: [.mostRecent]) }
            let nodes = primaryNode.isScalar || primaryNode.isMapping ? [primaryNode] : try primaryNode.sequence()
            guard !nodes.isEmpty else { throw primaryNode.error("primary needs at least one rule") }
            return .union(
                primary: try nodes.map {
                    try rule($0, attribute: attribute, nested: true, accountingRules: &accountingRules)
                })
        }
    }

    /// `365d`, `12h`, `2w`, `1y` (365 days); a bare number is days.
    static func duration(_ node: YAMLNodeReader) throws -> TimeInterval {
        let text = try node.string().trimmingCharacters(in: .whitespaces)
        let units: [Character: Double] = ["h": 3600, "d": 86_400, "w": 7 * 86_400, "y": 365 * 86_400]
        var number = Substring(text)
        var unit = 86_400.0
        if let last = text.last, let seconds = units[last] {
            number = text.dropLast()
            unit = seconds
        }
        guard let value = Double(number), value > 0 else {
            throw node.error("expected a duration such as 365d, 12h, 2w or 1y")
        }
        return value * unit
    }
}
