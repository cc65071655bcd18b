import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Matching

/// The review page: the filtered queue on the left, one pair on the right.
struct ReviewPage: Sendable {
    struct Row: Sendable {
        let id: String
        let entity: String
        let percent: String
        let band: String
        let sources: String
        let active: Bool
        let filterQuery: String
    }

    let chrome: Chrome
    let entities: [Option]
    let sources: [Option]
    let bands: [Option]
    let queue: [Row]
    let queueCount: Int
    let card: PairCard?

    /// The score bands of the filter: probability ranges a steward works through.
    static let bandRanges: [(value: String, label: String, range: ClosedRange<Double>?)] = [
        ("", "any score", nil), ("low", "below 50%", 0...0.4999), ("mid", "50–80%", 0.5...0.8),
        ("high", "above 80%", 0.8001...1),
    ]
}

/// One candidate pair, side by side, with its score waterfall: the review page's right half, also served alone
/// to the page's script so the next pair loads without a reload.
struct PairCard: Sendable {
    struct Side: Sendable {
        let source: String
        let key: String
        let goldenID: String?
        let deleted: Bool
    }

    struct AttributeRow: Sendable {
        let name: String
        let left: String
        let right: String
        let differs: Bool
    }

    struct Step: Sendable {
        let comparison: String
        let level: String
        let factor: String
        let tf: String
        let weight: String
        let sign: String
    }

    struct ClusterMember: Sendable {
        let source: String
        let key: String
        let name: String
    }

    struct Edge: Sendable {
        let left: String
        let right: String
        let percent: String
        let band: String
        let status: String
    }

    let id: String
    let title: String
    let entity: String
    let status: String
    let open: Bool
    let modelVersion: Int?
    let percent: String
    let band: String
    let left: Side
    let right: Side
    let rows: [AttributeRow]
    let waterfallSVG: String
    let steps: [Step]
    let prior: String
    let odds: String
    let hardRules: [String]
    let cluster: [ClusterMember]
    let edges: [Edge]
    let canDecide: Bool
    let csrf: String?

    /// The attributes shown first, in this order; any other attribute follows alphabetically.
    static let attributeOrder = [
        "legal_name", "full_name", "name", "legal_form", "inn", "kpp", "ogrn", "national_id", "birth_date",
        "employer", "email", "emails", "phone", "phones", "address", "addresses", "website", "owner", "status",
    ]

    static func build(
        detail: CandidateReview.Detail, members: [UUID: [DashboardRepository.MemberRecord]],
        edges: [(leftID: UUID, rightID: UUID, probability: Double, status: String)], context: APIRequestContext
    ) -> PairCard {
        let explanation = detail.explained
        let leftFields = detail.left.map { DisplayText.fields($0.attributes) } ?? [:]
        let rightFields = detail.right.map { DisplayText.fields($0.attributes) } ?? [:]
        let names = Set(leftFields.keys).union(rightFields.keys).subtracting(["kind", "consent", "facts"])
        let ordered =
            attributeOrder.filter(names.contains) + names.subtracting(attributeOrder).sorted()
        let rows = ordered.map { name in
            let left = DisplayText.of(leftFields[name]), right = DisplayText.of(rightFields[name])
            return AttributeRow(
                name: name.replacingOccurrences(of: "_", with: " "), left: left, right: right,
                differs: left.lowercased() != right.lowercased())
        }
        let steps = explanation?.steps ?? []
        let title = DisplayText.name(of: leftFields) ?? DisplayText.name(of: rightFields) ?? detail.candidate.id
        var refs: [UUID: String] = [:]
        var cluster: [ClusterMember] = []
        for member in members.values.flatMap({ $0 }).sorted(by: { ($0.source, $0.key) < ($1.source, $1.key) }) {
            refs[member.sourceRecordID] = "\(member.source):\(member.key)"
            cluster.append(
                ClusterMember(
                    source: member.source, key: member.key,
                    name: DisplayText.name(of: DisplayText.fields(member.attributesJSON)) ?? ""))
        }
        let principal = context.identity
        return PairCard(
            id: detail.candidate.id, title: title, entity: detail.candidate.entity, status: detail.candidate.status,
            open: detail.candidate.status == "review" || detail.candidate.status == "deferred",
            modelVersion: detail.modelVersion, percent: DisplayText.percent(detail.candidate.probability),
            band: DisplayText.band(detail.candidate.probability),
            left: Side(
                source: detail.left?.source ?? "", key: detail.left?.key ?? "", goldenID: detail.left?.goldenID,
                deleted: detail.left?.deleted ?? false),
            right: Side(
                source: detail.right?.source ?? "", key: detail.right?.key ?? "", goldenID: detail.right?.goldenID,
                deleted: detail.right?.deleted ?? false),
            rows: rows,
            waterfallSVG: SVGChart.waterfall(
                prior: explanation?.log2PriorOdds ?? 0, steps: steps.map { ($0.comparison, $0.log2Weight) },
                total: explanation?.log2Odds ?? 0),
            steps: steps.map { step in
                Step(
                    comparison: step.comparison, level: step.levelLabel,
                    factor: String(format: "%+.2f", step.log2BayesFactor),
                    tf: step.log2TermFrequencyAdjustment == 0 ? "" : String(format: "%+.2f", step.log2TermFrequencyAdjustment),
                    weight: String(format: "%+.2f", step.log2Weight), sign: step.log2Weight >= 0 ? "pos" : "neg")
            },
            prior: String(format: "%+.2f", explanation?.log2PriorOdds ?? 0),
            odds: String(format: "%+.2f", explanation?.log2Odds ?? 0),
            hardRules: explanation?.hardRules ?? [],
            cluster: cluster.count > 2 ? cluster : [],
            edges: cluster.count > 2
                ? edges.map {
                    Edge(
                        left: refs[$0.leftID] ?? $0.leftID.lowercasedText, right: refs[$0.rightID] ?? $0.rightID.lowercasedText,
                        percent: DisplayText.percent($0.probability), band: DisplayText.band($0.probability),
                        status: $0.status)
                } : [],
            canDecide: (principal?.role.permits([.steward]) ?? false)
                && (detail.candidate.status == "review" || detail.candidate.status == "deferred"),
            csrf: context.csrfToken)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
