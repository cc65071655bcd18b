import Foundation
import GoldenCore

/// Builds a golden record's values from its member source records: every attribute decided by its rule list, with
/// lineage, plus status, consent, lifecycle, facts, owners and proposals.
///
/// Pure and `Sendable`: build one per configuration and call it from as many tasks as there are cores. Trust is
/// precomputed per source and attribute, so a record costs a dictionary lookup per member, a sort of its
/// candidates and one small contest per attribute; no JSON and no formatting happen here.
public struct GoldenRecordAssembler: Sendable {
    public let configuration: SurvivorshipConfiguration
    private let sourceRows: [String: SourceRow]
    private let fallbackRow: SourceRow
    /// Rule lists by attribute ordinal, per kind.
    private let organizationRules: [[SurvivorshipRule]]
    private let personRules: [[SurvivorshipRule]]

    /// Trust of one source for every attribute, by ordinal.
    private struct SourceRow: Sendable {
        var trust: [Double]
        var defaultTrust: Double
        var isAccounting: Bool
    }

    public init(configuration: SurvivorshipConfiguration) {
        self.configuration = configuration
        var rows: [String: SourceRow] = [:]
        for (name, entry) in configuration.sources {
            var trust = [Double](repeating: entry.defaultTrust, count: GoldenAttribute.count)
            for (attribute, value) in entry.attributes { trust[attribute.ordinal] = value }
            rows[name] = SourceRow(trust: trust, defaultTrust: entry.defaultTrust, isAccounting: entry.isAccounting)
        }
        sourceRows = rows
        fallbackRow = SourceRow(
            trust: Array(repeating: configuration.defaultTrust, count: GoldenAttribute.count),
            defaultTrust: configuration.defaultTrust, isAccounting: false)
        func table(_ kind: PartyKind) -> [[SurvivorshipRule]] {
            var table = Array(repeating: SurvivorshipConfiguration.fallbackRules, count: GoldenAttribute.count)
            for attribute in GoldenAttribute.allCases {
                table[attribute.ordinal] = configuration.rules(for: kind, attribute)
            }
            return table
        }
        organizationRules = table(.organization)
        personRules = table(.person)
    }

    /// Assembles one golden record.
    ///
    /// - Parameters:
    ///   - kind: organization or person; values of the other kind's attributes are ignored.
    ///   - members: the golden record's current member source records (deleted ones included: they are listed as
    ///     beaten but never vote).
    ///   - overrides: steward overrides in force for this golden record; only attributes whose rule list starts
    ///     with `steward_override` honour them, and the newest override of an attribute wins.
    ///   - storedStatus: the golden record's stored finance status. Only `confirmed` matters here: it locks legal
    ///     name, INN and KPP to their values in `previous`.
    ///   - previous: the values of the current golden version, the locked values of a confirmed company.
    ///   - now: the clock trust decay measures ages against (injected so a run and its tests are repeatable).
    /// - Returns: the values with lineage for every attribute of `kind` that some member offered. Same inputs, same
    ///   output, whatever the order of `members`.
    public func assemble(
        kind: PartyKind, members: [SurvivorshipMember], overrides: [StewardOverride] = [],
        storedStatus: OrganizationStatus? = nil, previous: GoldenRecordValues? = nil, now: Date
    ) -> GoldenRecordValues {
        // Members in `source/id` order: the rank breaks ties without comparing strings again.
        let order = members.indices.sorted { Self.precedes(members[$0].ref, members[$1].ref) }
        var rankOf = [Int](repeating: 0, count: members.count)
        for (rank, index) in order.enumerated() { rankOf[index] = rank }
        let rows = members.map { sourceRows[$0.ref.source] ?? fallbackRow }

        // Candidates grouped by attribute, each group in member rank order.
        var live: [Candidate] = []
        var deleted: [Candidate] = []
        var liveAttribute: [Int] = []
        var deletedAttribute: [Int] = []
        for index in order {
            let member = members[index]
            let row = rows[index]
            for (valueIndex, value) in member.values.enumerated() {
                let candidate = Candidate(
                    value: value.clean, member: index, valueIndex: valueIndex, rank: rankOf[index],
                    at: value.at ?? member.modifiedAt, trust: row.trust[value.attribute.ordinal],
                    sourceTrust: row.defaultTrust, isAccounting: row.isAccounting)
                if member.isDeleted {
                    deleted.append(candidate)
                    deletedAttribute.append(value.attribute.ordinal)
                } else {
                    live.append(candidate)
                    liveAttribute.append(value.attribute.ordinal)
                }
            }
        }

        let rules = kind == .organization ? organizationRules : personRules
        let confirmed = kind == .organization && storedStatus == .confirmed
        var lineage: [AttributeLineage] = []
        lineage.reserveCapacity(12)
        var proposals: [SurvivorshipProposal] = []
        var consent = GoldenConsent()
        var leadOwner: SourceOwner?
        var group: [Candidate] = []
        for attribute in GoldenAttribute.attributes(of: kind) {
            let ordinal = attribute.ordinal
            group.removeAll(keepingCapacity: true)
            for index in live.indices where liveAttribute[index] == ordinal { group.append(live[index]) }
            let attributeRules = rules[ordinal]
            let override =
                attributeRules.first == .stewardOverride
                ? overrides.filter { $0.attribute == attribute }.max { $0.at < $1.at } : nil
            var (entry, winner) = decide(
                attribute, group, rules: attributeRules, override: override, members: members, now: now)
            for index in deleted.indices where deletedAttribute[index] == ordinal {
                entry.beaten.append(lineageCandidate(deleted[index], members, reason: .recordDeleted, score: nil))
            }
            if confirmed, attribute.isLegal {
                entry = lock(entry, previous: previous?[attribute], proposals: &proposals)
                winner = nil
            }
            if attribute == .owner, entry.rule == SurvivorshipRule.stewardOverride.name, let value = entry.value {
                leadOwner = Self.owner(named: value, among: members)
            }
            if let winner {
                let member = members[winner.member]
                switch attribute {
                case .emailOptOut, .phoneOptOut:
                    let state = ConsentState(
                        optedOut: winner.value == "true", at: winner.at, source: source(of: winner.member, members))
                    if attribute == .emailOptOut { consent.email = state } else { consent.phone = state }
                case .owner:
                    if let owner = member.owner {
                        leadOwner = SourceOwner(
                            source: member.ref.source, key: member.ref.id, ownerID: owner.id, name: owner.name)
                    }
                default:
                    break
                }
            }
            // An attribute nobody offered has nothing to explain: no entry, no lineage row to write.
            if entry.value != nil || !entry.beaten.isEmpty { lineage.append(entry) }
        }

        var values = GoldenRecordValues(kind: kind, lineage: lineage, proposals: proposals)
        let voting = members.indices.filter { !members[$0].isDeleted }
        if kind == .organization {
            values.status =
                confirmed ? .confirmed : (voting.contains { rows[$0].isAccounting } ? .matched : .provisional)
        } else if consent.email != nil || consent.phone != nil {
            values.consent = consent
        }
        if !members.isEmpty, voting.isEmpty {
            values.lifecycle = .dead
            values.deadReason = .allMembersDeleted
        } else {
            values.lifecycle = values.value(.status).flatMap(LifecycleStatus.init(rawValue:)) ?? .live
            if values.lifecycle == .dead { values.deadReason = .sourceSaysDead }
        }
        let accounting = voting.filter { rows[$0].isAccounting && !members[$0].facts.isEmpty }
        if let newest = accounting.min(by: { lhs, rhs in
            members[lhs].modifiedAt != members[rhs].modifiedAt
                ? members[lhs].modifiedAt > members[rhs].modifiedAt : rankOf[lhs] < rankOf[rhs]
        }) {
            values.accountingFacts = AccountingFacts(source: source(of: newest, members), facts: members[newest].facts)
        }
        values.owners = order.compactMap { index in
            let member = members[index]
            guard !member.isDeleted, let owner = member.owner else { return nil }
            return SourceOwner(source: member.ref.source, key: member.ref.id, ownerID: owner.id, name: owner.name)
        }
        values.leadOwner = leadOwner
        return values
    }

    /// One attribute's contest and its lineage; the winning candidate is returned for derived outputs.
    private func decide(
        _ attribute: GoldenAttribute, _ candidates: [Candidate], rules: [SurvivorshipRule],
        override: StewardOverride?, members: [SurvivorshipMember], now: Date
    ) -> (AttributeLineage, Candidate?) {
        let primaryRules = rules.lazy.compactMap { rule -> [SurvivorshipRule]? in
            if case .union(let primary) = rule { primary } else { nil }
        }.first

        if let override {
            var entry = AttributeLineage(
                attribute: attribute, value: override.value, raw: override.value, source: nil,
                rule: SurvivorshipRule.stewardOverride.name,
                override: OverrideNote(by: override.by, reason: override.reason, at: override.at))
            if primaryRules != nil {
                var kept = [LineageCandidate(value: override.value, raw: override.value, source: nil, reason: nil)]
                var seen: Set<String> = [override.value]
                for candidate in candidates {
                    guard let value = candidate.value, seen.insert(value).inserted else { continue }
                    kept.append(lineageCandidate(candidate, members, reason: .stewardOverride, score: nil))
                }
                entry.values = kept
            }
            for candidate in candidates where candidate.value == nil || primaryRules == nil {
                entry.beaten.append(
                    lineageCandidate(
                        candidate, members, reason: candidate.value == nil ? .failedValidation : .stewardOverride,
                        score: nil))
            }
            return (entry, nil)
        }

        let outcome = SurvivorshipRule.decide(candidates, rules: primaryRules ?? rules, members: members, now: now)
        guard let winnerIndex = outcome.winner else {
            return (
                AttributeLineage(
                    attribute: attribute, value: nil, raw: nil, source: nil, rule: outcome.decider,
                    beaten: candidates.map { lineageCandidate($0, members, reason: .failedValidation, score: nil) }),
                nil
            )
        }
        let winner = candidates[winnerIndex]
        var entry = AttributeLineage(
            attribute: attribute, value: winner.value, raw: members[winner.member].values[winner.valueIndex].raw,
            source: source(of: winner.member, members),
            rule: outcome.decider, tieBrokenBy: outcome.tieBrokenBy, score: outcome.score)
        if primaryRules != nil {
            // A union keeps each distinct valid value once, credited to its newest record; only invalid values lose.
            var kept = [lineageCandidate(winner, members, reason: nil, score: nil)]
            var seen: Set<String> = [winner.value!]
            for index in candidates.indices {
                guard let value = candidates[index].value, !seen.contains(value) else { continue }
                var best = index
                for other in candidates.indices where candidates[other].value == value {
                    let (a, b) = (candidates[other], candidates[best])
                    if a.at > b.at || (a.at == b.at && a.rank < b.rank) { best = other }
                }
                seen.insert(value)
                kept.append(
                    lineageCandidate(
                        candidates[best], members, reason: outcome.reason(best, candidates),
                        score: outcome.score(best)))
            }
            entry.values = kept
            for index in candidates.indices where candidates[index].value == nil {
                entry.beaten.append(lineageCandidate(candidates[index], members, reason: .failedValidation, score: nil))
            }
        } else {
            for index in candidates.indices where index != winnerIndex {
                if let reason = outcome.reason(index, candidates) {
                    entry.beaten.append(
                        lineageCandidate(candidates[index], members, reason: reason, score: outcome.score(index)))
                } else if candidates[index].member != winner.member {
                    // Candidates are in member order, so a record offering the value twice is listed once.
                    let source = source(of: candidates[index].member, members)
                    if entry.agreed.last != source { entry.agreed.append(source) }
                }
            }
        }
        return (entry, winner)
    }

    /// A confirmed company keeps its legal field; a differing new winner becomes a proposal for finance.
    private func lock(
        _ computed: AttributeLineage, previous: AttributeLineage?, proposals: inout [SurvivorshipProposal]
    ) -> AttributeLineage {
        let lockedValue = previous?.value
        if let proposed = computed.value, proposed != lockedValue {
            proposals.append(
                SurvivorshipProposal(
                    attribute: computed.attribute, current: lockedValue, proposed: proposed,
                    proposedRaw: computed.raw, source: computed.source, rule: computed.rule))
        }
        var entry = AttributeLineage(
            attribute: computed.attribute, value: lockedValue, raw: previous?.raw, source: previous?.source,
            rule: AttributeLineage.Decider.confirmedLock, override: previous?.override)
        if let value = computed.value, value != lockedValue {
            entry.beaten.append(
                LineageCandidate(
                    value: value, raw: computed.raw ?? value, source: computed.source, reason: .confirmedLock,
                    score: computed.score))
        }
        for candidate in computed.beaten where candidate.value == nil || candidate.value != lockedValue {
            var candidate = candidate
            if candidate.reason != .failedValidation, candidate.reason != .recordDeleted {
                candidate.reason = .confirmedLock
            }
            entry.beaten.append(candidate)
        }
        return entry
    }

    private func lineageCandidate(
        _ candidate: Candidate, _ members: [SurvivorshipMember], reason: LossReason?, score: Double?
    ) -> LineageCandidate {
        let offered = members[candidate.member].values[candidate.valueIndex]
        let source = source(of: candidate.member, members)
        return LineageCandidate(
            value: candidate.value, raw: offered.raw, source: source, reason: reason,
            score: score, issues: candidate.value == nil && !offered.issues.isEmpty ? offered.issues : nil)
    }

    private func source(of member: Int, _ members: [SurvivorshipMember]) -> LineageSource {
        let record = members[member]
        return LineageSource(
            source: record.ref.source, key: record.ref.id, modifiedAt: record.modifiedAt, recordID: record.recordID)
    }

    /// The owner a steward named as `source/owner id`, with the record and name of a member that has that owner.
    static func owner(named value: String, among members: [SurvivorshipMember]) -> SourceOwner? {
        guard let slash = value.firstIndex(of: "/") else { return nil }
        let source = String(value[..<slash])
        let ownerID = String(value[value.index(after: slash)...])
        let member = members.filter { $0.ref.source == source && $0.owner?.id == ownerID }
            .min { precedes($0.ref, $1.ref) }
        return SourceOwner(source: source, key: member?.ref.id ?? "", ownerID: ownerID, name: member?.owner?.name)
    }

    static func precedes(_ lhs: SourceRecordRef, _ rhs: SourceRecordRef) -> Bool {
        lhs.source != rhs.source ? lhs.source < rhs.source : lhs.id < rhs.id
    }
}
