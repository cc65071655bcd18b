import Connectors
import Foundation

/// One golden record: values with their source and rule, "why this value won", accounting facts, members,
/// timeline, and the actions the viewer's role allows.
struct GoldenPage: Sendable {
    struct SourceRef: Sendable {
        let source: String
        let key: String
        let modified: String?
    }

    struct Beaten: Sendable {
        let value: String
        let source: String
        let key: String
        let modified: String
        let reason: String
        let score: String
    }

    struct Override: Sendable {
        let by: String
        let reason: String
    }

    struct Attribute: Sendable {
        let name: String
        let values: [String]
        let source: SourceRef?
        let rule: String
        let tie: String?
        let locked: Bool
        let override: Override?
        let raw: String?
        let beaten: [Beaten]
        let agreed: String?
        let hasWhy: Bool
    }

    struct Fact: Sendable {
        let name: String
        let value: String
    }

    struct Consent: Sendable {
        let label: String
        let `class`: String
        let detail: String
    }

    struct Member: Sendable {
        let ref: String
        let source: String
        let key: String
        let since: String
        let reason: String
        let url: String?
    }

    struct Event: Sendable {
        let version: Int
        let change: String
        let at: String
        let detail: String
    }

    let chrome: Chrome
    let goldenID: String
    let requestedID: String
    let redirected: Bool
    let name: String
    let entity: String
    let status: String
    let state: String
    let deadReason: String?
    let version: Int
    let confirmedAt: String?
    let consent: [Consent]
    let attributes: [Attribute]
    let lockedNames: [String]
    let facts: [Fact]
    let members: [Member]
    let memberCount: Int
    let timeline: [Event]
    let canSteward: Bool
    /// A split needs a record to stay behind.
    let canSplit: Bool
    let canConfirm: Bool
    let csrf: String?

    /// Why a beaten value lost, in words (the lineage stores a code).
    static let reasons: [String: String] = [
        "lower_trust": "lower trust after decay", "lower_priority": "lower source priority", "older": "older",
        "less_frequent": "less frequent", "less_complete": "less complete", "shorter": "shorter",
        "failed_validation": "failed validation", "quarantined": "failed validation (quarantined)",
        "not_accounting": "not from the accounting system", "overridden": "a steward override holds",
        "smaller": "smaller", "larger": "larger", "tie": "tie, broken deterministically",
        "less_restrictive": "less restrictive", "locked": "finance confirmation locks it",
    ]

    static func build(
        detail: GoldenRecordLookup.Detail, history: GoldenRecordLookup.History, recordURLs: [String: String],
        chrome: Chrome, context: APIRequestContext
    ) -> GoldenPage {
        var fields: [String: JSONValue] = [:]
        if case .object(let object) = detail.attributes { fields = object }
        let name =
            ["legal_name", "full_name", "name"].lazy.compactMap { DisplayText.of(fields[$0]).nilIfEmpty }.first
            ?? "golden:\(detail.goldenID)"
        let shown = Set(detail.lineage.keys)
        let order = PairCard.attributeOrder.filter(shown.contains) + shown.subtracting(PairCard.attributeOrder).sorted()
        let attributes = order.map { attribute -> Attribute in
            var lineage: [String: JSONValue] = [:]
            if case .object(let object)? = detail.lineage[attribute] { lineage = object }
            let source = sourceRef(lineage["source"])
            var override: Override?
            if case .object(let details)? = lineage["override"] {
                override = Override(by: DisplayText.of(details["by"]), reason: DisplayText.of(details["reason"]))
            }
            var beaten: [Beaten] = []
            if case .array(let candidates)? = lineage["beaten"] {
                for case .object(let candidate) in candidates {
                    let from = sourceRef(candidate["source"])
                    let code = DisplayText.of(candidate["reason"])
                    var score = ""
                    if case .number(let number)? = candidate["score"] { score = String(format: "%.3f", number) }
                    beaten.append(
                        Beaten(
                            value: DisplayText.of(candidate["value"] ?? candidate["raw"]).nilIfEmpty ?? "(empty)",
                            source: from?.source ?? "", key: from?.key ?? "", modified: from?.modified ?? "",
                            reason: reasons[code] ?? code.replacingOccurrences(of: "_", with: " "), score: score))
                }
            }
            let values = DisplayText.lines(fields[attribute])
            let raw = DisplayText.of(lineage["raw"]).nilIfEmpty
            let agreed = agreedText(lineage["agreed"])
            return Attribute(
                name: attribute, values: values.isEmpty ? [DisplayText.of(lineage["value"])] : values, source: source,
                rule: DisplayText.of(lineage["rule"]), tie: DisplayText.of(lineage["tie_broken_by"]).nilIfEmpty,
                locked: override != nil, override: override, raw: raw, beaten: beaten, agreed: agreed,
                hasWhy: !beaten.isEmpty || override != nil || raw != nil || agreed != nil)
        }
        var facts: [Fact] = []
        if case .object(let object)? = fields["facts"] {
            facts = object.keys.sorted().map { Fact(name: $0, value: DisplayText.of(object[$0])) }
        }
        var consent: [Consent] = []
        if case .object(let channels)? = fields["consent"] {
            for channel in channels.keys.sorted() {
                guard case .object(let state)? = channels[channel] else { continue }
                let optedOut = state["opted_out"] == .bool(true)
                consent.append(
                    Consent(
                        label: optedOut ? "\(channel): opted out" : "\(channel): may contact",
                        class: optedOut ? "out" : "in",
                        detail: [DisplayText.of(state["source"]), DisplayText.of(state["at"])].filter { !$0.isEmpty }
                            .joined(separator: " · ")))
            }
        }
        let principal = context.identity
        let active = detail.state == "active"
        return GoldenPage(
            chrome: chrome, goldenID: detail.goldenID, requestedID: detail.requestedID,
            redirected: detail.requestedID != detail.goldenID, name: name, entity: detail.entity,
            status: detail.status, state: detail.state, deadReason: detail.deadReason, version: detail.version,
            confirmedAt: DisplayText.date(detail.confirmedAt), consent: consent, attributes: attributes,
            lockedNames: attributes.filter(\.locked).map(\.name), facts: facts,
            members: detail.members.map {
                Member(
                    ref: $0.ref, source: $0.source, key: $0.key, since: DisplayText.date($0.since) ?? "",
                    reason: $0.reason, url: recordURL(recordURLs[$0.source], key: $0.key))
            },
            memberCount: detail.members.count,
            timeline: history.versions.reversed().map { version in
                var parts: [String] = []
                if let actor = version.actor { parts.append("by \(actor)") }
                if let run = version.runID { parts.append("run \(run.prefix(8))…") }
                if let count = version.memberCount { parts.append("\(count) member\(count == 1 ? "" : "s")") }
                if !version.related.isEmpty {
                    parts.append("with " + version.related.map { "golden:\($0.prefix(8))…" }.joined(separator: ", "))
                }
                return Event(
                    version: version.version, change: version.change, at: DisplayText.date(version.at) ?? "",
                    detail: parts.joined(separator: " · "))
            },
            canSteward: active && (principal?.role.permits([.steward]) ?? false),
            canSplit: active && detail.members.count > 1 && (principal?.role.permits([.steward]) ?? false),
            canConfirm: active && detail.entity == "organization" && detail.status != "confirmed"
                && (principal?.role.permits([.finance]) ?? false),
            csrf: context.csrfToken)
    }

    /// A member's address in its own system: the source's `record_url` with the key percent-encoded in place of
    /// `{key}`. Only http(s) patterns become links (the loader checks too), so a stored pattern can never be a
    /// `javascript:` link.
    static func recordURL(_ pattern: String?, key: String) -> String? {
        guard let pattern, pattern.lowercased().hasPrefix("https://") || pattern.lowercased().hasPrefix("http://")
        else { return nil }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pattern.replacingOccurrences(
            of: "{key}", with: key.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

    private static func sourceRef(_ value: JSONValue?) -> SourceRef? {
        guard case .object(let source)? = value else { return nil }
        let modified = DisplayText.of(source["modified_at"])
        return SourceRef(
            source: DisplayText.of(source["source"]), key: DisplayText.of(source["key"]),
            modified: modified.isEmpty ? nil : String(modified.prefix(10)))
    }

    private static func agreedText(_ value: JSONValue?) -> String? {
        guard case .array(let items)? = value, !items.isEmpty else { return nil }
        return items.map { item in
            if let ref = sourceRef(item) { return "\(ref.source)/\(ref.key)" }
            return DisplayText.of(item)
        }.joined(separator: ", ")
    }
}
