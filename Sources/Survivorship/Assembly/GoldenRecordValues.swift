import Foundation
import GoldenCore

/// The surviving values of one golden record with their lineage, and what the domain derives from them: finance
/// status, consent, lifecycle, accounting facts, owners, and proposals for finance.
///
/// Pure output of ``GoldenRecordAssembler/assemble(kind:members:overrides:storedStatus:previous:now:)``; the store
/// writes ``lineage`` as one ``LineageDocument`` to `golden_versions.lineage` and ``attributesJSON`` to
/// `golden_versions.attributes`.
public struct GoldenRecordValues: Sendable, Hashable {
    public var kind: PartyKind
    /// One entry per attribute that has a value or a beaten candidate, in display order; an attribute no member
    /// offered has none.
    public var lineage: [AttributeLineage]
    /// Organizations only: `matched` once any member is from an accounting source, `confirmed` when the caller says
    /// finance confirmed it, else `provisional`.
    public var status: OrganizationStatus?
    public var lifecycle: LifecycleStatus
    /// Why the record is flagged dead (it is kept, never deleted), or `nil` when it is not.
    public var deadReason: DeadReason?
    /// Persons only: the most restrictive choice per channel, with when and where it was made.
    public var consent: GoldenConsent?
    /// Read-only finance facts from the newest accounting member, if any.
    public var accountingFacts: AccountingFacts?
    /// Each member's responsible manager, in `source/id` order (deleted members left out).
    public var owners: [SourceOwner]
    /// The one owner named by the `owner` rule list.
    public var leadOwner: SourceOwner?
    /// Differences on locked legal fields of a confirmed company, for finance to accept or reject.
    public var proposals: [SurvivorshipProposal]

    public init(
        kind: PartyKind, lineage: [AttributeLineage], status: OrganizationStatus? = nil,
        lifecycle: LifecycleStatus = .live, deadReason: DeadReason? = nil, consent: GoldenConsent? = nil,
        accountingFacts: AccountingFacts? = nil, owners: [SourceOwner] = [], leadOwner: SourceOwner? = nil,
        proposals: [SurvivorshipProposal] = []
    ) {
        self.kind = kind
        self.lineage = lineage
        self.status = status
        self.lifecycle = lifecycle
        self.deadReason = deadReason
        self.consent = consent
        self.accountingFacts = accountingFacts
        self.owners = owners
        self.leadOwner = leadOwner
        self.proposals = proposals
    }

    public subscript(attribute: GoldenAttribute) -> AttributeLineage? {
        position(of: attribute).map { lineage[$0] }
    }

    // The accessors below read one field of an entry in place: the subscript copies the whole entry (a dozen
    // references to retain and release), and a full run asks a few million times.

    /// The position of `attribute`'s entry in ``lineage``.
    public func position(of attribute: GoldenAttribute) -> Int? {
        // Through the buffer: `firstIndex(where:)` hands the closure each entry as a copy to retain and release.
        lineage.withUnsafeBufferPointer { entries in
            entries.indices.first { entries[$0].attribute == attribute }
        }
    }

    /// The winning (for a union: primary) clean value of `attribute`.
    public func value(_ attribute: GoldenAttribute) -> String? { position(of: attribute).flatMap { lineage[$0].value } }

    /// The winning value of `attribute` as its source sent it.
    public func raw(_ attribute: GoldenAttribute) -> String? { position(of: attribute).flatMap { lineage[$0].raw } }

    /// The record the winning value of `attribute` came from.
    public func source(_ attribute: GoldenAttribute) -> LineageSource? {
        position(of: attribute).flatMap { lineage[$0].source }
    }

    /// Every kept value of `attribute` (``AttributeLineage/allValues``), none when it has no entry.
    public func allValues(_ attribute: GoldenAttribute) -> [String] {
        position(of: attribute).map { lineage[$0].allValues } ?? []
    }
}

public enum DeadReason: String, Sendable, Hashable, Codable {
    /// The `status` rule chose `dead` (a source marked the prospect dead).
    case sourceSaysDead = "source_says_dead"
    /// Every member record was deleted in its source.
    case allMembersDeleted = "all_members_deleted"
}

/// Consent across the cluster: one opt-out anywhere wins, so "M. Smith" stops getting mail too.
public struct GoldenConsent: Sendable, Hashable {
    public var email: ConsentState?
    public var phone: ConsentState?

    public init(email: ConsentState? = nil, phone: ConsentState? = nil) {
        self.email = email
        self.phone = phone
    }
}

/// One channel's surviving choice, with the time and record of that choice (kept to prove when it was made).
public struct ConsentState: Sendable, Hashable {
    public var optedOut: Bool
    /// When the source recorded the choice (its own time if it sent one, else the record's modified-at).
    public var at: Date
    public var source: LineageSource

    public init(optedOut: Bool, at: Date, source: LineageSource) {
        self.optedOut = optedOut
        self.at = at
        self.source = source
    }
}

/// Facts only accounting knows (receivables, last invoice and payment, contract number); shown read-only.
public struct AccountingFacts: Sendable, Hashable {
    public var source: LineageSource
    public var facts: [String: String]

    public init(source: LineageSource, facts: [String: String]) {
        self.source = source
        self.facts = facts
    }
}

/// A responsible manager in one source.
public struct SourceOwner: Sendable, Hashable, Codable {
    public var source: String
    public var key: String
    public var ownerID: String
    public var name: String?

    public init(source: String, key: String, ownerID: String, name: String? = nil) {
        self.source = source
        self.key = key
        self.ownerID = ownerID
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case source, key, name
        case ownerID = "owner_id"
    }
}

/// A value that would have replaced a locked legal field of a confirmed company; finance accepts or rejects it.
public struct SurvivorshipProposal: Sendable, Hashable, Codable {
    public var attribute: GoldenAttribute
    /// The locked value (nil when the field was empty at confirmation).
    public var current: String?
    public var proposed: String
    public var proposedRaw: String?
    public var source: LineageSource?
    /// The rule that chose the proposed value.
    public var rule: String

    public init(
        attribute: GoldenAttribute, current: String?, proposed: String, proposedRaw: String?, source: LineageSource?,
        rule: String
    ) {
        self.attribute = attribute
        self.current = current
        self.proposed = proposed
        self.proposedRaw = proposedRaw
        self.source = source
        self.rule = rule
    }

    enum CodingKeys: String, CodingKey {
        case attribute, current, proposed, source, rule
        case proposedRaw = "proposed_raw"
    }
}
