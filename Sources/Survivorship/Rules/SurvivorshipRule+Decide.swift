import Foundation
import GoldenCore

/// One candidate in a contest, with everything the rules compare precomputed (trust, accounting, time).
///
/// Only the clean value is a reference; the raw value, issues and source stay in the member and are read when
/// lineage is written, so copying candidates costs one retain.
struct Candidate: Sendable {
    var value: String?
    /// Index of the member in the assembly's member array.
    var member: Int
    /// Index of the value in the member's `values`.
    var valueIndex: Int
    /// Position of the member in `source/id` order: the deterministic tie break, without comparing strings.
    var rank: Int
    /// When the value was recorded: the value's own time if the source gave one, else the record's.
    var at: Date
    /// Configured trust for this source and attribute, before decay.
    var trust: Double
    /// The source's default trust (what `source_priority` without a list ranks by).
    var sourceTrust: Double
    var isAccounting: Bool
}

/// How a contest ended: the winner, what decided, and for every candidate why it lost.
struct Outcome {
    /// Index into the candidates; `nil` when no candidate had a valid value.
    var winner: Int?
    var decider: String
    var tieBrokenBy: String?
    var score: Double?
    /// Per candidate; empty when there was no contest (every valid candidate agreed), which is the common case and
    /// then costs no allocation: ``reason(_:_:)`` derives `failed_validation`.
    var reasons: [LossReason?] = []
    var scores: [Double?] = []

    /// Why the candidate lost; `nil` for the winner and for candidates offering the winning value (they agree).
    func reason(_ index: Int, _ candidates: [Candidate]) -> LossReason? {
        if index == winner { return nil }
        if !reasons.isEmpty, let reason = reasons[index] { return reason }
        return candidates[index].value == nil ? .failedValidation : nil
    }

    func score(_ index: Int) -> Double? { scores.isEmpty ? nil : scores[index] }
}

extension SurvivorshipRule {
    /// Runs `rules` over `candidates`: the first rule that leaves one distinct value decides, earlier rules that only
    /// narrowed keep their reasons for the candidates they removed, and a rule that removed nothing is not credited.
    ///
    /// Invalid values (no clean value) lose before any rule. If several values are left after every rule, the one
    /// from the smallest `source/id` wins and the decider is ``AttributeLineage/Decider/tie``. Among records that
    /// offer the winning value, the most recently changed one (then the smallest id) is credited.
    static func decide(
        _ candidates: [Candidate], rules: [SurvivorshipRule], members: [SurvivorshipMember], now: Date
    ) -> Outcome {
        var outcome = Outcome(winner: nil, decider: AttributeLineage.Decider.noValidValue)
        // No contest (one valid value, however many records offer it): credit the newest, allocate nothing.
        var agreed: Int?
        var contested = false
        for index in candidates.indices {
            guard let value = candidates[index].value else { continue }
            guard let current = agreed else {
                agreed = index
                continue
            }
            if candidates[current].value != value {
                contested = true
                break
            }
            let (a, b) = (candidates[index], candidates[current])
            if a.at > b.at || (a.at == b.at && a.rank < b.rank) { agreed = index }
        }
        guard contested else {
            if let agreed {
                outcome.winner = agreed
                outcome.decider = AttributeLineage.Decider.onlyValue
            }
            return outcome
        }

        outcome.reasons = Array(repeating: nil, count: candidates.count)
        outcome.scores = Array(repeating: nil, count: candidates.count)
        var remaining: [Int] = []
        remaining.reserveCapacity(candidates.count)
        for index in candidates.indices {
            if candidates[index].value == nil {
                outcome.reasons[index] = .failedValidation
            } else {
                remaining.append(index)
            }
        }
        var decided = false
        var measures = [Double](repeating: 0, count: candidates.count)
        for rule in rules {
            guard let reason = rule.measure(remaining, candidates, members, now: now, into: &measures) else { continue }
            let kept: [Int]
            switch rule {
            case .max, .min:
                kept = rule.extremes(remaining, candidates)
            default:
                var best = -Double.infinity
                for index in remaining { best = Swift.max(best, measures[index]) }
                kept = remaining.filter { measures[$0] >= best - 1e-12 }
            }
            guard kept.count < remaining.count, !kept.isEmpty else { continue }
            let reportsScore = rule.reportsScore
            for index in remaining where !kept.contains(index) {
                outcome.reasons[index] = reason
                if reportsScore { outcome.scores[index] = measures[index] }
            }
            remaining = kept
            if distinctValues(remaining, candidates) == 1 {
                decided = true
                outcome.decider = rule.name
                if reportsScore { outcome.score = measures[remaining[0]] }
                break
            }
        }

        let winner: Int
        if decided {
            // All remaining offer one value: credit the newest record, then the smallest id.
            winner = remaining.min { lhs, rhs in
                let (a, b) = (candidates[lhs], candidates[rhs])
                return a.at != b.at ? a.at > b.at : a.rank < b.rank
            }!
        } else {
            winner = remaining.min { candidates[$0].rank < candidates[$1].rank }!
            outcome.decider = AttributeLineage.Decider.tie
            outcome.tieBrokenBy = AttributeLineage.TieBreak.sourceRecordID
        }
        outcome.winner = winner
        let value = candidates[winner].value
        for index in remaining where candidates[index].value != value {
            outcome.reasons[index] = .tieBroken
        }
        return outcome
    }

    /// Fills `measures` (higher is better) for the remaining candidates and returns the reason a loser gets;
    /// `nil` for rules that are not contests (`steward_override`, `union`, handled by the assembler).
    private func measure(
        _ remaining: [Int], _ candidates: [Candidate], _ members: [SurvivorshipMember], now: Date,
        into measures: inout [Double]
    ) -> LossReason? {
        switch self {
        case .stewardOverride, .union:
            return nil
        case .accountingAuthoritative:
            for index in remaining { measures[index] = candidates[index].isAccounting ? 1 : 0 }
            return .notAccounting
        case .sourcePriority(let order):
            for index in remaining {
                if order.isEmpty {
                    measures[index] = candidates[index].sourceTrust
                } else {
                    let position = order.firstIndex(of: members[candidates[index].member].ref.source) ?? order.count
                    measures[index] = Double(-position)
                }
            }
            return .lowerPriority
        case .trust(let decay):
            for index in remaining {
                let candidate = candidates[index]
                measures[index] = candidate.trust * decay.factor(age: now.timeIntervalSince(candidate.at))
            }
            return .lowerTrust
        case .mostRecent:
            for index in remaining { measures[index] = candidates[index].at.timeIntervalSince1970 }
            return .older
        case .mostFrequent:
            for index in remaining {
                let value = candidates[index].value
                var votes = 0
                for other in remaining where candidates[other].value == value { votes += 1 }
                measures[index] = Double(votes)
            }
            return .lessFrequent
        case .mostComplete:
            for index in remaining { measures[index] = Double(candidates[index].value?.unicodeScalars.count ?? 0) }
            return .lessComplete
        case .mostRestrictive:
            for index in remaining { measures[index] = Self.restrictiveness(candidates[index].value) }
            return .lessRestrictive
        case .max:
            return .smaller
        case .min:
            return .larger
        }
    }

    /// `max` and `min` compare values, not a number per candidate: numbers as numbers, other text as text.
    private func extremes(_ remaining: [Int], _ candidates: [Candidate]) -> [Int] {
        var best = candidates[remaining[0]].value ?? ""
        for index in remaining.dropFirst() {
            let value = candidates[index].value ?? ""
            let order = Self.compare(value, best)
            if self == .max ? order > 0 : order < 0 { best = value }
        }
        return remaining.filter { Self.compare(candidates[$0].value ?? "", best) == 0 }
    }

    static func compare(_ lhs: String, _ rhs: String) -> Int {
        if let a = Double(lhs), let b = Double(rhs) { return a < b ? -1 : (a > b ? 1 : 0) }
        return lhs < rhs ? -1 : (lhs > rhs ? 1 : 0)
    }

    /// An opt-out (`true`) over an opt-in; `dead` over `prospect` over `live`; anything else ranks alike.
    static func restrictiveness(_ value: String?) -> Double {
        switch value {
        case "true", "dead": 2
        case "prospect": 1
        default: 0
        }
    }

    /// Scores are for people and are stored: six decimals are plenty and keep the JSON short.
    static func rounded(_ score: Double) -> Double { (score * 1_000_000).rounded() / 1_000_000 }

    /// Rules whose measure means something to a reader (trust after decay, votes, length).
    private var reportsScore: Bool {
        switch self {
        case .trust, .mostFrequent, .mostComplete: true
        case .sourcePriority(let order): order.isEmpty
        default: false
        }
    }

    private static func distinctValues(_ indices: [Int], _ candidates: [Candidate]) -> Int {
        guard let first = indices.first else { return 0 }
        let value = candidates[first].value
        return indices.allSatisfy({ candidates[$0].value == value }) ? 1 : 2
    }
}
