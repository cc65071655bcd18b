import Foundation

/// One typed, standardized record from one source: what matching and survivorship read.
public struct SourceRecord: Sendable, Codable, Hashable {
    public var ref: SourceRecordRef
    /// The source's own last-modified time for the record.
    public var modifiedAt: Date
    /// The source reported the record as deleted. The record is kept (dead is never deleted) but stops voting.
    public var isDeleted: Bool
    public var party: Party

    public init(ref: SourceRecordRef, modifiedAt: Date, isDeleted: Bool = false, party: Party) {
        self.ref = ref
        self.modifiedAt = modifiedAt
        self.isDeleted = isDeleted
        self.party = party
    }

    public var kind: PartyKind { party.kind }
}
