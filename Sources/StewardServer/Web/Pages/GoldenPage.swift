import Connectors
import Foundation
import Survivorship

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

    static func build(
        detail: GoldenRecordLookup.Detail, history: GoldenRecordLookup.History, recordURLs: [String: String],
        chrome: Chrome, context: APIRequestContext
    ) -> GoldenPage {
        let fields = DisplayText.fields(detail.attributes)
        let name = DisplayText.name(of: fields) ?? "golden:\(detail.goldenID)"
        let byName = Dictionary(detail.entries.map { ($0.attribute.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
        let order = PairCard.attributeOrder.filter { byName[$0] != nil }
            + byName.keys.filter { !PairCard.attributeOrder.contains($0) }.sorted()
        let attributes = order.compactMap { name -> Attribute? in
            guard let entry = byName[name] else { return nil }
            let override = entry.override.map { Override(by: $0.by, reason: $0.reason) }
            let beaten = entry.beaten.map { candidate in
                Beaten(
                    value: (candidate.value ?? candidate.raw).nilIfEmpty ?? "(empty)",
                    source: candidate.source?.source ?? "", key: candidate.source?.key ?? "",
                    modified: candidate.source.map { DisplayText.day($0.modifiedAt) } ?? "",
                    reason: candidate.reason?.words ?? "", score: candidate.score.map { String(format: "%.3f", $0) } ?? "")
            }
            let values = DisplayText.lines(fields[name])
            let raw = entry.raw.flatMap { $0 == entry.value ? nil : $0 }
            let agreed = entry.agreed.isEmpty ? nil : entry.agreed.map { "\($0.source)/\($0.key)" }.joined(separator: ", ")
            return Attribute(
                name: name, values: values.isEmpty ? [entry.value ?? ""] : values,
                source: entry.source.map { SourceRef(source: $0.source, key: $0.key, modified: DisplayText.day($0.modifiedAt)) },
                rule: entry.rule, tie: entry.tieBrokenBy, locked: override != nil, override: override, raw: raw,
                beaten: beaten, agreed: agreed, hasWhy: !beaten.isEmpty || override != nil || raw != nil || agreed != nil)
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
}
