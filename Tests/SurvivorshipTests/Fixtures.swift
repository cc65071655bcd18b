import Foundation
import GoldenCore
import Survivorship

/// Builders for members and a fixed clock, so each test states only what it is about.
enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    static let day: TimeInterval = 86_400

    static func member(
        _ source: String, _ id: String, daysAgo: Double = 0, deleted: Bool = false, owner: String? = nil,
        facts: [String: String] = [:], _ values: [MemberValue]
    ) -> SurvivorshipMember {
        SurvivorshipMember(
            ref: SourceRecordRef(source: source, id: id), modifiedAt: now.addingTimeInterval(-daysAgo * day),
            isDeleted: deleted, values: values, owner: owner.map { Owner(id: $0, name: "Manager \($0)") }, facts: facts)
    }

    static func value(_ attribute: GoldenAttribute, _ clean: String?, raw: String? = nil) -> MemberValue {
        MemberValue(attribute, raw: raw ?? clean ?? "?", clean: clean, issues: clean == nil ? ["x.invalid"] : [])
    }

    static func assembler(_ configuration: SurvivorshipConfiguration = .standard) -> GoldenRecordAssembler {
        GoldenRecordAssembler(configuration: configuration)
    }

    /// A configuration with one rule list for one attribute and the standard sources.
    static func rules(
        _ rules: [SurvivorshipRule], for attribute: GoldenAttribute, kind: PartyKind = .organization
    ) -> SurvivorshipConfiguration {
        var configuration = SurvivorshipConfiguration.standard
        switch kind {
        case .organization: configuration.organization[attribute] = rules
        case .person: configuration.person[attribute] = rules
        }
        return configuration
    }
}

/// SplitMix64: a seeded generator, so a random test fails the same way every time.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
